package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RepeatResult;
import dev.codemode.samples.benchmark.report.Report;
import dev.codemode.samples.benchmark.report.RoundResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    static AgentResult agent(String key, long input, boolean passed) {
        return AgentResult.of(key, key, List.of(new AgentRun("T01", passed, "{}", input, input / 2, input / 2, 100, 3, 2, 2, 0, "",
                passed ? "" : "knowledge rule: result field 'total' never shown")), new Prices(1.0, 2.0));
    }

    static Report report() {
        RoundResult round = new RoundResult("96 tools / 6 servers", 6, 96, 1, List.of(agent("standard", 10_000, true),
                agent("toolSearch", 2_000, true), agent("codeMode", 500, true), agent("auto", 700, false)));
        return new Report("java -jar codemode-benchmark.jar --out x", "deterministic policy", new Prices(1.0, 2.0),
                List.of(round), Map.of());
    }

    @Test
    void should_write_every_agent_key_and_compare_auto_with_the_best_other() throws Exception {
        Map<?, ?> json = report().json();
        Map<?, ?> round = (Map<?, ?>) ((List<?>) json.get("rounds")).get(0);
        Map<?, ?> agents = (Map<?, ?>) round.get("agents");
        assertThat(new java.util.ArrayList<Object>(agents.keySet())).containsExactly("standard", "toolSearch", "codeMode", "auto");
        Map<?, ?> auto = (Map<?, ?>) agents.get("auto");
        assertThat(new java.util.ArrayList<Object>(auto.keySet())).contains("inputTokens", "outputTokens", "costUsd", "passRate", "tasks");
        assertThat(auto.get("passRate")).isEqualTo(0.0);
        assertThat(((Map<?, ?>) agents.get("codeMode")).get("costUsd")).isEqualTo(0.0007); // 500 x $1 + 100 x $2 per M
        assertThat(((Map<?, ?>) round.get("inputReduction")).get("codeModeVsStandard")).isEqualTo(0.95);
        // auto (700) against the best other agent (codeMode, 500): 40% more
        assertThat(((Map<?, ?>) round.get("inputReduction")).get("autoVsBest")).isEqualTo(-0.4);
        assertThat(report().markdown()).contains("| 6 | 96 | 10,000 | 2,000 | 500 | 700 | -95.0% | -75.0% |");
        // the keys a reader of benchmarks.json relies on
        assertThat(new java.util.ArrayList<Object>(auto.keySet())).contains("cachedCostUsd", "turns", "failures",
                "roundTrips", "cachedInputTokens", "cachedCostUsdByProvider");
        // half the input read from the cache (0.1x), half written (1.25x): (250 x 1.25 + 250 x 0.1) x $1 + 100 x $2
        assertThat(((Map<?, ?>) agents.get("codeMode")).get("cachedCostUsd")).isEqualTo(0.000538);
        assertThat((List<?>) auto.get("failures")).singleElement().satisfies(f -> assertThat(((Map<?, ?>) f).get("reason"))
                .isEqualTo("knowledge rule: result field 'total' never shown"));
        assertThat(report().markdown()).contains("Failures:").contains("T01: knowledge rule: result field 'total'");
    }

    @Test
    void should_keep_the_hand_written_part_of_an_existing_file(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("benchmarks.md"), "# Benchmarks\n\n## Core engine\n\nhand-written\n\n"
                + Report.BEGIN + "\nold\n" + Report.END + "\n\n## After\n");
        report().write(dir);
        String md = Files.readString(dir.resolve("benchmarks.md"));
        assertThat(md).startsWith("# Benchmarks\n\n## Core engine\n\nhand-written\n\n" + Report.BEGIN)
                .doesNotContain("\nold\n").contains("## After").contains("Token benchmark");
        assertThat(JsonValues.parse(Files.readString(dir.resolve("benchmarks.json")))).isInstanceOf(Map.class);
        assertThat(Files.size(dir.resolve(Report.CHART))).isPositive();
    }

    @Test
    void should_insert_the_caching_row_after_the_knowledge_rule_and_price_later_rows_cached() {
        RoundResult round = new RoundResult("96 tools / 6 servers", 6, 96, 1, List.of(agent("standard", 10_000, true),
                agent("toolSearch", 2_000, true), agent("codeMode", 500, true)));
        Map<dev.codemode.samples.benchmark.agents.Method, List<RoundResult>> ablation = new java.util.LinkedHashMap<>();
        dev.codemode.samples.benchmark.agents.Method.ABLATION.forEach(m -> ablation.put(m, List.of(round)));
        Report report = new Report("cmd", "deterministic policy", new Prices(1.0, 2.0), List.of(round), ablation,
                Map.of());

        List<?> rows = (List<?>) report.json().get("ablation");
        assertThat(rows.stream().<Object>map(r -> ((Map<?, ?>) r).get("method")).toList()).containsExactly("as published",
                "+ queries by rule", "+ parallel calls", "+ knowledge rule", "+ prompt caching",
                "+ default binding (product defaults)", "+ first unqueried listing");
        assertThat(rows.stream().<Object>map(r -> ((Map<?, ?>) r).get("cached")).toList()).containsExactly(false, false, false, false,
                true, true, true);
        Map<?, ?> cachedRow = (Map<?, ?>) ((List<?>) ((Map<?, ?>) rows.get(4)).get("rounds")).get(0);
        // (250 x 1.25 + 250 x 0.1) + 100 x 2 against (1000 x 1.25 + 1000 x 0.1) + 100 x 2, per million
        assertThat(cachedRow.get("codeModeOverToolSearch")).isEqualTo(Math.round(537.5 / 1550.0 * 1e4) / 1e4);
        assertThat(report.markdown()).contains("### Ablation").contains("| + prompt caching |");
        // a round without multi-step tasks states no turns target
        assertThat(report.markdown()).doesNotContain("median model turns");
    }

    static AgentRun run(String id, long input, int requests) {
        return new AgentRun(id, true, "{}", input, 0, 0, 100, requests, requests - 1, requests - 1, 0, "", "");
    }

    @Test
    void should_report_the_first_task_and_the_mean_of_the_later_ones_in_the_repeat_round() {
        Prices prices = new Prices(1.0, 2.0);
        RepeatResult repeat = new RepeatResult("96 tools / 6 servers", 6, 96, "open_orders_summary", List.of(
                AgentResult.of("standard", "Standard tool calling", List.of(run("R01", 10_000, 3), run("R02", 10_000, 3),
                        run("R03", 10_000, 3)), prices),
                AgentResult.of("codeModeSkills", "Code Mode with skills", List.of(run("R01", 4_000, 5),
                        run("R02", 1_000, 3), run("R03", 2_000, 3)), prices)));
        RoundResult round = new RoundResult("96 tools / 6 servers", 6, 96, 1, List.of(agent("standard", 10_000, true),
                agent("codeMode", 500, true)));
        Report report = new Report("cmd", "deterministic policy", prices, List.of(round), Map.of(), Map.of(), repeat);

        Map<?, ?> json = (Map<?, ?>) report.json().get("repeat");
        Map<?, ?> skills = (Map<?, ?>) ((Map<?, ?>) json.get("agents")).get("codeModeSkills");
        assertThat(((Map<?, ?>) skills.get("first")).get("inputTokens")).isEqualTo(4000.0);
        assertThat(((Map<?, ?>) skills.get("first")).get("turns")).isEqualTo(5.0);
        assertThat(((Map<?, ?>) skills.get("laterMean")).get("inputTokens")).isEqualTo(1500.0);
        assertThat(((Map<?, ?>) skills.get("laterMean")).get("turns")).isEqualTo(3.0);
        assertThat(((Map<?, ?>) skills.get("laterMean")).get("tasks")).isEqualTo(2);
        // (1,500 + 100 x 2) against (10,000 + 100 x 2); the first task (4,000 + 200) against (10,000 + 200)
        Map<?, ?> ratio = (Map<?, ?>) ((Map<?, ?>) json.get("cachedCostRatio")).get("codeModeSkillsVsStandard");
        assertThat(ratio.get("later")).isEqualTo(Math.round(1700.0 / 10200.0 * 1e4) / 1e4);
        assertThat(ratio.get("first")).isEqualTo(Math.round(4200.0 / 10200.0 * 1e4) / 1e4);
        assertThat(report.markdown()).contains("### Repeat round: one chore asked 3 times (96 tools / 6 servers)")
                .contains("| Code Mode with skills | 4,000 | 0 | 100 | 5 | 0.0042 | 1,500 | 0 | 100 | 3 | 0.0017 |")
                .contains("| Standard tool calling | 0.41x | 0.17x |");
        // without the repeat round the report is what it was: no key, no section
        Report without = new Report("cmd", "deterministic policy", prices, List.of(round), Map.of(), Map.of());
        assertThat(without.json()).doesNotContainKey("repeat");
        assertThat(without.markdown()).doesNotContain("Repeat round");
    }
}
