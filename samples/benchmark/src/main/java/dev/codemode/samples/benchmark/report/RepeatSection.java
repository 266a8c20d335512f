package dev.codemode.samples.benchmark.report;

import dev.codemode.samples.benchmark.agents.AgentRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The repeat round's part of the report: its tables in {@code benchmarks.md} and its key in {@code benchmarks.json}. */
final class RepeatSection {

    /** The agent the others are compared with. */
    static final String SKILLS = "codeModeSkills";

    private RepeatSection() {
    }

    static void markdown(StringBuilder md, RepeatResult r, Prices prices) {
        int later = Math.max(0, r.taskCount() - 1);
        md.append("\n### Repeat round: one chore asked ").append(r.taskCount()).append(" times (").append(r.name())
                .append(")\n\nThe same chore for another customer each time (look up the customer, summarise their"
                        + " open orders, email them the summary), each task a fresh conversation, at the product's"
                        + " defaults. Code Mode with skills keeps a skill store across tasks: the first task's script"
                        + " defines a function and saves it with `saveAs` as `skills.").append(r.skill())
                .append("`; a later task calls it when the task's listing shows it. Cached cost: ")
                .append(prices.primaryCache().provider()).append("'s multipliers. Later tasks: the mean of ")
                .append(later).append(".\n\n");
        md.append("| agent | first task: input | cached input | output | turns | cached cost | later tasks: input |"
                + " cached input | output | turns | cached cost | all tasks: cached cost | pass |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (AgentResult a : r.agents()) {
            RepeatResult.Figures first = RepeatResult.first(a, prices);
            RepeatResult.Figures rest = RepeatResult.later(a, prices);
            md.append("| ").append(a.label()).append(" |");
            for (RepeatResult.Figures f : List.of(first, rest)) {
                md.append(' ').append(mean(f.inputTokens())).append(" | ").append(mean(f.cachedInputTokens()))
                        .append(" | ").append(mean(f.outputTokens())).append(" | ").append(Report.ratio(f.turns()))
                        .append(" | ").append(Report.usd(f.cachedCost())).append(" |");
            }
            md.append(' ').append(Report.usd(a.cachedCost())).append(" | ").append(a.passed()).append('/')
                    .append(a.tasks().size()).append(" |\n");
        }
        r.agent(SKILLS).ifPresent(skills -> {
            md.append("\nCode Mode with skills against each agent, cached cost (below 1: Code Mode with skills is"
                    + " cheaper):\n\n| against | first task | later tasks | all tasks |\n|---|---|---|---|\n");
            for (AgentResult other : r.agents()) {
                if (!other.key().equals(SKILLS)) {
                    Map<String, Double> v = ratios(skills, other, prices);
                    md.append("| ").append(other.label()).append(" | ").append(Report.times(v.get("first")))
                            .append(" | ").append(Report.times(v.get("later"))).append(" | ")
                            .append(Report.times(v.get("all"))).append(" |\n");
                }
            }
        });
        List<String> failures = new ArrayList<>();
        r.agents().forEach(a -> a.failures().forEach((task, why) -> failures.add("- " + a.label() + ", " + task + ": "
                + why.replaceAll("\\s+", " ").strip())));
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n\n").append(String.join("\n", failures)).append('\n');
        }
        md.append("\n<details><summary>Per task: input tokens, turns, tool calls (pass)</summary>\n\n| task |");
        r.agents().forEach(a -> md.append(' ').append(a.label()).append(" |"));
        md.append("\n|---|").append("---|".repeat(r.agents().size())).append('\n');
        for (int i = 0; i < r.taskCount(); i++) {
            md.append("| ").append(r.agents().get(0).tasks().get(i).taskId()).append(" |");
            for (AgentResult a : r.agents()) {
                AgentRun t = a.tasks().get(i);
                md.append(' ').append(Report.num(t.inputTokens())).append(", ").append(t.requests()).append(", ")
                        .append(t.toolCalls()).append(t.passed() ? "" : " (fail)").append(" |");
            }
            md.append('\n');
        }
        md.append("\n</details>\n");
    }

    /** Code Mode with skills' cached cost / the other's: first task, later tasks' mean, all tasks. */
    static Map<String, Double> ratios(AgentResult skills, AgentResult other, Prices prices) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("first", RepeatResult.first(skills, prices).cachedCost() / RepeatResult.first(other, prices).cachedCost());
        out.put("later", RepeatResult.later(skills, prices).cachedCost() / RepeatResult.later(other, prices).cachedCost());
        out.put("all", skills.cachedCost() / other.cachedCost());
        return out;
    }

    static Map<String, Object> json(RepeatResult r, Prices prices) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", r.name());
        root.put("servers", r.servers());
        root.put("tools", r.tools());
        root.put("skill", r.skill());
        root.put("taskCount", r.taskCount());
        Map<String, Object> agents = new LinkedHashMap<>();
        for (AgentResult a : r.agents()) {
            Map<String, Object> agent = new LinkedHashMap<>();
            agent.put("label", a.label());
            agent.put("first", figures(RepeatResult.first(a, prices)));
            agent.put("laterMean", figures(RepeatResult.later(a, prices)));
            agent.put("inputTokens", a.inputTokens());
            agent.put("cachedInputTokens", a.cachedInputTokens());
            agent.put("outputTokens", a.outputTokens());
            agent.put("turns", a.requests());
            agent.put("cachedCostUsd", Report.round6(a.cachedCost()));
            agent.put("passRate", Math.round(a.passRate() * 1e4) / 1e4);
            agent.put("failures", Report.failures(a));
            List<Object> tasks = new ArrayList<>();
            for (AgentRun t : a.tasks()) {
                Map<String, Object> task = Report.task(t);
                task.put("cachedCostUsd", Report.round6(RepeatResult.cachedCost(t, prices)));
                tasks.add(task);
            }
            agent.put("tasks", tasks);
            agents.put(a.key(), agent);
        }
        root.put("agents", agents);
        r.agent(SKILLS).ifPresent(skills -> {
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (AgentResult other : r.agents()) {
                if (!other.key().equals(SKILLS)) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    ratios(skills, other, prices).forEach((k, x) -> v.put(k, Math.round(x * 1e4) / 1e4));
                    ratios.put(SKILLS + "Vs" + Character.toUpperCase(other.key().charAt(0)) + other.key().substring(1), v);
                }
            }
            root.put("cachedCostRatio", ratios);
        });
        return root;
    }

    private static Map<String, Object> figures(RepeatResult.Figures f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", f.tasks());
        out.put("inputTokens", round1(f.inputTokens()));
        out.put("cachedInputTokens", round1(f.cachedInputTokens()));
        out.put("outputTokens", round1(f.outputTokens()));
        out.put("turns", round1(f.turns()));
        out.put("toolCalls", round1(f.toolCalls()));
        out.put("cachedCostUsd", Report.round6(f.cachedCost()));
        out.put("passed", f.passed());
        return out;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** A count, or a mean of counts with one decimal. */
    private static String mean(double v) {
        return v == Math.rint(v) ? Report.num((long) v) : String.format(Locale.ROOT, "%,.1f", v);
    }
}
