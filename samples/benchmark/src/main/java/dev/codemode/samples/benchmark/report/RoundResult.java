package dev.codemode.samples.benchmark.report;

import java.util.List;
import java.util.Optional;

/** One round: its catalog size and each agent's figures, in the order the agents ran. */
public record RoundResult(String name, int servers, int tools, int taskCount, List<AgentResult> agents) {

    public Optional<AgentResult> agent(String key) {
        return agents.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** 1 - this agent's input tokens / the other's; empty when either agent did not run. */
    public Optional<Double> reduction(String agent, String against) {
        return agent(agent).flatMap(a -> agent(against).filter(b -> b.inputTokens() > 0)
                .map(b -> 1 - (double) a.inputTokens() / b.inputTokens()));
    }
}
