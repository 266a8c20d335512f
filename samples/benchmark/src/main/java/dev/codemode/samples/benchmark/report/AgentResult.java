package dev.codemode.samples.benchmark.report;

import dev.codemode.samples.benchmark.agents.AgentRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One agent's figures over one round's tasks.
 *
 * @param cachedCostUsd the cost with prompt caching, per cache price profile (provider), headline first
 */
public record AgentResult(String key, String label, long inputTokens, long cachedInputTokens, long outputTokens,
        int requests, int roundTrips, double costUsd, Map<String, Double> cachedCostUsd, double passRate,
        List<AgentRun> tasks) {

    public static AgentResult of(String key, String label, List<AgentRun> runs, Prices prices) {
        long in = runs.stream().mapToLong(AgentRun::inputTokens).sum();
        long cached = runs.stream().mapToLong(AgentRun::cachedInputTokens).sum();
        long written = runs.stream().mapToLong(AgentRun::cacheWriteTokens).sum();
        long out = runs.stream().mapToLong(AgentRun::outputTokens).sum();
        int requests = runs.stream().mapToInt(AgentRun::requests).sum();
        int trips = runs.stream().mapToInt(AgentRun::roundTrips).sum();
        double pass = runs.isEmpty() ? 0 : runs.stream().filter(AgentRun::passed).count() / (double) runs.size();
        Map<String, Double> cachedCost = new LinkedHashMap<>();
        for (Prices.Cache c : prices.caches()) {
            cachedCost.put(c.provider(), prices.cachedCost(c, in, cached, written, out));
        }
        return new AgentResult(key, label, in, cached, out, requests, trips, prices.cost(in, out), cachedCost, pass,
                List.copyOf(runs));
    }

    public long passed() {
        return tasks.stream().filter(AgentRun::passed).count();
    }

    /** The cost with the headline cache profile. */
    public double cachedCost() {
        return cachedCostUsd.values().iterator().next();
    }

    /** The median model requests of the tasks that make more than one tool call in the standard agent's terms. */
    public double medianTurns(Set<String> multiStepTasks) {
        List<Integer> turns = tasks.stream().filter(t -> multiStepTasks.contains(t.taskId()))
                .map(AgentRun::requests).sorted().toList();
        if (turns.isEmpty()) {
            return 0;
        }
        int n = turns.size();
        return n % 2 == 1 ? turns.get(n / 2) : (turns.get(n / 2 - 1) + turns.get(n / 2)) / 2.0;
    }

    /** The failed tasks and why, in task order. */
    public Map<String, String> failures() {
        Map<String, String> out = new LinkedHashMap<>();
        tasks.stream().filter(t -> !t.passed()).forEach(t -> out.put(t.taskId(), t.failure()));
        return out;
    }
}
