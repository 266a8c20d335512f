package dev.codemode.samples.benchmark.tasks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One graded task. The deterministic policy of every agent is {@code script}: the standard and tool
 * search agents make its tool calls one round trip at a time, the Code Mode agent sends it to
 * {@code executeToolCode}. {@code expected} is computed from the data, not from any tool.
 *
 * @param id          e.g. {@code T08}
 * @param category    single, chain, loop, aggregate, branch, large, retry, duplicate, paging, docs
 * @param prompt      the user's message, with the shape of the JSON answer
 * @param needs       the tools the task needs, in the order it first calls them
 * @param docs        tools whose full docs the Code Mode agent reads ({@code server.tool})
 * @param script      the script that answers (Starlark; sets {@code result})
 * @param firstTry    a first script that fails, or {@code null}: written from what the agent knows
 *                    before its first attempt
 * @param firstTryAll whether every agent makes that first attempt (a mistake in the task's wording),
 *                    or only the Code Mode agent (the stub does not show what the definition shows)
 * @param expected    the answer, as JSON values
 */
public record Task(String id, String category, String prompt, List<Capability> needs, List<String> docs, String script,
        String firstTry, boolean firstTryAll, Map<String, Object> expected) {

    public Task {
        needs = List.copyOf(needs);
        docs = List.copyOf(docs);
    }

    /** The servers the task uses. */
    public Set<String> servers() {
        Set<String> servers = new LinkedHashSet<>();
        needs.forEach(c -> servers.add(c.server()));
        return servers;
    }

    /** The capability for {@code server.tool}, or {@code null} when the task does not need it. */
    public Capability need(String tool) {
        return needs.stream().filter(c -> c.tool().equals(tool)).findFirst().orElse(null);
    }

    /** The same task with another expected answer: lets tests check that a wrong answer fails. */
    public Task withExpected(Map<String, Object> other) {
        return new Task(id, category, prompt, needs, docs, script, firstTry, firstTryAll, other);
    }
}
