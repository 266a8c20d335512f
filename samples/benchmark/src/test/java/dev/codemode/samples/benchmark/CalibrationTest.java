package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.catalog.Calibration;
import dev.codemode.samples.benchmark.catalog.Domain;
import dev.codemode.samples.benchmark.catalog.DomainServers;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generated tools are the size of real MCP tools: within 15% of the recorded reference servers. */
class CalibrationTest {

    @Test
    void should_size_generated_tools_like_the_reference_servers() {
        TokenMeter meter = new TokenMeter();
        List<Map<String, Object>> reference = Calibration.referenceDefinitions();
        assertThat(reference).hasSizeGreaterThanOrEqualTo(30);
        List<Map<String, Object>> generated = new ArrayList<>();
        for (Domain d : DomainServers.DOMAINS) {
            DomainServers.server(d, DomainServers.MAX_TOOLS).listTools().forEach(t -> generated.add(
                    RoundCatalog.definition(RoundCatalog.functionName(t), t.description(), t.inputSchema())));
        }
        double ref = Calibration.averageTokens(reference, meter);
        double gen = Calibration.averageTokens(generated, meter);
        assertThat(gen).isBetween(ref * 0.85, ref * 1.15);
    }

    @Test
    void should_hold_production_servers_whose_tools_are_larger_than_the_generated_ones() {
        TokenMeter meter = new TokenMeter();
        List<Map<String, Object>> production = Calibration.productionDefinitions();
        assertThat(production).hasSizeGreaterThanOrEqualTo(60).allSatisfy(d -> {
            Map<?, ?> function = (Map<?, ?>) d.get("function");
            assertThat(function.get("name").toString()).isNotBlank();
            assertThat(function.get("parameters")).isInstanceOf(Map.class);
        });
        double reference = Calibration.averageTokens(Calibration.referenceDefinitions(), meter);
        double prod = Calibration.averageTokens(production, meter);
        // The method section states production definitions are several times the generated ones.
        assertThat(prod).isGreaterThan(2 * reference);
    }
}
