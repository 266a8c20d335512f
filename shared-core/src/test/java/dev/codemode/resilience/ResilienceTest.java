package dev.codemode.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolInvoker;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceTest {

    static final CatalogTool LOOKUP = tool("crm", "lookup_customer", ToolAnnotations.readOnly());
    static final CatalogTool UPDATE = tool("crm", "update_customer", ToolAnnotations.NONE);
    static final CatalogTool DELETE = tool("crm", "delete_customer", ToolAnnotations.destructive());
    static final CatalogTool PUT = tool("crm", "put_note", new ToolAnnotations(false, false, true, null));
    static final CatalogTool SEARCH = tool("search", "find", ToolAnnotations.NONE);

    /** A short wait in open state, a small window: a breaker that opens after 2 of 2 calls fail. */
    static final CircuitBreakerConfig QUICK_BREAKER = CircuitBreakerConfig.custom()
            .slidingWindowSize(2)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMillis(200))
            .permittedNumberOfCallsInHalfOpenState(2)
            .build();

    Resilience resilience;

    @AfterEach
    void close() {
        if (resilience != null) {
            resilience.close();
        }
    }

    @Test
    void should_pass_results_and_tool_errors_through_unchanged() {
        resilience = Resilience.ofDefaults();
        ToolInvoker invoker = resilience.decorate((tool, args) -> args.containsKey("bad")
                ? ToolResult.error("no customer c9") : ToolResult.of(Map.of("id", args.get("id"))));

        assertThat(invoker.invoke(UPDATE, Map.of("id", "c1"))).isEqualTo(ToolResult.of(Map.of("id", "c1")));
        assertThat(invoker.invoke(UPDATE, Map.of("bad", true))).isEqualTo(ToolResult.error("no customer c9"));
    }

    @Test
    void should_give_instances_an_injected_registry_does_not_name_the_new_instance_configs() {
        // given registries with Resilience4j's own defaults (a 1 s time limit) and one configured breaker
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.circuitBreaker("crm", QUICK_BREAKER);
        TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
        resilience = Resilience.builder().circuitBreakerRegistry(breakers).timeLimiterRegistry(timeLimiters)
                .newInstanceConfigs(Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG, Resilience.DEFAULT_TIME_LIMITER_CONFIG,
                        null, null)
                .build();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            try {
                Thread.sleep(1_200); // longer than Resilience4j's default time limit, well within the core's
            } catch (InterruptedException e) {
                throw new ToolCallException("interrupted");
            }
            return ToolResult.of("ok");
        });

        // when both servers are called
        assertThat(invoker.invoke(LOOKUP, Map.of())).isEqualTo(ToolResult.of("ok"));
        assertThat(invoker.invoke(SEARCH, Map.of())).isEqualTo(ToolResult.of("ok"));

        // then the named breaker keeps its config and the new ones get the core's
        assertThat(breakers.circuitBreaker("crm").getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(2);
        assertThat(breakers.find("search").orElseThrow().getCircuitBreakerConfig().getSlidingWindowSize())
                .isEqualTo(Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG.getSlidingWindowSize());
        assertThat(timeLimiters.find("search").orElseThrow().getTimeLimiterConfig().getTimeoutDuration())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_open_the_breaker_after_repeated_failures_and_fail_fast_naming_the_server() {
        // given the default breaker: 50 % of at least 5 calls, open for 30 s
        resilience = Resilience.ofDefaults();
        AtomicInteger calls = new AtomicInteger();
        ToolInvoker invoker = resilience.decorate(failing(calls));

        // when 5 calls fail to reach the server
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                    .isInstanceOf(ToolCallException.class)
                    .hasMessage("crm.update_customer failed: connection refused");
        }

        // then the next call fails fast without reaching the server
        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessageMatching("server crm is unavailable \\(circuit open after repeated failures\\);"
                        + " retry after about (29|30) s");
        assertThat(calls).hasValue(5);
        assertThat(resilience.breakerStates()).containsOnlyKeys("crm");
        BreakerState state = resilience.breakerStates().get("crm");
        assertThat(state).isEqualTo(new BreakerState("crm", "OPEN", 100f, 5, 5, 1));
        assertThat(state.isOpen()).isTrue();
    }

    @Test
    void should_count_down_the_time_until_the_breaker_lets_calls_through() throws Exception {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.from(QUICK_BREAKER)
                .waitDurationInOpenState(Duration.ofSeconds(5)).build());
        resilience = Resilience.builder().circuitBreakerRegistry(registry).build();
        ToolInvoker invoker = resilience.decorate(failing(new AtomicInteger()));
        openBreaker(invoker, UPDATE);

        Thread.sleep(1100);

        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .hasMessageEndingWith("retry after about 4 s");
    }

    @Test
    void should_recover_through_half_open_to_closed_once_the_server_answers_again() throws Exception {
        // given an open breaker with a 200 ms wait
        resilience = Resilience.builder().circuitBreakerRegistry(CircuitBreakerRegistry.of(QUICK_BREAKER)).build();
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicInteger calls = new AtomicInteger();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            calls.incrementAndGet();
            if (!up.get()) {
                throw new ToolCallException(tool.id() + " failed: connection refused");
            }
            return ToolResult.of("ok");
        });
        openBreaker(invoker, UPDATE);
        assertThat(resilience.breakerStates().get("crm").state()).isEqualTo("OPEN");

        // when the wait is over and the server is back
        Thread.sleep(300);
        up.set(true);

        // then the trial calls go through: half-open after the first, closed after the second
        assertThat(invoker.invoke(UPDATE, Map.of()).value()).isEqualTo("ok");
        assertThat(resilience.breakerStates().get("crm").state()).isEqualTo("HALF_OPEN");
        assertThat(invoker.invoke(UPDATE, Map.of()).value()).isEqualTo("ok");
        assertThat(resilience.breakerStates().get("crm").state()).isEqualTo("CLOSED");
        assertThat(calls).hasValue(4);
    }

    @Test
    void should_open_again_when_a_trial_call_fails() throws Exception {
        resilience = Resilience.builder().circuitBreakerRegistry(CircuitBreakerRegistry.of(QUICK_BREAKER)).build();
        ToolInvoker invoker = resilience.decorate(failing(new AtomicInteger()));
        openBreaker(invoker, UPDATE);
        Thread.sleep(300);

        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of())).hasMessageContaining("connection refused");
        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of())).hasMessageContaining("connection refused");

        assertThat(resilience.breakerStates().get("crm").state()).isEqualTo("OPEN");
        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .hasMessage("server crm is unavailable (circuit open after repeated failures); retry after about 1 s");
    }

    @Test
    void should_not_count_tool_error_replies_as_failures() {
        resilience = Resilience.builder().circuitBreakerRegistry(CircuitBreakerRegistry.of(QUICK_BREAKER)).build();
        ToolInvoker invoker = resilience.decorate((tool, args) -> ToolResult.error("customer c9 is locked"));

        for (int i = 0; i < 10; i++) {
            assertThat(invoker.invoke(UPDATE, Map.of()).error()).isEqualTo("customer c9 is locked");
        }

        BreakerState state = resilience.breakerStates().get("crm");
        assertThat(state.state()).isEqualTo("CLOSED");
        assertThat(state.failedCalls()).isZero();
        assertThat(state.failureRate()).isZero();
    }

    @Test
    void should_cut_a_slow_call_at_the_time_limit_and_interrupt_it() throws Exception {
        resilience = Resilience.builder()
                .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                        .timeoutDuration(Duration.ofMillis(200)).build()))
                .build();
        CountDownLatch interrupted = new CountDownLatch(1);
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return ToolResult.of("late");
        });

        long start = System.nanoTime();
        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.update_customer timed out after 200 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).as("the call's thread was interrupted").isTrue();
        assertThat(resilience.breakerStates().get("crm").failedCalls()).as("a timeout is a failure").isEqualTo(1);
    }

    @Test
    void should_say_busy_when_the_bulkhead_is_full_without_counting_a_failure() throws Exception {
        resilience = Resilience.builder()
                .bulkheadRegistry(BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(2)
                        .maxWaitDuration(Duration.ZERO).build()))
                .build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(2);
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            if (!tool.serverId().equals("crm")) {
                return ToolResult.of("done");
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.of("done");
        });
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<ToolResult>> running = List.of(
                    callers.submit(() -> invoker.invoke(UPDATE, Map.of())),
                    callers.submit(() -> invoker.invoke(UPDATE, Map.of())));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                    .isInstanceOf(ToolCallException.class)
                    .hasMessage("server crm is busy: too many concurrent calls");
            assertThat(invoker.invoke(SEARCH, Map.of()).value()).as("other servers have their own").isEqualTo("done");

            release.countDown();
            for (Future<ToolResult> f : running) {
                assertThat(f.get(5, TimeUnit.SECONDS).value()).isEqualTo("done");
            }
            assertThat(resilience.breakerStates().get("crm").failedCalls()).isZero();
            assertThat(resilience.breakerStates().get("crm").bufferedCalls()).isEqualTo(2);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void should_retry_read_only_and_idempotent_tools_only() {
        resilience = Resilience.builder().breakerPerTool(true).build(); // keeps each tool's breaker below its minimum
        AtomicInteger calls = new AtomicInteger();
        ToolInvoker invoker = resilience.decorate(failing(calls));

        assertThat(attempts(invoker, LOOKUP, calls)).as("read-only").isEqualTo(3);
        assertThat(attempts(invoker, PUT, calls)).as("idempotent").isEqualTo(3);
        assertThat(attempts(invoker, UPDATE, calls)).as("no hints").isEqualTo(1);
        assertThat(attempts(invoker, DELETE, calls)).as("destructive").isEqualTo(1);
    }

    @Test
    void should_say_how_often_it_tried_and_back_off_exponentially() {
        resilience = Resilience.ofDefaults();
        ToolInvoker invoker = resilience.decorate(failing(new AtomicInteger()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> invoker.invoke(LOOKUP, Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup_customer failed: connection refused (tried 3 times)");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("200 ms + 400 ms")
                .isBetween(Duration.ofMillis(550), Duration.ofSeconds(3));
    }

    @Test
    void should_return_the_result_of_a_retry_that_succeeds() {
        resilience = Resilience.builder().retryRegistry(RetryRegistry.of(RetryConfig.from(Resilience.DEFAULT_RETRY_CONFIG)
                .waitDuration(Duration.ofMillis(10)).build())).build();
        AtomicInteger calls = new AtomicInteger();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            if (calls.incrementAndGet() < 3) {
                throw new ToolCallException(tool.id() + " failed: connection reset");
            }
            return ToolResult.of("third time lucky");
        });

        assertThat(invoker.invoke(LOOKUP, Map.of()).value()).isEqualTo("third time lucky");
        assertThat(calls).hasValue(3);
    }

    @Test
    void should_not_retry_a_timeout_or_an_open_breaker() {
        resilience = Resilience.builder()
                .timeLimiterRegistry(TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                        .timeoutDuration(Duration.ofMillis(100)).build()))
                .circuitBreakerRegistry(CircuitBreakerRegistry.of(QUICK_BREAKER))
                .build();
        AtomicInteger calls = new AtomicInteger();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.of("late");
        });

        assertThatThrownBy(() -> invoker.invoke(LOOKUP, Map.of())).hasMessage("crm.lookup_customer timed out after 100 ms");
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> invoker.invoke(LOOKUP, Map.of())).hasMessageContaining("timed out");
        assertThatThrownBy(() -> invoker.invoke(LOOKUP, Map.of())).hasMessageContaining("circuit open");
        assertThat(calls).hasValue(2);
    }

    @Test
    void should_keep_one_breaker_per_tool_when_asked() {
        resilience = Resilience.builder().breakerPerTool(true)
                .circuitBreakerRegistry(CircuitBreakerRegistry.of(QUICK_BREAKER)).build();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            if (tool.toolId().equals("update_customer")) {
                throw new ToolCallException(tool.id() + " failed: boom");
            }
            return ToolResult.of("fine");
        });

        openBreaker(invoker, UPDATE);

        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .hasMessageStartingWith("crm.update_customer is unavailable (circuit open after repeated failures)");
        assertThat(invoker.invoke(DELETE, Map.of()).value()).isEqualTo("fine");
        assertThat(resilience.breakerStates()).containsOnlyKeys("crm.delete_customer", "crm.update_customer");
        assertThat(resilience.breakerStates().get("crm.update_customer").state()).isEqualTo("OPEN");
        assertThat(resilience.breakerStates().get("crm.delete_customer").state()).isEqualTo("CLOSED");
        assertThat(resilience.breakerName(LOOKUP)).isEqualTo("crm.lookup_customer");
    }

    @Test
    void should_use_the_injected_registries_and_their_instance_configs() {
        // given registries as an application configures them: an instance config for "crm" only
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG);
        breakers.circuitBreaker("crm", QUICK_BREAKER);
        TimeLimiterRegistry limiters = TimeLimiterRegistry.ofDefaults();
        limiters.timeLimiter("crm", TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(150)).build());
        resilience = Resilience.builder().circuitBreakerRegistry(breakers).timeLimiterRegistry(limiters).build();
        ToolInvoker invoker = resilience.decorate(failing(new AtomicInteger()));

        // when both servers fail twice
        openBreaker(invoker, UPDATE);
        openBreaker(invoker, SEARCH);

        // then crm's config opened its breaker, and the other server still uses the default config
        assertThat(resilience.breakerStates().get("crm").state()).isEqualTo("OPEN");
        assertThat(resilience.breakerStates().get("search").state()).isEqualTo("CLOSED");
        assertThat(breakers.circuitBreaker("crm").getState().name()).isEqualTo("OPEN");
        assertThat(limiters.find("crm")).isPresent();
        assertThat(limiters.timeLimiter("search").getTimeLimiterConfig().getTimeoutDuration())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void should_time_out_with_the_injected_instance_config() {
        TimeLimiterRegistry limiters = TimeLimiterRegistry.ofDefaults();
        limiters.timeLimiter("crm", TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(150)).build());
        resilience = Resilience.builder().timeLimiterRegistry(limiters).build();
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.of("late");
        });

        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of())).hasMessage("crm.update_customer timed out after 150 ms");
    }

    @Test
    void should_cancel_the_call_and_keep_the_interrupt_when_the_caller_is_interrupted() throws Exception {
        resilience = Resilience.ofDefaults();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch upstreamInterrupted = new CountDownLatch(1);
        ToolInvoker invoker = resilience.decorate((tool, args) -> {
            entered.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                upstreamInterrupted.countDown();
            }
            return ToolResult.of("late");
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                invoker.invoke(UPDATE, Map.of());
            } catch (RuntimeException e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(ToolCallException.class).hasMessage("crm.update_customer was cancelled");
        assertThat(stillInterrupted).isTrue();
        assertThat(upstreamInterrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(resilience.breakerStates().get("crm").bufferedCalls()).as("not counted").isZero();
    }

    @Test
    void should_stop_its_threads_on_close_and_refuse_later_calls() throws Exception {
        resilience = Resilience.ofDefaults();
        ToolInvoker invoker = resilience.decorate((tool, args) -> ToolResult.of("ok"));
        for (int i = 0; i < 5; i++) {
            invoker.invoke(UPDATE, Map.of());
        }
        assertThat(resilienceThreads()).isNotEmpty().allMatch(Thread::isDaemon);

        resilience.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!resilienceThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(resilienceThreads()).isEmpty();
        assertThatThrownBy(() -> invoker.invoke(UPDATE, Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("server crm is not available: Code Mode is shutting down");
    }

    @Test
    void should_name_the_builder_method_when_given_null() {
        assertThatThrownBy(() -> Resilience.builder().circuitBreakerRegistry(null))
                .isInstanceOf(NullPointerException.class).hasMessage("circuitBreakerRegistry");
        assertThatThrownBy(() -> Resilience.builder().retryRegistry(null)).hasMessage("retryRegistry");
    }

    // ---- helpers ----

    static CatalogTool tool(String server, String name, ToolAnnotations annotations) {
        return new CatalogTool(server, name, new ToolDescriptor(server, name, "", Map.of(), null, annotations), Map.of());
    }

    static ToolInvoker failing(AtomicInteger calls) {
        return (tool, args) -> {
            calls.incrementAndGet();
            throw new ToolCallException(tool.id() + " failed: connection refused");
        };
    }

    static void openBreaker(ToolInvoker invoker, CatalogTool tool) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> invoker.invoke(tool, Map.of())).isInstanceOf(ToolCallException.class);
        }
    }

    static int attempts(ToolInvoker invoker, CatalogTool tool, AtomicInteger calls) {
        int before = calls.get();
        assertThatThrownBy(() -> invoker.invoke(tool, Map.of())).isInstanceOf(ToolCallException.class);
        return calls.get() - before;
    }

    static List<Thread> resilienceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("codemode-resilience-") && t.isAlive())
                .toList();
    }
}
