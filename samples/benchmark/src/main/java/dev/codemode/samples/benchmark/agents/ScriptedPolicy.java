package dev.codemode.samples.benchmark.agents;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The deterministic policy of the tool-calling agents: a task's script, run so that each tool call it
 * makes becomes one round trip of the model (the call as output, its real result into the history)
 * and the script's logic stands for what the model works out between calls. The script sees exactly
 * the text the model would see, parsed back. The same script is what the Code Mode agent sends to
 * {@code executeToolCode}, so all agents follow one policy.
 */
final class ScriptedPolicy implements AutoCloseable {

    /** Makes one tool call as a model turn; returns the tool message text. */
    interface Turn {
        String call(ToolDescriptor tool, Map<String, Object> arguments);
    }

    private final CodeMode engine;
    private volatile Turn turn;

    ScriptedPolicy(List<ToolSource> sources) {
        List<ToolSource> routed = sources.stream().map(this::routed).toList();
        engine = CodeMode.builder().toolSources(routed).approvalPolicy(ApprovalPolicy.autoExecuteAll())
                .limits(Limits.builder().maxToolCalls(1_000).timeout(Duration.ofMinutes(2)).build()).build();
    }

    /** One call of a traced run, with the text of its result. */
    record Traced(ToolDescriptor tool, Map<String, Object> arguments, String result) {
    }

    /** A script's run with real results: its calls in order, and its outcome. */
    record Trace(List<Traced> calls, ExecutionResult outcome) {
    }

    /** Runs {@code script} once for real, each call through {@code executor}, and records the calls. */
    Trace trace(String script, Turn executor) {
        List<Traced> calls = new ArrayList<>();
        ExecutionResult outcome = run(script, (tool, args) -> {
            String result = executor.call(tool, args);
            calls.add(new Traced(tool, args, result));
            return result;
        });
        return new Trace(List.copyOf(calls), outcome);
    }

    /** Most calls a trace may have for its steps to be found call by call; longer traces keep their order. */
    static final int MAX_PAIRWISE = 24;
    /** Steps already worked out, by script and trace: every agent and method replays the same runs. */
    private static final Map<String, List<Integer>> LEVELS = new ConcurrentHashMap<>();

    /**
     * The traced calls grouped into the steps a model issues them in. With {@code parallel}, a call
     * goes in the step after the last call it needs a result of, so a step holds every call whose
     * inputs are known by then (in trace order). Call k needs call j's result when one of k's argument
     * values occurs in that result (unless the script itself writes it), or when the script, replayed
     * with j's result changed in one of two ways that keep its keys ({@link #changed}: numbers negated
     * or scaled, strings altered, booleans flipped, lists reversed or emptied), makes another call in
     * k's place or ends without it. A replay that fails on a changed value says nothing either way.
     * A trace longer than {@value #MAX_PAIRWISE} calls is cut into steps in its own order, each call
     * joining the step until one needs a result of it. Without {@code parallel}, each call is its own
     * step.
     */
    List<List<Traced>> steps(String script, Trace trace, boolean parallel) {
        List<Traced> calls = trace.calls();
        List<List<Traced>> steps = new ArrayList<>();
        if (!parallel) {
            calls.forEach(c -> steps.add(List.of(c)));
            return steps;
        }
        StringBuilder key = new StringBuilder(script);
        calls.forEach(c -> key.append('\u0000').append(c.tool().qualifiedName()).append(c.arguments())
                .append(c.result()));
        List<Integer> levels = LEVELS.computeIfAbsent(key.toString(), k -> levels(script, calls));
        for (int i = 0; i < calls.size(); i++) {
            int level = levels.get(i);
            while (steps.size() <= level) {
                steps.add(new ArrayList<>());
            }
            steps.get(level).add(calls.get(i));
        }
        return steps;
    }

    /** Each call's step, from 0. */
    private List<Integer> levels(String script, List<Traced> calls) {
        // each call's result values, and its argument values the script does not write itself: once per trace
        List<Set<String>> produced = new ArrayList<>();
        List<Set<String>> passed = new ArrayList<>();
        for (Traced call : calls) {
            Set<String> results = new HashSet<>();
            leaves(JsonValues.parseOrText(call.result()), results);
            produced.add(results);
            Set<String> arguments = new HashSet<>();
            leaves(call.arguments(), arguments);
            arguments.removeIf(script::contains);
            passed.add(arguments);
        }
        List<Integer> levels = new ArrayList<>();
        if (calls.size() > MAX_PAIRWISE) {
            int level = 0;
            int start = 0;
            for (int k = 0; k < calls.size(); k++) {
                for (int j = start; j < k; j++) {
                    if (needs(script, calls, j, k, produced.get(j), passed.get(k))) {
                        level++;
                        start = k;
                        break;
                    }
                }
                levels.add(level);
            }
            return levels;
        }
        for (int k = 0; k < calls.size(); k++) {
            int level = 0;
            for (int j = 0; j < k; j++) {
                if (levels.get(j) + 1 > level && needs(script, calls, j, k, produced.get(j), passed.get(k))) {
                    level = levels.get(j) + 1;
                }
            }
            levels.add(level);
        }
        return levels;
    }

    /**
     * Whether call {@code k} needs the result of call {@code j}; {@code produced}: the values of j's
     * result, {@code passed}: k's argument values that the script does not write itself.
     */
    private boolean needs(String script, List<Traced> calls, int j, int k, Set<String> produced,
            Set<String> passed) {
        if (passed.stream().anyMatch(produced::contains)) {
            return true;
        }
        for (int variant = 1; variant <= 2; variant++) {
            int v = variant;
            int[] index = {0};
            int[] outcome = {0}; // 1: made as traced, -1: another call in its place
            ExecutionResult replay = run(script, (tool, args) -> {
                int i = index[0]++;
                if (i == k) {
                    boolean same = calls.get(k).tool().qualifiedName().equals(tool.qualifiedName())
                            && calls.get(k).arguments().equals(args);
                    outcome[0] = same ? 1 : -1;
                    return "error: the step ends here";
                }
                if (i > k) {
                    return "error: the step ends here";
                }
                return i == j ? changed(calls.get(j).result(), v) : calls.get(i).result();
            });
            if (outcome[0] < 0 || outcome[0] == 0 && replay.isSuccess()) {
                return true;
            }
        }
        return false;
    }

    /** The scalar values in {@code value}, as text. */
    private static void leaves(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> leaves(v, out));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> leaves(v, out));
        } else if (value instanceof String || value instanceof Number) {
            out.add(String.valueOf(value));
        }
    }

    /** A tool message with its values changed and its keys kept; errors stay as they are. */
    static String changed(String result, int variant) {
        if (result.startsWith("error: ")) {
            return result;
        }
        Object value = JsonValues.parseOrText(result);
        Object out = change(value, variant);
        return value instanceof String && out instanceof String text ? text : JsonValues.write(out);
    }

    private static Object change(Object value, int variant) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), change(v, variant)));
            return out;
        }
        if (value instanceof List<?> list) {
            if (variant == 2) {
                return List.of();
            }
            List<Object> out = new ArrayList<>();
            for (int i = list.size() - 1; i >= 0; i--) {
                out.add(change(list.get(i), variant));
            }
            return out;
        }
        if (value instanceof String text) {
            return text + "~" + variant;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            return variant == 1 ? -n - 1 : n * 3 + 2;
        }
        if (value instanceof Number n) {
            return variant == 1 ? -n.doubleValue() - 1 : n.doubleValue() * 3 + 2;
        }
        return value;
    }

    /** Bills {@code steps} as model turns, each call named by {@code name}, with the recorded results. */
    static void bill(Conversation conversation, List<List<Traced>> steps,
            Function<ToolDescriptor, String> name) {
        for (List<Traced> step : steps) {
            Map<Conversation.Call, String> results = new IdentityHashMap<>();
            List<Conversation.Call> calls = new ArrayList<>();
            for (Traced t : step) {
                Conversation.Call call = new Conversation.Call(name.apply(t.tool()), t.arguments());
                calls.add(call);
                results.put(call, t.result());
            }
            conversation.step(calls, results::get);
        }
    }

    /** Runs a script with each tool call going through {@code turn}. */
    synchronized ExecutionResult run(String script, Turn turn) {
        this.turn = turn;
        try {
            return engine.execute(script, CallContext.anonymous());
        } finally {
            this.turn = null;
        }
    }

    private ToolSource routed(ToolSource real) {
        List<ToolDescriptor> tools = real.listTools();
        return new ToolSource() {
            @Override
            public String serverName() {
                return real.serverName();
            }

            @Override
            public List<ToolDescriptor> listTools() {
                return tools;
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                ToolDescriptor d = tools.stream().filter(t -> t.name().equals(toolName)).findFirst().orElseThrow();
                String text = turn.call(d, arguments);
                return text.startsWith("error: ") ? ToolResult.error(text.substring(7))
                        : ToolResult.of(JsonValues.parseOrText(text));
            }
        };
    }

    @Override
    public void close() {
        engine.close();
    }
}
