package dev.codemode.audit;

import static dev.codemode.audit.AuditFixtures.LOOKUP;
import static dev.codemode.audit.AuditFixtures.PING;
import static dev.codemode.audit.AuditFixtures.SEARCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.ScriptError;
import dev.codemode.catalog.ToolInvoker;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the log records for tool calls and script runs. */
class AuditLogTest {

    static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    static final CallContext CALLER = new CallContext("team-a", "req-7");

    final InMemoryAuditSink sink = AuditSink.inMemory();
    final AuditLog log = AuditLog.builder()
            .sink(sink)
            .costs(ToolCosts.builder().price("crm.*", new BigDecimal("0.002")).price("search.*", new BigDecimal("0.01"))
                    .build())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void should_give_each_run_its_own_id_and_a_log_that_records_nothing_none() {
        assertThat(log.begin(CALLER).executionId()).isNotEqualTo(log.begin(CALLER).executionId())
                .hasSize(36);
        assertThat(AuditLog.none().begin(CALLER).executionId()).isEqualTo("none");
    }

    @Test
    void should_record_a_successful_call_with_context_arguments_result_latency_and_cost() {
        // given
        ToolInvoker tools = log.decorate((tool, args) -> ToolResult.of(Map.of("name", "Ada")), "e1", CALLER);

        // when
        ToolResult result = tools.invoke(LOOKUP, Map.of("customer_id", "c42"));
        log.flush();

        // then
        assertThat(result.value()).isEqualTo(Map.of("name", "Ada"));
        assertThat(sink.toolCalls()).singleElement().satisfies(r -> {
            assertThat(r.timestamp()).isEqualTo(NOW);
            assertThat(r.executionId()).isEqualTo("e1");
            assertThat(r.parentRequestId()).isEqualTo("req-7");
            assertThat(r.virtualKey()).isEqualTo("team-a");
            assertThat(r.server()).isEqualTo("crm");
            assertThat(r.tool()).isEqualTo("lookup_customer");
            assertThat(r.arguments()).isEqualTo(Map.of("customer_id", "c42"));
            assertThat(r.result()).isEqualTo(Map.of("name", "Ada"));
            assertThat(r.error()).isNull();
            assertThat(r.latency()).isPositive();
            assertThat(r.cost()).isEqualByComparingTo("0.002");
        });
    }

    @Test
    void should_record_a_tool_error_in_the_error_field_and_still_charge_it() {
        // given
        ToolInvoker tools = log.decorate((tool, args) -> ToolResult.error("no such customer"), "e1", CALLER);

        // when
        ToolResult result = tools.invoke(LOOKUP, Map.of("customer_id", "nobody"));
        log.flush();

        // then
        assertThat(result.isError()).isTrue();
        assertThat(sink.toolCalls()).singleElement().satisfies(r -> {
            assertThat(r.isError()).isTrue();
            assertThat(r.error()).isEqualTo("no such customer");
            assertThat(r.result()).isNull();
            assertThat(r.cost()).isEqualByComparingTo("0.002");
        });
    }

    @Test
    void should_record_a_thrown_exception_and_rethrow_it_unchanged() {
        // given
        ToolCallException failure = new ToolCallException("crm.lookup_customer timed out after 5 s");
        IllegalStateException bug = new IllegalStateException("boom");
        ToolInvoker tools = log.decorate((tool, args) -> {
            throw tool == LOOKUP ? failure : bug;
        }, "e1", CALLER);

        // when / then
        assertThatThrownBy(() -> tools.invoke(LOOKUP, Map.of())).isSameAs(failure);
        assertThatThrownBy(() -> tools.invoke(PING, Map.of())).isSameAs(bug);
        log.flush();
        assertThat(sink.toolCalls()).hasSize(2);
        assertThat(sink.toolCalls().get(0).error()).isEqualTo("crm.lookup_customer timed out after 5 s");
        assertThat(sink.toolCalls().get(0).cost()).isEqualByComparingTo("0");
        // not a ToolCallException: its type and cause class, never its text (it may hold a credential)
        assertThat(sink.toolCalls().get(1).error())
                .isEqualTo("java.lang.IllegalStateException: unexpected error (see the application log)");
    }

    @Test
    void should_cap_recorded_results_but_return_the_full_result_to_the_script() {
        // given
        AuditLog capped = AuditLog.builder().sink(sink).resultCap(100).build();
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(Map.of("id", i));
        }
        ToolInvoker tools = capped.decorate((tool, args) -> ToolResult.of(rows), "e1", CALLER);

        // when
        ToolResult result = tools.invoke(SEARCH, Map.of("q", "x"));
        capped.close();

        // then
        assertThat(result.value()).isSameAs(rows);
        Object recorded = sink.toolCalls().get(0).result();
        assertThat(JsonValues.write(recorded).length()).isLessThanOrEqualTo(100);
        assertThat((List<?>) recorded).first().isEqualTo(Map.of("id", 0));
    }

    @Test
    void should_total_calls_and_cost_of_one_execution_made_from_several_threads() throws Exception {
        // given
        AuditLog.Execution execution = log.begin("e2", CALLER);
        ToolInvoker tools = execution.invoker((tool, args) -> {
            if (tool == PING) {
                throw new ToolCallException("ops is down");
            }
            return ToolResult.of("ok");
        });
        AuditLog.Execution other = log.begin("e3", CALLER);
        ToolInvoker otherTools = other.invoker((tool, args) -> ToolResult.of("ok"));
        int threads = 8;
        int callsPerThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();

        // when: each thread makes 50 calls: crm (0.002), search (0.01), ops (throws, free) in turn
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < callsPerThread; i++) {
                    var tool = switch (i % 3) {
                        case 0 -> LOOKUP;
                        case 1 -> SEARCH;
                        default -> PING;
                    };
                    try {
                        tools.invoke(tool, Map.of("i", i));
                    } catch (ToolCallException expected) {
                        // recorded, free
                    }
                }
                otherTools.invoke(LOOKUP, Map.of());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ExecutionRecord record = execution.finish("script", ExecutionRecord.OK, null, Duration.ofMillis(42), "auto");
        log.flush();

        // then: per thread 17 crm + 17 search + 16 ops calls
        int total = threads * callsPerThread;
        BigDecimal expected = new BigDecimal("0.002").add(new BigDecimal("0.01")).multiply(BigDecimal.valueOf(17L * threads));
        assertThat(record.toolCalls()).isEqualTo(total);
        assertThat(record.totalCost()).isEqualByComparingTo(expected);
        assertThat(execution.totalCost()).isEqualByComparingTo(expected);
        assertThat(other.toolCalls()).isEqualTo(threads);
        assertThat(sink.toolCalls()).filteredOn(r -> r.executionId().equals("e2")).hasSize(total);
        assertThat(sink.toolCalls().stream().filter(r -> r.executionId().equals("e2")).map(ToolCallRecord::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(expected);
        assertThat(sink.executions()).singleElement().satisfies(r -> {
            assertThat(r.executionId()).isEqualTo("e2");
            assertThat(r.timestamp()).isEqualTo(NOW);
            assertThat(r.virtualKey()).isEqualTo("team-a");
            assertThat(r.parentRequestId()).isEqualTo("req-7");
            assertThat(r.duration()).isEqualTo(Duration.ofMillis(42));
            assertThat(r.approval()).isEqualTo("auto");
        });
    }

    @Test
    void should_map_an_error_kind_to_an_outcome_and_finish_only_once() {
        // given
        AuditLog.Execution timedOut = log.begin("e4", CallContext.anonymous());
        AuditLog.Execution ok = log.begin("e5", null);
        AuditLog.Execution limited = log.begin("e6", null);

        // when
        ExecutionRecord t = timedOut.finish("while_true()", ExecutionRecord.outcomeOf("timeout"), "script ran over 5 s",
                Duration.ofSeconds(5), "not needed");
        ExecutionRecord o = ok.finish("result = 1", ExecutionRecord.outcomeOf(null), null, null, "approved");
        ExecutionRecord l = limited.finish("x", ExecutionRecord.outcomeOf("limit"), "too many tool calls", null, "auto");

        // then
        assertThat(t.outcome()).isEqualTo(ExecutionRecord.TIMEOUT);
        assertThat(t.error()).isEqualTo("script ran over 5 s");
        assertThat(t.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.virtualKey()).isNull();
        assertThat(o.outcome()).isEqualTo(ExecutionRecord.OK);
        assertThat(o.isSuccess()).isTrue();
        assertThat(l.outcome()).isEqualTo(ExecutionRecord.LIMIT);
        assertThat(ExecutionRecord.outcomeOf("denied")).isEqualTo(ExecutionRecord.DENIED);
        assertThat(ExecutionRecord.outcomeOf("runtime")).isEqualTo(ExecutionRecord.ERROR);
        assertThatThrownBy(() -> ok.finish("again", ExecutionRecord.OK, null, null, "auto"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("e5");
    }

    @Test
    void should_record_a_denied_script_without_tool_calls() {
        // when
        ExecutionRecord denied = log.begin("e7", CALLER)
                .finish("crm.delete_all()", ExecutionRecord.DENIED, "approval refused", null, "denied");
        log.flush();

        // then
        assertThat(denied.toolCalls()).isZero();
        assertThat(denied.totalCost()).isEqualByComparingTo("0");
        assertThat(denied.duration().isNegative()).isFalse();
        assertThat(sink.records()).containsExactly(denied);
    }

    @Test
    void should_require_a_sink_and_sane_settings() {
        assertThatThrownBy(() -> AuditLog.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("AuditLog.builder().sink(");
        assertThatThrownBy(() -> AuditLog.builder().sink(sink).bufferSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> AuditLog.builder().sink(sink).resultCap(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resultCap");
    }
}
