package dev.codemode.samples.benchmark.report;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One round: its catalog size and each agent's figures, in the order the agents ran.
 *
 * @param multiStep the tasks of the round whose tool calls take standard calling more than one round trip
 */
public record RoundResult(String name, int servers, int tools, int taskCount, List<AgentResult> agents,
        Set<String> multiStep) {

    public RoundResult {
        agents = List.copyOf(agents);
        multiStep = Set.copyOf(multiStep);
    }

    public RoundResult(String name, int servers, int tools, int taskCount, List<AgentResult> agents) {
        this(name, servers, tools, taskCount, agents, Set.of());
    }

    public Optional<AgentResult> agent(String key) {
        return agents.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** 1 - this agent's input tokens / the other's; empty when either agent did not run. */
    public Optional<Double> reduction(String agent, String against) {
        return agent(agent).flatMap(a -> agent(against).filter(b -> b.inputTokens() > 0)
                .map(b -> 1 - (double) a.inputTokens() / b.inputTokens()));
    }

    /** This agent's cost / the other's, cached (headline cache profile) or not; empty when either did not run. */
    public Optional<Double> costRatio(String agent, String against, boolean cached) {
        return agent(agent).flatMap(a -> agent(against).map(b -> cached ? a.cachedCost() / b.cachedCost()
                : a.costUsd() / b.costUsd()));
    }
}
