package dev.codemode.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.ChildProcesses;
import dev.codemode.resilience.faults.FaultMcpServer;
import dev.codemode.resilience.faults.MalformedMcpServer;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.CodeMode;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import dev.codemode.sandbox.Limits;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link Resilience} around {@link McpToolSource} against servers that fail on purpose
 * ({@link FaultMcpServer}, {@link MalformedMcpServer}) over real transports: a child JVM over stdio,
 * embedded Tomcat over streamable HTTP (in this JVM, or in a child JVM where the process must die).
 * Every source, server and process is closed; the class checks that no server process and no
 * non-daemon thread outlives it.
 */
class ResilienceIT {

    /** Opens after 2 of the last 4 calls fail (judged from 4 calls on), for 1 s; 2 trial calls. */
    static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.custom()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(1))
            .permittedNumberOfCallsInHalfOpenState(2)
            .build();

    static final Duration TIME_LIMIT = Duration.ofSeconds(2);

    static Set<Thread> threadsBefore;

    @BeforeAll
    static void rememberThreads() {
        threadsBefore = Thread.getAllStackTraces().keySet();
    }

    @AfterAll
    static void nothingLeftRunning() throws Exception {
        assertThat(serverProcesses()).as("server processes left").isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!leakedThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leakedThreads()).as("non-daemon or resilience threads left").isEmpty();
    }

    /** What both transports must do alike; each test has a server and a source of its own. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        McpToolSource source;
        Resilience resilience;
        ToolInvoker invoker;

        /** A new server of this transport and a source connected to it. */
        abstract McpToolSource open();

        /** Stops what {@link #open()} started besides the source. */
        void stopServer() {
        }

        @BeforeEach
        void connect() {
            source = open();
            resilience = Resilience.builder()
                    .circuitBreakerRegistry(CircuitBreakerRegistry.of(BREAKER))
                    .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(TIME_LIMIT).build()))
                    .build();
            invoker = resilience.decorate(direct(source));
        }

        @AfterEach
        void disconnect() {
            resilience.close();
            source.close();
            stopServer();
        }

        @Test
        void should_open_the_breaker_on_a_failing_server_and_then_fail_fast_without_reaching_it() {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> invoker.invoke(tool(source, "fail"), Map.of()))
                        .isInstanceOf(ToolCallException.class)
                        .hasMessageStartingWith("faulty.fail failed: ")
                        .satisfies(ResilienceIT::oneLine);
            }
            assertThat(serverCalls("fail")).isEqualTo(4);

            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> invoker.invoke(tool(source, "fail"), Map.of()))
                        .isInstanceOf(ToolCallException.class)
                        .hasMessage("server faulty is unavailable (circuit open after repeated failures); retry after about 1 s");
                assertThatThrownBy(() -> invoker.invoke(tool(source, "ok"), Map.of()))
                        .as("the breaker is per server").hasMessageContaining("circuit open");
            }

            // fail fast: six calls well within one call's 2 s time limit (a loose bound: the machine may be busy)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(serverCalls("fail")).as("no call reached the server").isEqualTo(4);
            assertThat(serverCalls("ok")).isZero();
            assertThat(resilience.breakerStates().get("faulty"))
                    .isEqualTo(new BreakerState("faulty", "OPEN", 100f, 4, 4, 6));
        }

        @Test
        void should_recover_through_half_open_once_a_flaky_tool_answers_again() throws Exception {
            // given a tool that fails its first 4 calls: the breaker opens
            for (int i = 0; i < 4; i++) {
                // Over HTTP the SDK's server now and then closes the stream of a failing call before the
                // JSON-RPC error is written ("EOF reached while reading"): a failure all the same.
                assertThatThrownBy(() -> invoker.invoke(tool(source, "flaky"), Map.of("n", 4)))
                        .isInstanceOf(ToolCallException.class)
                        .hasMessageStartingWith("faulty.flaky failed: ");
            }
            assertThatThrownBy(() -> invoker.invoke(tool(source, "flaky"), Map.of("n", 4)))
                    .hasMessageContaining("circuit open");

            // when the wait is over
            Thread.sleep(1_100);

            // then trial calls reach the server, succeed, and close the breaker
            assertThat(invoker.invoke(tool(source, "flaky"), Map.of("n", 4)).value()).isEqualTo("recovered");
            assertThat(resilience.breakerStates().get("faulty").state()).isEqualTo("HALF_OPEN");
            assertThat(invoker.invoke(tool(source, "flaky"), Map.of("n", 4)).value()).isEqualTo("recovered");
            assertThat(resilience.breakerStates().get("faulty").state()).isEqualTo("CLOSED");
            assertThat(serverCalls("flaky")).isEqualTo(6);
        }

        @Test
        void should_cut_a_hanging_call_at_the_time_limit_and_keep_the_source_usable() {
            assertFailsWithin(Duration.ofSeconds(4), () -> invoker.invoke(tool(source, "hang"), Map.of()),
                    "faulty.hang timed out after 2 s");

            assertThat(invoker.invoke(tool(source, "ok"), Map.of()).value()).isEqualTo("ok");
            assertThat(resilience.breakerStates().get("faulty").failedCalls()).isEqualTo(1);
            assertThat(resilience.breakerStates().get("faulty").bufferedCalls()).isEqualTo(2);
        }

        @Test
        void should_answer_slow_calls_within_the_time_limit_side_by_side_as_successes() throws Exception {
            // given four calls that each take 1.5 s of a 2 s limit, at once
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                long start = System.nanoTime();
                List<Future<ToolResult>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(callers.submit(() -> invoker.invoke(tool(source, "slow"), Map.of("ms", 1_500))));
                }

                // then all answer, side by side rather than one after another, and none counts as a failure
                for (Future<ToolResult> call : calls) {
                    assertThat(call.get(10, TimeUnit.SECONDS).value()).isEqualTo("slow");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            } finally {
                callers.shutdownNow();
            }
            assertThat(resilience.breakerStates().get("faulty"))
                    .isEqualTo(new BreakerState("faulty", "CLOSED", 0f, 4, 0, 0));
        }

        @Test
        void should_hold_huge_results_to_the_value_output_and_audit_caps_and_stay_connected() {
            // given a 2,000,000-character answer (over the 100,000 value cap) and a 50,000-character one
            // (within it, over the 2,000 output cap)
            InMemoryAuditSink sink = AuditSink.inMemory();
            Limits limits = Limits.builder().maxValueChars(100_000).maxOutputChars(2_000).build();
            MetaToolResult over;
            MetaToolResult within;
            MetaToolResult after;
            try (CodeMode codeMode = CodeMode.builder().toolSources(source).resilience(resilience).limits(limits)
                    .approvalPolicy(ApprovalPolicy.autoExecuteAll()).auditSink(sink).build()) {
                over = codeMode.call("executeToolCode", Map.of("code", "result = faulty.huge(chars=2000000)"));
                within = codeMode.call("executeToolCode", Map.of("code", "result = faulty.huge(chars=50000)"));
                after = codeMode.call("executeToolCode", Map.of("code", "result = faulty.ok()"));
            }

            // then the first is a clear error, the second is cut to valid JSON, and the connection still works
            assertThat(over.isError()).isTrue();
            assertThat(JsonValues.parse(over.text())).isEqualTo(JsonValues.parse("""
                    {"error": "the result of faulty.huge is larger than 100000 characters of JSON: ask the tool for less (filters, paging)",
                     "line": 1, "column": 21, "logs": [], "toolCalls": 1, "ms": %d,
                     "hint": "pass the tool a filter, a smaller page or a limit, and take only the fields the answer needs"}""".formatted(
                    ((Number) ((Map<?, ?>) JsonValues.parse(over.text())).get("ms")).longValue())));
            assertThat(within.isError()).isFalse();
            assertThat(within.text().length()).isLessThanOrEqualTo(2_000);
            assertThat(within.text()).contains("\"truncated\":");
            assertThat(after.text()).startsWith("{\"result\":\"ok\"");
            // and the audit log has all three calls, results cut to its cap
            assertThat(sink.toolCalls()).extracting(ToolCallRecord::tool).containsExactly("huge", "huge", "ok");
            assertThat(sink.toolCalls()).allSatisfy(r -> assertThat(JsonValues.write(r.result()).length())
                    .isLessThanOrEqualTo(AuditLog.DEFAULT_RESULT_CAP));
            assertThat(resilience.breakerStates().get("faulty").failedCalls()).isZero();
        }

        @Test
        void should_audit_every_attempted_call_whether_it_failed_was_cut_short_or_never_left() {
            InMemoryAuditSink sink = AuditSink.inMemory();
            try (CodeMode codeMode = CodeMode.builder().toolSources(source).resilience(resilience)
                    .approvalPolicy(ApprovalPolicy.autoExecuteAll()).auditSink(sink).build()) {
                codeMode.call("executeToolCode", Map.of("code", """
                        first = faulty.ok()
                        errors = []
                        for i in range(6):
                            value, err = try_call(faulty.fail)
                            errors.append(err)
                        result = errors
                        """));
            }
            // closing CodeMode flushed the log: one record per attempted call, none lost
            assertThat(sink.toolCalls()).hasSize(7);
            assertThat(sink.toolCalls().get(0).error()).isNull();
            assertThat(sink.toolCalls().subList(1, 7)).allSatisfy(r -> assertThat(r.error()).isNotNull());
            assertThat(sink.toolCalls().get(6).error()).startsWith("server faulty is unavailable (circuit open");
            assertThat(sink.executions()).singleElement().satisfies(e -> assertThat(e.toolCalls()).isEqualTo(7));
        }

        int serverCalls(String tool) {
            Object counts = source.callTool("stats", Map.of()).value();
            Object n = ((Map<?, ?>) counts).get(tool);
            return n == null ? 0 : ((Number) n).intValue();
        }
    }

    @Nested
    class Stdio extends Contract {

        @Override
        McpToolSource open() {
            return stdio(FaultMcpServer.class, FaultMcpServer.NAME, "stdio");
        }

        @Test
        void should_report_a_process_that_dies_mid_call_count_it_and_leave_nothing_running() throws Exception {
            List<ProcessHandle> server = serverProcesses();
            assertThat(server).hasSize(1);
            CatalogTool ok = tool(source, "ok");
            CatalogTool die = tool(source, "die");
            assertThat(invoker.invoke(ok, Map.of()).value()).isEqualTo("ok");

            // SDK 2.1.0 does not fail a pending request when the stdio server exits: the time limit ends it
            assertFailsWithin(Duration.ofSeconds(4), () -> invoker.invoke(die, Map.of()), "faulty.die timed out after 2 s");

            assertThat(server.get(0).onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
            assertThatThrownBy(() -> invoker.invoke(ok, Map.of()))
                    .isInstanceOf(ToolCallException.class)
                    .hasMessage("server faulty is not connected");
            assertThat(resilience.breakerStates().get("faulty").failedCalls()).isEqualTo(2);

            resilience.close();
            source.close();
            assertThat(serverProcesses()).isEmpty();
            assertThat(resilienceThreads()).as("executor threads stop on close").isEmpty();
        }

        @Test
        void should_report_a_server_that_exits_between_calls_clearly_until_a_new_source_is_made() throws Exception {
            List<ProcessHandle> server = serverProcesses();
            CatalogTool ok = tool(source, "ok");
            try (CodeMode codeMode = CodeMode.builder().toolSources(source).resilience(resilience)
                    .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
                assertThat(invoker.invoke(tool(source, "exit"), Map.of()).value()).isEqualTo("bye");
                assertThat(server.get(0).onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();

                // McpToolSource does not restart a stdio server: every later call fails at once, the same way
                for (int i = 0; i < 2; i++) {
                    assertFailsWithin(Duration.ofSeconds(1), () -> invoker.invoke(ok, Map.of()),
                            "server faulty is not connected");
                }
                MetaToolResult seen = codeMode.call("executeToolCode", Map.of("code", "result = faulty.ok()"));
                assertThat(seen.isError()).isTrue();
                assertThat(seen.text()).startsWith("{\"error\":\"server faulty is not connected\",\"line\":1,");
            }
            assertThat(resilience.breakerStates().get("faulty").failedCalls()).isEqualTo(3);

            // a catalog built now says why the server has no tools
            try (CodeMode later = CodeMode.builder().toolSources(source).resilience(resilience).build()) {
                assertThat(later.call("executeToolCode", Map.of("code", "result = faulty.ok()")).text())
                        .startsWith("{\"error\":\"server faulty is unavailable: server faulty is not connected\"");
            }

            // a new source starts a new server process
            try (McpToolSource again = open()) {
                assertThat(direct(again).invoke(ok, Map.of()).value()).isEqualTo("ok");
            }
        }

        @Test
        void should_let_a_script_take_the_open_breaker_as_a_value_with_try_call() {
            ToolCatalog catalog = ToolCatalog.of(source);
            try (StarlarkInterpreter interpreter = StarlarkInterpreter.create()) {
                ExecutionResult result = interpreter.execute("""
                        errors = []
                        for i in range(6):
                            value, err = try_call(faulty.fail)
                            errors.append(err)
                        result = errors
                        """, catalog.view(), invoker);

                assertThat(result.error()).isNull();
                List<?> errors = (List<?>) result.result();
                assertThat(errors).hasSize(6);
                assertThat(errors.get(0).toString()).startsWith("faulty.fail failed: ");
                assertThat(errors.get(5).toString())
                        .isEqualTo("server faulty is unavailable (circuit open after repeated failures); retry after about 1 s");
            }
        }
    }

    @Nested
    class Http extends Contract {

        FaultMcpServer.HttpServer server;

        @Override
        McpToolSource open() {
            try {
                server = FaultMcpServer.startHttp(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return McpToolSource.builder(FaultMcpServer.NAME)
                    .streamableHttp(server.baseUrl())
                    .requestTimeout(Duration.ofSeconds(10))
                    .build();
        }

        @Override
        void stopServer() {
            server.close();
        }

        @Test
        void should_not_grow_open_connections_with_calls_failures_or_cut_calls() throws Exception {
            // given a breaker that stays closed, so that every call goes out
            try (Resilience lenient = Resilience.builder()
                    .circuitBreakerRegistry(CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                            .failureRateThreshold(100).minimumNumberOfCalls(1_000).build()))
                    .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(TIME_LIMIT).build()))
                    .build()) {
                ToolInvoker calls = lenient.decorate(direct(source));
                CatalogTool ok = tool(source, "ok");
                CatalogTool fail = tool(source, "fail");
                CatalogTool slow = tool(source, "slow");
                List<Long> open = new ArrayList<>();
                // when each round makes 100 calls that answer and 10 that fail
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 100; i++) {
                        calls.invoke(ok, Map.of());
                    }
                    for (int i = 0; i < 10; i++) {
                        assertThatThrownBy(() -> calls.invoke(fail, Map.of())).isInstanceOf(ToolCallException.class);
                    }
                    open.add(server.openConnections());
                }
                // and then 3 calls at once are cut at the 2 s time limit, the server answering them at 4 s
                ExecutorService callers = Executors.newFixedThreadPool(3);
                try {
                    List<Future<Throwable>> cut = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        cut.add(callers.submit(() -> org.assertj.core.api.Assertions.catchThrowable(
                                () -> calls.invoke(slow, Map.of("ms", 4_000)))));
                    }
                    for (Future<Throwable> call : cut) {
                        assertThat(call.get(10, TimeUnit.SECONDS)).hasMessage("faulty.slow timed out after 2 s");
                    }
                } finally {
                    callers.shutdownNow();
                }
                open.add(server.openConnections());
                Thread.sleep(3_000);
                for (int i = 0; i < 100; i++) {
                    calls.invoke(ok, Map.of());
                }
                open.add(server.openConnections());

                // then connections are reused, not kept per call: rounds two and three add none, and what the
                // cut calls held is given back once the server has answered them
                assertThat(open.get(2)).isLessThanOrEqualTo(open.get(0) + 2);
                assertThat(open.get(4)).isLessThanOrEqualTo(open.get(0) + 2);
            }
        }

        @Test
        void should_fail_clearly_while_the_server_is_down_and_reach_it_again_after_a_restart() throws Exception {
            CatalogTool ok = tool(source, "ok");
            assertThat(invoker.invoke(ok, Map.of()).value()).isEqualTo("ok");
            int port = server.port();

            // while it is down, calls fail at once
            server.close();
            assertFailsWithin(Duration.ofSeconds(1), () -> invoker.invoke(ok, Map.of()), "server faulty is not connected");

            // when it comes back on the same address, the old session is gone: SDK 2.1.0 fails the first
            // call with a clear error and opens a new session, so the source recovers by itself
            server = FaultMcpServer.startHttp(port);
            assertFailsWithin(Duration.ofSeconds(2), () -> invoker.invoke(ok, Map.of()), null);
            assertThat(invoker.invoke(ok, Map.of()).value()).isEqualTo("ok");
            assertThat(server.calls("ok")).isEqualTo(1);
        }

        @Test
        void should_report_a_server_process_that_dies_mid_call_and_count_it() throws Exception {
            Process process = new ProcessBuilder(FaultMcpServer.command(FaultMcpServer.class, "http", "0"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(line).startsWith("PORT ");
                try (McpToolSource remote = McpToolSource.builder(FaultMcpServer.NAME)
                        .streamableHttp("http://127.0.0.1:" + line.substring(5).strip())
                        .requestTimeout(Duration.ofSeconds(10))
                        .build();
                        Resilience own = Resilience.builder()
                                .circuitBreakerRegistry(CircuitBreakerRegistry.of(BREAKER))
                                .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                                        .timeoutDuration(TIME_LIMIT).build()))
                                .build()) {
                    ToolInvoker remoteInvoker = own.decorate(direct(remote));
                    CatalogTool ok = tool(remote, "ok");
                    CatalogTool die = tool(remote, "die");
                    assertThat(remoteInvoker.invoke(ok, Map.of()).value()).isEqualTo("ok");

                    // the connection drops under the pending POST: the SDK fails the call at once
                    assertFailsWithin(Duration.ofSeconds(1), () -> remoteInvoker.invoke(die, Map.of()), null);

                    assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
                    assertFailsWithin(Duration.ofSeconds(1), () -> remoteInvoker.invoke(ok, Map.of()),
                            "server faulty is not connected");
                    assertThat(own.breakerStates().get("faulty").failedCalls()).isEqualTo(2);
                }
            } finally {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A server that answers {@code tools/call} with broken JSON-RPC: each failure is clear and ends at
     * the time limit. The breaker opens after 2 failures of 2 here, so a poisoned connection is given up
     * quickly.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Malformed {

        McpToolSource source;
        Resilience resilience;
        ToolInvoker invoker;
        CatalogTool ok;

        @BeforeEach
        void connect() {
            source = stdio(MalformedMcpServer.class, MalformedMcpServer.NAME);
            resilience = Resilience.builder()
                    .circuitBreakerRegistry(CircuitBreakerRegistry.of(CircuitBreakerConfig.from(BREAKER)
                            .slidingWindowSize(2).minimumNumberOfCalls(2).build()))
                    .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                            .timeoutDuration(Duration.ofSeconds(1)).build()))
                    .build();
            invoker = resilience.decorate(direct(source));
            ok = tool(source, "ok");
        }

        @AfterEach
        void disconnect() {
            resilience.close();
            source.close();
        }

        @Test
        void should_time_out_clearly_on_a_response_that_is_not_json_then_give_the_server_up() {
            assertFailsWithin(Duration.ofSeconds(3), () -> invoker.invoke(tool(source, "garbage"), Map.of()),
                    "malformed.garbage timed out after 1 s");

            // SDK 2.1.0's stdio client stops reading after a line it cannot decode: later calls time out too
            assertFailsWithin(Duration.ofSeconds(3), () -> invoker.invoke(ok, Map.of()), "malformed.ok timed out after 1 s");
            assertFailsWithin(Duration.ofMillis(200), () -> invoker.invoke(ok, Map.of()),
                    "server malformed is unavailable (circuit open after repeated failures); retry after about 1 s");
        }

        @Test
        void should_time_out_clearly_on_a_response_without_result_or_error() {
            assertFailsWithin(Duration.ofSeconds(3), () -> invoker.invoke(tool(source, "no_result"), Map.of()),
                    "malformed.no_result timed out after 1 s");
            assertFailsWithin(Duration.ofSeconds(3), () -> invoker.invoke(ok, Map.of()), "malformed.ok timed out after 1 s");
            assertThat(resilience.breakerStates().get("malformed").state()).isEqualTo("OPEN");
        }

        @Test
        void should_time_out_clearly_on_a_response_with_a_wrong_id_and_stay_usable() {
            assertFailsWithin(Duration.ofSeconds(3), () -> invoker.invoke(tool(source, "wrong_id"), Map.of()),
                    "malformed.wrong_id timed out after 1 s");

            assertThat(invoker.invoke(ok, Map.of()).value()).isEqualTo("ok");
            assertThat(resilience.breakerStates().get("malformed").failedCalls()).isEqualTo(1);
        }
    }

    // ---- helpers ----

    static McpToolSource stdio(Class<?> main, String name, String... args) {
        List<String> command = FaultMcpServer.command(main, args);
        return McpToolSource.builder(name)
                .stdio(command.get(0), command.subList(1, command.size()), Map.of())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Calls the source as the core does, by the tool's original name. */
    static ToolInvoker direct(McpToolSource source) {
        return (tool, args) -> source.callTool(tool.descriptor().name(), args);
    }

    static CatalogTool tool(McpToolSource source, String name) {
        ToolDescriptor descriptor = source.listTools().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow();
        return new CatalogTool(source.serverName(), name, descriptor, Map.of());
    }

    /** {@code call} fails with a one-line {@link ToolCallException} (with {@code message} when given) in time. */
    static void assertFailsWithin(Duration limit, ThrowingCallable call, String message) {
        long start = System.nanoTime();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).isInstanceOf(ToolCallException.class).satisfies(ResilienceIT::oneLine);
        if (message != null) {
            assertThat(thrown).hasMessage(message);
        }
        assertThat(took).isLessThan(limit);
    }

    static void oneLine(Throwable e) {
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception").isNotBlank();
    }

    static List<ProcessHandle> serverProcesses() {
        return ChildProcesses.running(FaultMcpServer.class.getName(), MalformedMcpServer.class.getName());
    }

    static List<Thread> resilienceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("codemode-resilience-"))
                .toList();
    }

    static Set<String> leakedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !threadsBefore.contains(t))
                .filter(t -> !t.isDaemon() || t.getName().startsWith("codemode-resilience-"))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
