package dev.codemode.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.policy.ApprovalHandler;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit log as wired by {@link CodeMode}: one record per attempted call and per execution. */
class CodeModeAuditTest {

    static Map<String, Object> schema() {
        return Map.of("type", "object", "properties", Map.of("q", Map.of("type", "string")));
    }

    CodeMode codeMode(InMemoryAuditSink sink, ApprovalHandler handler) {
        return CodeMode.builder()
                .toolSources(FunctionToolSource.builder("search")
                        .tool(new ToolDescriptor("search", "web", "Paid web search.", schema(), null,
                                ToolAnnotations.readOnly()), a -> List.of("hit for " + a.get("q")))
                        .tool("purge", "Delete the index.", schema(), a -> "purged")
                        .build())
                .autoExecute("search.web")
                .auditSink(sink)
                .toolCosts(ToolCosts.builder().price("search.web", new BigDecimal("0.005")).build())
                .approvalHandler(handler)
                .build();
    }

    @Test
    void should_record_every_call_and_the_execution_with_costs_and_caller() {
        InMemoryAuditSink sink = AuditSink.inMemory();
        try (CodeMode cm = codeMode(sink, ApprovalHandler.deny())) {
            cm.call("executeToolCode", Map.of("code", """
                    hits = parallel([(search.web, {"q": q}) for q in ["a", "b", "c"]])
                    result = len(hits)
                    """), new CallContext("key-1", "turn-1"));
        }
        assertThat(sink.toolCalls()).hasSize(3).allSatisfy(call -> {
            assertThat(call.server()).isEqualTo("search");
            assertThat(call.tool()).isEqualTo("web");
            assertThat(call.virtualKey()).isEqualTo("key-1");
            assertThat(call.parentRequestId()).isEqualTo("turn-1");
            assertThat(call.cost()).isEqualByComparingTo("0.005");
            assertThat(call.error()).isNull();
        });
        assertThat(sink.executions()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.approval()).isEqualTo("auto");
            assertThat(e.toolCalls()).isEqualTo(3);
            assertThat(e.totalCost()).isEqualByComparingTo("0.015");
            assertThat(e.executionId()).isEqualTo(sink.toolCalls().get(0).executionId());
        });
    }

    @Test
    void should_record_a_denied_execution_that_ran_nothing() {
        InMemoryAuditSink sink = AuditSink.inMemory();
        try (CodeMode cm = codeMode(sink, ApprovalHandler.deny())) {
            cm.call("executeToolCode", Map.of("code", "search.purge(q=\"all\")"));
        }
        assertThat(sink.toolCalls()).isEmpty();
        assertThat(sink.executions()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.approval()).isEqualTo("denied");
            assertThat(e.error()).isEqualTo("approval denied: search.purge needs approval");
        });
    }

    @Test
    void should_record_tool_errors_and_approved_scripts() {
        InMemoryAuditSink sink = AuditSink.inMemory();
        try (CodeMode cm = codeMode(sink, ApprovalHandler.allowAll())) {
            cm.call("executeToolCode", Map.of("code", "result = search.purge(q=\"x\")\nmissing = [][1]"));
        }
        assertThat(sink.toolCalls()).extracting(ToolCallRecord::tool).containsExactly("purge");
        assertThat(sink.executions()).singleElement().satisfies(e -> {
            assertThat(e.approval()).isEqualTo("approved");
            assertThat(e.outcome()).isEqualTo("error");
            assertThat(e.error()).contains("out of range");
        });
    }

    @Test
    void should_refuse_a_script_that_cannot_run_before_anyone_is_asked_to_approve_it() {
        // given: a handler that counts what it is asked
        InMemoryAuditSink sink = AuditSink.inMemory();
        AtomicInteger asked = new AtomicInteger();
        ApprovalHandler counting = request -> {
            asked.incrementAndGet();
            return ApprovalDecision.approve();
        };
        try (CodeMode cm = codeMode(sink, counting)) {
            // when: each script calls a tool that needs approval, and each fails a cheap check
            MetaToolResult unknownTool = cm.call("executeToolCode",
                    Map.of("code", "search.purge(q=\"x\")\nsearch.nothing()"));
            MetaToolResult unknownName = cm.call("executeToolCode",
                    Map.of("code", "search.purge(q=\"x\")\nresult = undefined_name"));
            MetaToolResult syntax = cm.call("executeToolCode", Map.of("code", "search.purge(q=\"x\")\nfor"));
            MetaToolResult tooLong = cm.call("executeToolCode",
                    Map.of("code", "search.purge(q=\"x\")\n" + "x = 1\n".repeat(20_000)));

            // then: none ran, nobody was asked, and each error says what to fix
            assertThat(unknownTool.text()).contains("search has no tool nothing").contains("\"line\":2");
            assertThat(unknownName.text()).contains("undefined_name");
            assertThat(syntax.text()).contains("\"line\":2");
            assertThat(tooLong.text()).contains("over the limit");
            assertThat(List.of(unknownTool, unknownName, syntax, tooLong)).allMatch(MetaToolResult::isError);
        }
        assertThat(asked).hasValue(0);
        assertThat(sink.toolCalls()).isEmpty();
        assertThat(sink.executions()).hasSize(3).allSatisfy(e -> {
            assertThat(e.approval()).isEqualTo("not needed");
            assertThat(e.outcome()).isEqualTo("error");
        });
    }

    @Test
    void should_start_no_thread_when_the_configuration_is_refused() {
        // given settings the builder refuses, with an audit sink (whose writer is a thread)
        long writersBefore = writers();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> CodeMode.builder().toolSources(FunctionToolSource.builder("search")
                            .tool("web", "Web.", schema(), a -> "hit").build())
                    .auditSink(AuditSink.inMemory()).directTools("search").build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CodeMode.builder().toolSources(FunctionToolSource.builder("search")
                            .tool("web", "Web.", schema(), a -> "hit").build())
                    .auditSink(AuditSink.inMemory()).approvalPolicy(ApprovalPolicy.allowlist()).autoExecute("search.*")
                    .build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // then no audit writer was left running
        assertThat(writers()).isLessThanOrEqualTo(writersBefore);
    }

    private static long writers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(AuditLog.WRITER_THREAD_NAME)).count();
    }
}
