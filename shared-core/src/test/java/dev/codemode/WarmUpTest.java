package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.policy.ApprovalPolicy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void should_warm_up_without_calling_a_tool_writing_audit_records_or_creating_breakers() {
        // given a catalog whose only tool counts its calls, audited
        AtomicInteger calls = new AtomicInteger();
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup", "One customer by id.", Map.of("type", "object", "properties",
                        Map.of("id", Map.of("type", "string"))), a -> Map.of("n", calls.incrementAndGet()))
                .build();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).auditSink(audit)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            // when it warms up twice
            codeMode.warmUp();
            long started = System.nanoTime();
            codeMode.warmUp();
            long again = (System.nanoTime() - started) / 1_000_000;

            // then no tool ran, no breaker exists, and the second warm-up was cheap
            assertThat(calls).hasValue(0);
            assertThat(codeMode.breakerStates()).isEmpty();
            assertThat(again).isLessThan(200);
            // and requests work as before
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.lookup(id='c1')")).text())
                    .contains("\"result\":{\"n\":1}");
        }
        // nothing was recorded for the warm-up: one execution and one tool call, the request's
        assertThat(audit.executions()).hasSize(1);
        assertThat(audit.toolCalls()).hasSize(1);
    }
}
