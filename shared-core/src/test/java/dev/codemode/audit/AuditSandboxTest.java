package dev.codemode.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolResult;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.catalog.ToolInvoker;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The flow of docs/audit.md, run through the real sandbox. */
class AuditSandboxTest {

    static final Map<String, Object> BY_ID = Map.of("type", "object", "properties",
            Map.of("customer_id", Map.of("type", "string")), "required", List.of("customer_id"));

    @Test
    void should_record_every_call_of_a_script_and_the_run_with_its_totals() {
        // given
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup-customer", "One customer.", BY_ID, args -> {
                    String id = (String) args.get("customer_id");
                    return id.startsWith("c") ? Map.of("id", id) : ToolResult.error("no customer " + id);
                })
                .build();
        ToolCatalog catalog = ToolCatalog.of(crm);
        ToolInvoker direct = (tool, args) -> crm.callTool(tool.descriptor().name(), args);
        InMemoryAuditSink sink = AuditSink.inMemory();
        String code = """
                pairs = parallel([(crm.lookup_customer, {"customer_id": i}) for i in ["c1", "x2", "c3"]])
                one = crm.lookup_customer(customer_id="c4")
                result = len([v for v, e in pairs if v]) + 1
                """;

        try (AuditLog audit = AuditLog.builder()
                .sink(sink)
                .costs(ToolCosts.builder().price("crm.lookup-customer", new BigDecimal("0.002")).build())
                .bufferSize(10_000)
                .offerTimeout(Duration.ofMillis(100))
                .resultCap(4_000)
                .build();
                StarlarkInterpreter interpreter = StarlarkInterpreter.create()) {
            // when
            AuditLog.Execution execution = audit.begin(UUID.randomUUID().toString(), new CallContext("team-a", "req-1"));
            ExecutionResult result = interpreter.execute(code, catalog.view(), execution.invoker(direct));
            ExecutionRecord record = execution.finish(code, ExecutionRecord.outcomeOf(null), null,
                    Duration.ofMillis(result.millis()), "auto");
            audit.flush();

            // then
            assertThat(((Number) result.result()).intValue()).isEqualTo(3);
            assertThat(record.outcome()).isEqualTo(ExecutionRecord.OK);
            assertThat(record.toolCalls()).isEqualTo(result.toolCalls()).isEqualTo(4);
            assertThat(record.totalCost()).isEqualByComparingTo("0.008");
            assertThat(sink.toolCalls()).hasSize(4).allSatisfy(c -> {
                assertThat(c.executionId()).isEqualTo(execution.executionId());
                assertThat(c.toolId()).isEqualTo("crm.lookup_customer");
                assertThat(c.virtualKey()).isEqualTo("team-a");
            });
            assertThat(sink.toolCalls()).filteredOn(ToolCallRecord::isError).singleElement()
                    .satisfies(c -> assertThat(c.error()).isEqualTo("no customer x2"));
            assertThat(sink.executions()).containsExactly(record);
        }
    }
}
