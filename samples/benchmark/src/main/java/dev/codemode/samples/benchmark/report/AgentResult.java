package dev.codemode.samples.benchmark.report;

import dev.codemode.samples.benchmark.agents.AgentRun;
import java.util.List;

/** One agent's figures over one round's tasks. */
public record AgentResult(String key, String label, long inputTokens, long outputTokens, int requests, double costUsd,
        double passRate, List<AgentRun> tasks) {

    public static AgentResult of(String key, String label, List<AgentRun> runs, Prices prices) {
        long in = runs.stream().mapToLong(AgentRun::inputTokens).sum();
        long out = runs.stream().mapToLong(AgentRun::outputTokens).sum();
        int requests = runs.stream().mapToInt(AgentRun::requests).sum();
        double pass = runs.isEmpty() ? 0 : runs.stream().filter(AgentRun::passed).count() / (double) runs.size();
        return new AgentResult(key, label, in, out, requests, prices.cost(in, out), pass, List.copyOf(runs));
    }

    public long passed() {
        return tasks.stream().filter(AgentRun::passed).count();
    }
}
