package dev.codemode.samples.benchmark;

import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.CodeModeAgent;
import dev.codemode.samples.benchmark.agents.StandardAgent;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.agents.ToolSearchAgent;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RoundResult;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.servers.DemoServers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs the graded tasks against each round's catalog with every agent, side by side, and collects
 * the figures. The demo servers run once over streamable HTTP for the whole run.
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

    /** Bifrost's three sizes, one server with 4 tools, then the production round. */
    public static final List<RoundSpec> ROUNDS = List.of(new RoundSpec(6, 96), new RoundSpec(11, 251),
            new RoundSpec(16, 508), new RoundSpec(1, 4), RoundSpec.production());

    /** The agents, in report order: each built over a round's catalog. */
    public static final List<BiFunction<RoundCatalog, TokenMeter, Agent>> AGENTS = List.of(StandardAgent::new,
            ToolSearchAgent::new, CodeModeAgent::new, CodeModeAgent::auto);

    private TokenBenchmark() {
    }

    /** Runs {@code tasks} in each round (those whose servers the round has) with every agent. */
    public static List<RoundResult> run(List<RoundSpec> rounds, List<Task> tasks, Prices prices, TokenMeter meter,
            DemoServers.Http demo, PrintStream log) {
        List<RoundResult> results = new ArrayList<>();
        for (RoundSpec spec : rounds) {
            try (RoundCatalog catalog = spec.open(demo)) {
                results.add(round(spec, catalog, tasks, prices, meter, log));
            }
        }
        return results;
    }

    static RoundResult round(RoundSpec spec, RoundCatalog catalog, List<Task> tasks, Prices prices, TokenMeter meter,
            PrintStream log) {
        List<String> servers = catalog.sources().stream().map(s -> s.serverName()).toList();
        List<Task> runnable = tasks.stream().filter(t -> servers.containsAll(t.servers())).toList();
        List<AgentResult> agents = new ArrayList<>();
        for (BiFunction<RoundCatalog, TokenMeter, Agent> factory : AGENTS) {
            try (Agent agent = factory.apply(catalog, meter)) {
                List<AgentRun> runs = new ArrayList<>();
                for (Task task : runnable) {
                    runs.add(agent.run(task));
                }
                AgentResult result = AgentResult.of(agent.key(), agent.label(), runs, prices);
                agents.add(result);
                log.printf("%-16s %-22s input %,11d  output %,7d  passed %d/%d%n", spec.name(), agent.label(),
                        result.inputTokens(), result.outputTokens(), result.passed(), runs.size());
            }
        }
        return new RoundResult(spec.name(), catalog.servers(), catalog.tools(), runnable.size(), agents);
    }
}
