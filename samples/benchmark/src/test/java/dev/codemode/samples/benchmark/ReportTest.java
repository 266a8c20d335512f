package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
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
}
