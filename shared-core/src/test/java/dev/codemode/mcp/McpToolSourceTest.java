package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpToolSourceTest {

    @Test
    void should_require_exactly_one_transport() {
        assertThatThrownBy(() -> McpToolSource.builder("crm").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stdio(...) or streamableHttp(...)");
        assertThatThrownBy(() -> McpToolSource.builder("crm").stdio("java", List.of(), Map.of())
                .streamableHttp("http://127.0.0.1:1").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_reject_blank_names_and_non_positive_timeouts() {
        assertThatThrownBy(() -> McpToolSource.builder(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpToolSource.builder("crm").requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout must be positive");
    }

    @Test
    void should_fail_to_build_when_nothing_listens() {
        assertThatThrownBy(() -> McpToolSource.builder("crm").streamableHttp("http://127.0.0.1:1")
                .initializationTimeout(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("connecting to server crm failed: connection refused")
                .cause().isInstanceOf(dev.codemode.catalog.ToolCallException.class).hasMessage("connection refused");
    }
}
