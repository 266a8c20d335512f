package dev.codemode.samples.benchmark.live;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.TokenBenchmark;
import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.Method;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.agents.Toolbox;
import dev.codemode.samples.benchmark.agents.ToolSearchAgent;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RoundResult;
import dev.codemode.samples.benchmark.tasks.Grader;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.servers.DemoServers;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same tasks, toolboxes and grading with a real model deciding every turn instead of the
 * deterministic policy; tokens are the usage the API reports.
 */
public final class LiveBenchmark {

    /** Turns a model gets for one task before it counts as failed. */
    public static final int MAX_TURNS = 30;

    private LiveBenchmark() {
    }

    public static List<RoundResult> run(List<TokenBenchmark.RoundSpec> rounds, List<Task> tasks, Prices prices,
            OpenAiChat chat, DemoServers.Http demo, PrintStream log) throws IOException, InterruptedException {
        return run(rounds, tasks, prices, chat, 1, demo, log);
    }

    /**
     * Each task {@code seeds} times per agent (seeds 1..n), the agents' toolboxes at the product
     * defaults ({@link Method#DEFAULTS}); every run counts in the figures.
     */
    public static List<RoundResult> run(List<TokenBenchmark.RoundSpec> rounds, List<Task> tasks, Prices prices,
            OpenAiChat chat, int seeds, DemoServers.Http demo, PrintStream log) throws IOException, InterruptedException {
        List<RoundResult> results = new ArrayList<>();
        TokenMeter meter = new TokenMeter();
        for (TokenBenchmark.RoundSpec spec : rounds) {
            try (RoundCatalog catalog = spec.open(demo)) {
                List<String> servers = catalog.sources().stream().map(s -> s.serverName()).toList();
                List<Task> runnable = tasks.stream().filter(t -> servers.containsAll(t.servers())).toList();
                List<AgentResult> agents = new ArrayList<>();
                for (TokenBenchmark.AgentFactory factory : TokenBenchmark.AGENTS) {
                    try (Agent agent = factory.create(catalog, meter, Method.DEFAULTS)) {
                        List<AgentRun> runs = new ArrayList<>();
                        for (int seed = 1; seed <= seeds; seed++) {
                            for (Task task : runnable) {
                                AgentRun run = run(task, agent.toolbox(), chat, seeds == 1 ? null : seed);
                                runs.add(run);
                                log.printf("%s %s %s seed %d: %s, input %d, output %d%n", spec.name(), agent.key(),
                                        task.id(), seed, run.passed() ? "passed" : "failed", run.inputTokens(),
                                        run.outputTokens());
                            }
                        }
                        agents.add(AgentResult.of(agent.key(), agent.label(), runs, prices));
                    }
                }
                results.add(new RoundResult(spec.name() + " (live, " + chat.model() + ")", catalog.servers(),
                        catalog.tools(), runnable.size(), agents));
            }
        }
        return results;
    }

    /** One task with the model choosing every turn, until it answers with text or runs out of turns. */
    public static AgentRun run(Task task, Toolbox toolbox, OpenAiChat chat) throws IOException, InterruptedException {
        return run(task, toolbox, chat, null);
    }

    /** One task with the model choosing every turn, with {@code seed} when not null. */
    public static AgentRun run(Task task, Toolbox toolbox, OpenAiChat chat, Integer seed)
            throws IOException, InterruptedException {
        List<Map<String, Object>> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", Agent.SYSTEM));
        messages.add(Map.of("role", "user", "content", task.prompt()));
        long in = 0;
        long out = 0;
        long cached = 0;
        int trips = 0;
        int requests = 0;
        int calls = 0;
        int searches = 0;
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            OpenAiChat.Reply reply = chat.complete(messages, toolbox.tools(), seed);
            requests++;
            if (!reply.toolCalls().isEmpty()) {
                trips++;
            }
            in += reply.promptTokens();
            cached += reply.cachedPromptTokens();
            out += reply.completionTokens();
            if (reply.toolCalls().isEmpty()) {
                String answer = reply.content() == null ? "" : reply.content();
                boolean passed = Grader.passes(task, answer);
                return new AgentRun(task.id(), passed, answer, in, cached, 0, out, requests, trips, calls, searches, "",
                        passed ? "" : "wrong answer: " + answer);
            }
            List<Object> wire = new ArrayList<>();
            for (OpenAiChat.ToolCall c : reply.toolCalls()) {
                wire.add(Map.of("id", c.id(), "type", "function", "function",
                        Map.of("name", c.name(), "arguments", c.arguments())));
            }
            Map<String, Object> assistant = new LinkedHashMap<>();
            assistant.put("role", "assistant");
            assistant.put("content", reply.content());
            assistant.put("tool_calls", wire);
            messages.add(assistant);
            for (OpenAiChat.ToolCall c : reply.toolCalls()) {
                calls++;
                if (c.name().equals(ToolSearchAgent.SEARCH) || c.name().equals("listToolFiles")) {
                    searches++;
                }
                String result;
                Object args;
                try {
                    args = c.arguments().isBlank() ? Map.of() : JsonValues.parse(c.arguments());
                } catch (IllegalArgumentException e) {
                    args = null;
                }
                if (args instanceof Map<?, ?> map) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    map.forEach((k, v) -> a.put(String.valueOf(k), v));
                    result = toolbox.call(c.name(), a);
                } else {
                    result = "error: the arguments must be a JSON object";
                }
                messages.add(Map.of("role", "tool", "tool_call_id", c.id(), "content", result));
            }
        }
        return new AgentRun(task.id(), false, "", in, cached, 0, out, requests, trips, calls, searches, "",
                "no answer in " + MAX_TURNS + " turns");
    }
}
