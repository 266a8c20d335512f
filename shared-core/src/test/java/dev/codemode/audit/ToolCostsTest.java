package dev.codemode.audit;

import static dev.codemode.audit.AuditFixtures.LOOKUP;
import static dev.codemode.audit.AuditFixtures.PING;
import static dev.codemode.audit.AuditFixtures.SEARCH;
import static dev.codemode.audit.AuditFixtures.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCostsTest {

    @Test
    void should_prefer_exact_tool_over_server_pattern_over_star() {
        // given
        ToolCosts costs = ToolCosts.builder()
                .price("*", new BigDecimal("0.0001"))
                .price("crm.*", new BigDecimal("0.001"))
                .price("crm.lookup_customer", new BigDecimal("0.002"))
                .build();

        // when / then
        assertThat(costs.costOf(LOOKUP)).isEqualByComparingTo("0.002");
        assertThat(costs.costOf(UPDATE)).isEqualByComparingTo("0.001");
        assertThat(costs.costOf(PING)).isEqualByComparingTo("0.0001");
    }

    @Test
    void should_match_original_names_as_well_as_script_identifiers() {
        // given: the search server is "web-search" upstream, "search" in scripts
        ToolCosts costs = ToolCosts.builder()
                .price("crm.lookup-customer", new BigDecimal("0.003"))
                .price("web-search.*", new BigDecimal("0.01"))
                .build();

        // when / then
        assertThat(costs.costOf(LOOKUP)).isEqualByComparingTo("0.003");
        assertThat(costs.costOf(SEARCH)).isEqualByComparingTo("0.01");
        assertThat(costs.costOf(UPDATE)).isEqualByComparingTo("0");
    }

    @Test
    void should_cost_zero_when_unpriced_or_none() {
        assertThat(ToolCosts.none().costOf(LOOKUP)).isSameAs(BigDecimal.ZERO);
        assertThat(ToolCosts.builder().price("other.*", BigDecimal.ONE).build().costOf(LOOKUP))
                .isEqualByComparingTo("0");
    }

    @Test
    void should_take_prices_from_a_map_and_let_a_later_price_win() {
        ToolCosts costs = ToolCosts.builder()
                .prices(Map.of("crm.*", new BigDecimal("1")))
                .price("crm.*", new BigDecimal("2"))
                .build();
        assertThat(costs.costOf(UPDATE)).isEqualByComparingTo("2");
        assertThat(costs.prices()).containsOnlyKeys("crm.*");
    }

    @Test
    void should_refuse_malformed_patterns_and_negative_prices() {
        ToolCosts.Builder b = ToolCosts.builder();
        for (String bad : new String[] {"crm", "crm.", ".tool", "crm.look*", "*.tool", "**"}) {
            assertThatThrownBy(() -> b.price(bad, BigDecimal.ONE)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.tool, server.* or *");
        }
        assertThatThrownBy(() -> b.price("crm.*", new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
