package dev.codemode.samples.benchmark;

import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.CodeModeAgent;
import dev.codemode.samples.benchmark.agents.Method;
import dev.codemode.samples.benchmark.agents.StandardAgent;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.agents.ToolSearchAgent;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RepeatResult;
import dev.codemode.samples.benchmark.report.RoundResult;
import dev.codemode.samples.benchmark.tasks.RepeatSuite;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.servers.DemoServers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the graded tasks against each round's catalog with every agent, side by side, under each
 * method of the ablation, and collects the figures. The demo servers run once over streamable HTTP
 * for the whole run; each round's catalog is opened once for all methods.
 */
public final class TokenBenchmark {

    /** A catalog size; {@code recorded}: the task servers plus the recorded production servers. */
    public record RoundSpec(int servers, int tools, boolean recorded) {
        public RoundSpec(int servers, int tools) {
            this(servers, tools, false);
        }

        public static RoundSpec production() {
            int[] size = RoundCatalog.productionSize();
            return new RoundSpec(size[0], size[1], true);
        }

        public String name() {
            return tools + " tools / " + servers + (servers == 1 ? " server" : " servers")
                    + (recorded ? " (production definitions)" : "");
        }

        public RoundCatalog open(DemoServers.Http demo) {
            return recorded ? RoundCatalog.openProduction(demo) : RoundCatalog.open(servers, tools, demo);
        }
    }

    /** Builds one agent over a round's catalog, under a method. */
    public interface AgentFactory {
        Agent create(RoundCatalog catalog, TokenMeter meter, Method method);
    }

    /** Bifrost's three sizes, one server with 4 tools, then the production round. */
    public static final List<RoundSpec> ROUNDS = List.of(new RoundSpec(6, 96), new RoundSpec(11, 251),
            new RoundSpec(16, 508), new RoundSpec(1, 4), RoundSpec.production());

    /** The agents, in report order. */
    public static final List<AgentFactory> AGENTS = List.of(StandardAgent::new, ToolSearchAgent::new,
            CodeModeAgent::new, CodeModeAgent::auto);

    /** The repeat round's catalog: the smallest Bifrost size, where standard calling is cheapest. */
    public static final RoundSpec REPEAT_ROUND = new RoundSpec(6, 96);

    /**
     * The agents of the repeat round, in report order: standard tool calling, tool search, Code Mode
     * as it is, and Code Mode with a skill store that lives as long as the agent (all tasks).
     */
    public static List<AgentFactory> repeatAgents(List<RepeatSuite.RepeatTask> tasks) {
        return List.of(StandardAgent::new, ToolSearchAgent::new, CodeModeAgent::new,
                (catalog, meter, method) -> CodeModeAgent.withSkills(catalog, meter, method, tasks));
    }

    private TokenBenchmark() {
    }

    /**
     * The repeat round at the product's defaults: each agent runs {@code tasks} in order, each in a fresh
     * conversation; only the skill store of the skills agent (and the prompt cache, as for every task)
     * outlives a task.
     */
    public static RepeatResult repeat(RoundSpec spec, List<RepeatSuite.RepeatTask> tasks, Prices prices,
            TokenMeter meter, DemoServers.Http demo, PrintStream log) {
        List<AgentResult> agents = new ArrayList<>();
        try (RoundCatalog catalog = spec.open(demo)) {
            for (AgentFactory factory : repeatAgents(tasks)) {
                try (Agent agent = factory.create(catalog, meter, Method.DEFAULTS)) {
                    List<AgentRun> runs = new ArrayList<>();
                    for (RepeatSuite.RepeatTask t : tasks) {
                        runs.add(agent.run(t.task()));
                    }
                    AgentResult result = AgentResult.of(agent.key(), agent.label(), runs, prices);
                    agents.add(result);
                    log.printf("%-26s %-16s %-26s input %,11d  cached %,11d  output %,7d  passed %d/%d%n", "repeat round",
                            spec.name(), agent.label(), result.inputTokens(), result.cachedInputTokens(),
                            result.outputTokens(), result.passed(), runs.size());
                }
            }
            return new RepeatResult(spec.name(), catalog.servers(), catalog.tools(), RepeatSuite.SKILL, agents);
        }
    }

    /**
     * Runs {@code tasks} in each round (those whose servers the round has) with every agent under each
     * method; returns each method's rounds, in the order of {@code methods}.
     */
    public static Map<Method, List<RoundResult>> run(List<RoundSpec> rounds, List<Method> methods, List<Task> tasks,
            Prices prices, TokenMeter meter, DemoServers.Http demo, PrintStream log) {
        Map<Method, List<RoundResult>> results = new LinkedHashMap<>();
        methods.forEach(m -> results.put(m, new ArrayList<>()));
        for (RoundSpec spec : rounds) {
            try (RoundCatalog catalog = spec.open(demo)) {
                for (Method method : methods) {
                    results.get(method).add(round(spec, catalog, method, tasks, prices, meter, log));
                }
            }
        }
        return results;
    }

    /**
     * The multi-step tasks: those whose tool calls take standard calling more than one round trip
     * (with parallel calls, those with calls that need earlier results); without a standard agent,
     * every task but the single calls.
     */
    static Set<String> multiStep(List<Task> tasks, List<AgentResult> agents) {
        return agents.stream().filter(a -> a.key().equals("standard")).findFirst()
                .map(a -> a.tasks().stream().filter(t -> t.roundTrips() >= 2).map(AgentRun::taskId)
                        .collect(Collectors.toSet()))
                .orElseGet(() -> tasks.stream().filter(t -> !t.category().equals("single")).map(Task::id)
                        .collect(Collectors.toSet()));
    }

    static RoundResult round(RoundSpec spec, RoundCatalog catalog, Method method, List<Task> tasks, Prices prices,
            TokenMeter meter, PrintStream log) {
        List<String> servers = catalog.sources().stream().map(s -> s.serverName()).toList();
        List<Task> runnable = tasks.stream().filter(t -> servers.containsAll(t.servers())).toList();
        List<AgentResult> agents = new ArrayList<>();
        for (AgentFactory factory : AGENTS) {
            try (Agent agent = factory.create(catalog, meter, method)) {
                List<AgentRun> runs = new ArrayList<>();
                for (Task task : runnable) {
                    runs.add(agent.run(task));
                }
                AgentResult result = AgentResult.of(agent.key(), agent.label(), runs, prices);
                agents.add(result);
                log.printf("%-26s %-16s %-26s input %,11d  cached %,11d  output %,7d  passed %d/%d%n", method.name(),
                        spec.name(), agent.label(), result.inputTokens(), result.cachedInputTokens(),
                        result.outputTokens(), result.passed(), runs.size());
            }
        }
        Set<String> multiStep = multiStep(runnable, agents);
        return new RoundResult(spec.name(), catalog.servers(), catalog.tools(), runnable.size(), agents, multiStep);
    }
}
