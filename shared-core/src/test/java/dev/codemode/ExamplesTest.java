package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.MetaToolResult;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quick start, run against in-process sources instead of MCP servers. */
class ExamplesTest {

    @Test
    void should_run_the_quick_start_flow() {
        ToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup_customer", "One customer by id.", Map.of("type", "object", "properties",
                        Map.of("customer_id", Map.of("type", "string")), "required", List.of("customer_id")),
                        args -> Map.of("id", args.get("customer_id")))
                .build();
        try (CodeMode codeMode = CodeMode.builder()
                .toolSources(crm)
                .bindingLevel(BindingLevel.SERVER)
                .autoExecute("crm.lookup_customer")
                .limits(Limits.builder().timeout(Duration.ofSeconds(10)).build())
                .build()) {
            assertThat(codeMode.specs()).hasSize(4);
            MetaToolResult r = codeMode.call("executeToolCode",
                    Map.of("code", "result = crm.lookup_customer(customer_id=\"c1\")"));
            assertThat(r.text()).startsWith("{\"result\":{\"id\":\"c1\"},\"logs\":[],\"toolCalls\":1,\"ms\":");
        }
    }
}
