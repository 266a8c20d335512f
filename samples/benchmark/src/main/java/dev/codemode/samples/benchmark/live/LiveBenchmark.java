package dev.codemode.samples.benchmark.live;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.TokenBenchmark;
import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
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
import java.util.function.BiFunction;

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
        List<RoundResult> results = new ArrayList<>();
        TokenMeter meter = new TokenMeter();
        for (TokenBenchmark.RoundSpec spec : rounds) {
            try (RoundCatalog catalog = RoundCatalog.open(spec.servers(), spec.tools(), demo)) {
                List<String> servers = catalog.sources().stream().map(s -> s.serverName()).toList();
                List<Task> runnable = tasks.stream().filter(t -> servers.containsAll(t.servers())).toList();
                List<AgentResult> agents = new ArrayList<>();
                for (BiFunction<RoundCatalog, TokenMeter, Agent> factory : TokenBenchmark.AGENTS) {
                    try (Agent agent = factory.apply(catalog, meter)) {
                        List<AgentRun> runs = new ArrayList<>();
                        for (Task task : runnable) {
                            AgentRun run = run(task, agent.toolbox(), chat);
                            runs.add(run);
                            log.printf("%s %s %s: %s, input %d, output %d%n", spec.name(), agent.key(), task.id(),
                                    run.passed() ? "passed" : "failed", run.inputTokens(), run.outputTokens());
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
        List<Map<String, Object>> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", Agent.SYSTEM));
        messages.add(Map.of("role", "user", "content", task.prompt()));
        long in = 0;
        long out = 0;
        int requests = 0;
        int calls = 0;
        int searches = 0;
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            OpenAiChat.Reply reply = chat.complete(messages, toolbox.tools());
            requests++;
            in += reply.promptTokens();
            out += reply.completionTokens();
            if (reply.toolCalls().isEmpty()) {
                String answer = reply.content() == null ? "" : reply.content();
                return new AgentRun(task.id(), Grader.passes(task, answer), answer, in, out, requests, calls, searches, "");
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
        return new AgentRun(task.id(), false, "", in, out, requests, calls, searches, "no answer in " + MAX_TURNS + " turns");
    }
}
