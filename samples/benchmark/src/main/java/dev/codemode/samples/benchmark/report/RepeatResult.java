package dev.codemode.samples.benchmark.report;

import dev.codemode.samples.benchmark.agents.AgentRun;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The repeat round: one chore asked several times with different arguments, each in a fresh
 * conversation, with each agent's runs in task order. The first task is where the skills agent saves
 * its skill; the later tasks are where it may reuse it.
 *
 * @param name  the catalog's name, e.g. {@code 96 tools / 6 servers}
 * @param skill the name the skills agent saves the chore under
 */
public record RepeatResult(String name, int servers, int tools, String skill, List<AgentResult> agents) {

    public RepeatResult {
        agents = List.copyOf(agents);
    }

    public Optional<AgentResult> agent(String key) {
        return agents.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** The number of tasks (the same for every agent). */
    public int taskCount() {
        return agents.isEmpty() ? 0 : agents.get(0).tasks().size();
    }

    /**
     * One agent's figures over some of its tasks: sums for one task, means for several.
     *
     * @param cachedCost the cost with prompt caching, headline cache profile
     */
    public record Figures(double inputTokens, double cachedInputTokens, double outputTokens, double turns,
            double toolCalls, double cachedCost, long passed, int tasks) {

        static Figures mean(List<AgentRun> runs, Prices prices) {
            return new Figures(avg(runs, AgentRun::inputTokens), avg(runs, AgentRun::cachedInputTokens),
                    avg(runs, AgentRun::outputTokens), avg(runs, AgentRun::requests), avg(runs, AgentRun::toolCalls),
                    avg(runs, r -> RepeatResult.cachedCost(r, prices)), runs.stream().filter(AgentRun::passed).count(), runs.size());
        }

        private static double avg(List<AgentRun> runs, ToDoubleFunction<AgentRun> f) {
            return runs.stream().mapToDouble(f).average().orElse(0);
        }
    }

    /** The cost of one run with prompt caching, headline cache profile. */
    static double cachedCost(AgentRun run, Prices prices) {
        return prices.cachedCost(prices.primaryCache(), run.inputTokens(), run.cachedInputTokens(),
                run.cacheWriteTokens(), run.outputTokens());
    }

    /** The agent's first task. */
    public static Figures first(AgentResult agent, Prices prices) {
        return Figures.mean(agent.tasks().subList(0, Math.min(1, agent.tasks().size())), prices);
    }

    /** The mean of the agent's later tasks (every task after the first). */
    public static Figures later(AgentResult agent, Prices prices) {
        return Figures.mean(agent.tasks().subList(Math.min(1, agent.tasks().size()), agent.tasks().size()), prices);
    }
}
