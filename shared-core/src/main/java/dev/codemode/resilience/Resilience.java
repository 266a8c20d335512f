package dev.codemode.resilience;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolInvoker;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resilience4j around every upstream tool call: a circuit breaker per server (or per tool), a time
 * limit, a bulkhead per server, and retries for idempotent and read-only tools.
 *
 * <p>{@link #decorate(ToolInvoker)} wraps the plain call in this order, outermost first, which is
 * Resilience4j's recommended one:
 * <pre>
 * Retry ( CircuitBreaker ( TimeLimiter ( Bulkhead ( call ) ) ) )
 * </pre>
 * <ul>
 *   <li><b>Retry</b> (instance: server identifier) only for tools whose annotations say idempotent or
 *       read-only; each attempt passes the breaker and gets its own time limit. The default retries
 *       {@link ToolCallException} only: never an open breaker, a full bulkhead or a timeout.</li>
 *   <li><b>CircuitBreaker</b> (instance: server identifier, or {@code server.tool} with
 *       {@link Builder#breakerPerTool(boolean)}) counts failures to call: a {@link ToolCallException}
 *       and a timeout. A tool's own error reply ({@link ToolResult#isError()}) is a result, so a
 *       success (unless the breaker's config has a {@code recordResult} predicate that says
 *       otherwise). A full bulkhead or a cancelled caller is not counted: it says nothing about the
 *       server.</li>
 *   <li><b>TimeLimiter</b> (instance: server identifier) runs the call on a daemon thread of this
 *       object and interrupts it when the time is up, or when the caller is interrupted.</li>
 *   <li><b>Bulkhead</b> (instance: server identifier) bounds the calls really in flight to the
 *       server: a call cut by the time limit keeps its permit until its thread has stopped.</li>
 * </ul>
 *
 * <p>Every failure becomes a {@link ToolCallException} with one line for the model, e.g.
 * {@code server crm is unavailable (circuit open after repeated failures); retry after about 27 s},
 * {@code crm.lookup_customer timed out after 30 s}, {@code server crm is busy: too many concurrent calls}.
 * A script catches them with {@code try_call} like any other failed call.
 *
 * <p>The registries are injectable, so an application's configured Resilience4j registries (Spring's
 * {@code resilience4j.circuitbreaker.instances.<server>.*} properties among them) apply. Defaults are
 * {@link #DEFAULT_CIRCUIT_BREAKER_CONFIG}, {@link #DEFAULT_TIME_LIMITER_CONFIG},
 * {@link #DEFAULT_BULKHEAD_CONFIG} and {@link #DEFAULT_RETRY_CONFIG}. {@link #close()} stops the
 * time limiter's threads; the registries, which may be shared, are left alone.
 */
public final class Resilience implements AutoCloseable {

    /**
     * Failure rate 50 % over a count-based window of the last 10 calls, judged from 5 calls on; open for
     * 30 s, then 3 trial calls in half-open decide between closed and open again. Slow calls are not
     * counted as failures (the time limit turns really slow calls into failures).
     */
    public static final CircuitBreakerConfig DEFAULT_CIRCUIT_BREAKER_CONFIG = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(30))
            .permittedNumberOfCallsInHalfOpenState(3)
            .build();

    /** 30 s per attempt; the call's thread is interrupted when the time is up. */
    public static final TimeLimiterConfig DEFAULT_TIME_LIMITER_CONFIG = TimeLimiterConfig.custom()
            .timeoutDuration(Duration.ofSeconds(30))
            .cancelRunningFuture(true)
            .build();

    /** 25 calls in flight per server; one more is refused at once (no waiting). */
    public static final BulkheadConfig DEFAULT_BULKHEAD_CONFIG = BulkheadConfig.custom()
            .maxConcurrentCalls(25)
            .maxWaitDuration(Duration.ZERO)
            .build();

    /**
     * 3 attempts in all, waiting 200 ms then 400 ms, retrying {@link ToolCallException} only (and only
     * for idempotent or read-only tools: the others are never retried).
     */
    public static final RetryConfig DEFAULT_RETRY_CONFIG = RetryConfig.custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
            .retryOnException(e -> e instanceof ToolCallException)
            .build();

    private final CircuitBreakerRegistry circuitBreakerRegistry;
    private final TimeLimiterRegistry timeLimiterRegistry;
    private final BulkheadRegistry bulkheadRegistry;
    private final RetryRegistry retryRegistry;
    private final CircuitBreakerConfig newCircuitBreakerConfig;
    private final TimeLimiterConfig newTimeLimiterConfig;
    private final BulkheadConfig newBulkheadConfig;
    private final RetryConfig newRetryConfig;
    private final boolean breakerPerTool;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The breakers this object has used, by instance name, with when each last opened. */
    private final Map<String, OpenTracker> breakers = new ConcurrentHashMap<>();

    private Resilience(Builder b) {
        this.circuitBreakerRegistry = b.circuitBreakerRegistry != null ? b.circuitBreakerRegistry
                : CircuitBreakerRegistry.of(DEFAULT_CIRCUIT_BREAKER_CONFIG);
        this.timeLimiterRegistry = b.timeLimiterRegistry != null ? b.timeLimiterRegistry
                : TimeLimiterRegistry.of(DEFAULT_TIME_LIMITER_CONFIG);
        this.bulkheadRegistry = b.bulkheadRegistry != null ? b.bulkheadRegistry
                : BulkheadRegistry.of(DEFAULT_BULKHEAD_CONFIG);
        this.retryRegistry = b.retryRegistry != null ? b.retryRegistry : RetryRegistry.of(DEFAULT_RETRY_CONFIG);
        this.newCircuitBreakerConfig = b.newCircuitBreakerConfig;
        this.newTimeLimiterConfig = b.newTimeLimiterConfig;
        this.newBulkheadConfig = b.newBulkheadConfig;
        this.newRetryConfig = b.newRetryConfig;
        this.breakerPerTool = b.breakerPerTool != null && b.breakerPerTool;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "codemode-resilience-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything by default: {@code Resilience.builder().build()}. */
    public static Resilience ofDefaults() {
        return builder().build();
    }

    /**
     * {@code next} with retry, circuit breaker, time limit and bulkhead around each call, in the order
     * the class comment gives. Tool error replies pass through unchanged.
     */
    public ToolInvoker decorate(ToolInvoker next) {
        Objects.requireNonNull(next, "next");
        return (tool, arguments) -> invoke(next, tool, arguments);
    }

    /**
     * The breakers this object has used so far (one per server that saw a call, or per tool), by
     * instance name in name order. Breakers of a shared registry that no call went through are not
     * listed.
     */
    public Map<String, BreakerState> breakerStates() {
        Map<String, BreakerState> states = new TreeMap<>();
        for (OpenTracker tracker : breakers.values()) {
            CircuitBreaker breaker = tracker.breaker;
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            states.put(breaker.getName(), new BreakerState(breaker.getName(), breaker.getState().name(),
                    metrics.getFailureRate(), metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(),
                    metrics.getNumberOfNotPermittedCalls()));
        }
        return Collections.unmodifiableMap(states);
    }

    /**
     * The state of the breaker calls to {@code tool} go through, lower case ({@code closed}, {@code open},
     * {@code half_open}, {@code forced_open}, ...), or {@code none} before its first call.
     */
    public String breakerState(CatalogTool tool) {
        return circuitBreakerRegistry.find(breakerName(tool))
                .map(b -> b.getState().name().toLowerCase(java.util.Locale.ROOT)).orElse("none");
    }

    /** The breaker instance name for calls to {@code tool}: the server identifier, or {@code server.tool}. */
    public String breakerName(CatalogTool tool) {
        return breakerPerTool ? tool.id() : tool.serverId();
    }

    /**
     * Stops the time limiter's threads, interrupting calls still running; later calls fail with a
     * {@link ToolCallException}. The registries are not touched.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ToolResult invoke(ToolInvoker next, CatalogTool tool, Map<String, Object> arguments) {
        if (closed.get()) {
            throw new ToolCallException(closedMessage(tool));
        }
        String server = tool.serverId();
        CircuitBreaker breaker = breaker(tool);
        TimeLimiter timeLimiter = timeLimiterRegistry.find(server).orElseGet(() -> newTimeLimiterConfig == null
                ? timeLimiterRegistry.timeLimiter(server) : timeLimiterRegistry.timeLimiter(server, newTimeLimiterConfig));
        Bulkhead bulkhead = bulkheadRegistry.find(server).orElseGet(() -> newBulkheadConfig == null
                ? bulkheadRegistry.bulkhead(server) : bulkheadRegistry.bulkhead(server, newBulkheadConfig));
        AtomicInteger attempts = new AtomicInteger();

        Callable<ToolResult> call = () -> next.invoke(tool, arguments);
        Callable<ToolResult> bulkheaded = Bulkhead.decorateCallable(bulkhead, call);
        Callable<ToolResult> timeLimited = timeLimited(timeLimiter, bulkheaded);
        Callable<ToolResult> guarded = guarded(breaker, timeLimited);
        Callable<ToolResult> counted = () -> {
            attempts.incrementAndGet();
            return guarded.call();
        };
        Callable<ToolResult> decorated = tool.descriptor().annotations().isIdempotent()
                ? Retry.decorateCallable(retry(server), counted)
                : counted;
        try {
            return decorated.call();
        } catch (Exception e) {
            throw failure(tool, breaker, timeLimiter, attempts.get(), e);
        }
    }

    /** Runs {@code call} on this object's executor within the time limit; cancels it when the caller is interrupted. */
    private Callable<ToolResult> timeLimited(TimeLimiter timeLimiter, Callable<ToolResult> call) {
        return () -> {
            AtomicReference<Future<ToolResult>> running = new AtomicReference<>();
            Callable<ToolResult> limited = TimeLimiter.decorateFutureSupplier(timeLimiter, () -> {
                Future<ToolResult> future = executor.submit(call);
                running.set(future);
                return future;
            });
            try {
                return limited.call();
            } catch (InterruptedException e) {
                // Resilience4j leaves the future running when the waiting thread is interrupted.
                Future<ToolResult> future = running.get();
                if (future != null) {
                    future.cancel(true);
                }
                Thread.currentThread().interrupt();
                throw new CallCancelledException();
            }
        };
    }

    /**
     * The circuit breaker as Resilience4j's {@code decorateCallable} does it, except that outcomes which
     * say nothing about the server (full bulkhead, cancelled caller, closed executor) release the
     * permission instead of counting as failures.
     */
    private static Callable<ToolResult> guarded(CircuitBreaker breaker, Callable<ToolResult> call) {
        return () -> {
            breaker.acquirePermission();
            long start = breaker.getCurrentTimestamp();
            try {
                ToolResult result = call.call();
                breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
                return result;
            } catch (BulkheadFullException | AcquirePermissionCancelledException | RejectedExecutionException
                    | CallCancelledException e) {
                breaker.releasePermission();
                throw e;
            } catch (Exception e) {
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                throw e;
            } catch (Error e) {
                breaker.releasePermission();
                throw e;
            }
        };
    }

    private Retry retry(String server) {
        return retryRegistry.find(server).orElseGet(() -> newRetryConfig == null
                ? retryRegistry.retry(server) : retryRegistry.retry(server, newRetryConfig));
    }

    private CircuitBreaker breaker(CatalogTool tool) {
        String name = breakerName(tool);
        CircuitBreaker breaker = circuitBreakerRegistry.find(name).orElseGet(() -> newCircuitBreakerConfig == null
                ? circuitBreakerRegistry.circuitBreaker(name)
                : circuitBreakerRegistry.circuitBreaker(name, newCircuitBreakerConfig));
        OpenTracker tracker = breakers.get(breaker.getName());
        if (tracker == null || tracker.breaker != breaker) {
            breakers.compute(breaker.getName(), (key, old) -> old != null && old.breaker == breaker
                    ? old : new OpenTracker(breaker));
        }
        return breaker;
    }

    private RuntimeException failure(CatalogTool tool, CircuitBreaker breaker, TimeLimiter timeLimiter,
            int attempts, Exception e) {
        if (e instanceof ToolCallException call) {
            return attempts > 1 ? new ToolCallException(call.getMessage() + " (tried " + attempts + " times)", call) : call;
        }
        if (e instanceof CallNotPermittedException) {
            return new ToolCallException(notPermittedMessage(tool, breaker), e);
        }
        if (e instanceof TimeoutException) {
            return new ToolCallException(tool.id() + " timed out after "
                    + seconds(timeLimiter.getTimeLimiterConfig().getTimeoutDuration()), e);
        }
        if (e instanceof BulkheadFullException || e instanceof AcquirePermissionCancelledException) {
            return new ToolCallException("server " + tool.serverId() + " is busy: too many concurrent calls", e);
        }
        if (e instanceof CallCancelledException) {
            return new ToolCallException(tool.id() + " was cancelled", e);
        }
        if (e instanceof RejectedExecutionException) {
            return new ToolCallException(closedMessage(tool), e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime; // a tool source broke its contract: passed on as it came
        }
        return new ToolCallException(tool.id() + " failed: " + Failures.cause(e), e);
    }

    private String notPermittedMessage(CatalogTool tool, CircuitBreaker breaker) {
        String who = breakerPerTool ? tool.id() : "server " + tool.serverId();
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.HALF_OPEN) {
            return who + " is unavailable (circuit half-open: trial calls are under way); retry in a few seconds";
        }
        if (state == CircuitBreaker.State.FORCED_OPEN) {
            return who + " is unavailable (circuit forced open by an operator)";
        }
        OpenTracker tracker = breakers.get(breaker.getName());
        long seconds = tracker == null ? 0 : tracker.secondsUntilRetry();
        return who + " is unavailable (circuit open after repeated failures); retry after about "
                + Math.max(1, seconds) + " s";
    }

    private static String closedMessage(CatalogTool tool) {
        return "server " + tool.serverId() + " is not available: Code Mode is shutting down";
    }

    static String seconds(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    /**
     * When a breaker last opened and how many times in a row, to say when it will let calls through:
     * Resilience4j keeps that instant private, so it is taken from the breaker's state-transition events.
     */
    private static final class OpenTracker {

        final CircuitBreaker breaker;
        /** {@link System#nanoTime()} when the breaker last opened; 0 while unknown. */
        private volatile long openedAt;
        /** Transitions to OPEN since the breaker was last closed: the attempt the wait interval is computed for. */
        private volatile int opens;

        OpenTracker(CircuitBreaker breaker) {
            this.breaker = breaker;
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                opens = 1;
            }
            breaker.getEventPublisher().onStateTransition(event -> {
                switch (event.getStateTransition().getToState()) {
                    case OPEN -> {
                        opens++;
                        openedAt = System.nanoTime();
                    }
                    case CLOSED, DISABLED, METRICS_ONLY -> opens = 0;
                    default -> {
                        // HALF_OPEN and FORCED_OPEN keep the count: a failed trial opens for longer
                    }
                }
            });
        }

        long secondsUntilRetry() {
            long wait = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(Math.max(1, opens));
            long since = openedAt == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
            long remaining = Math.max(0, wait - since);
            return (remaining + 999) / 1000;
        }
    }

    /** The caller was interrupted while the call ran; the call was cancelled. */
    private static final class CallCancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallCancelledException() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * Builds a {@link Resilience}. Every setting is optional; what is not set gets the defaults named in
     * the class comment.
     */
    public static final class Builder {

        private CircuitBreakerRegistry circuitBreakerRegistry;
        private TimeLimiterRegistry timeLimiterRegistry;
        private BulkheadRegistry bulkheadRegistry;
        private RetryRegistry retryRegistry;
        private CircuitBreakerConfig newCircuitBreakerConfig;
        private TimeLimiterConfig newTimeLimiterConfig;
        private BulkheadConfig newBulkheadConfig;
        private RetryConfig newRetryConfig;
        private Boolean breakerPerTool;

        private Builder() {
        }

        /** Where breakers come from, by instance name; default: a registry of {@link #DEFAULT_CIRCUIT_BREAKER_CONFIG}. */
        public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
            this.circuitBreakerRegistry = Objects.requireNonNull(registry, "circuitBreakerRegistry");
            return this;
        }

        /** Where time limiters come from, by server identifier; default: {@link #DEFAULT_TIME_LIMITER_CONFIG}. */
        public Builder timeLimiterRegistry(TimeLimiterRegistry registry) {
            this.timeLimiterRegistry = Objects.requireNonNull(registry, "timeLimiterRegistry");
            return this;
        }

        /** Where bulkheads come from, by server identifier; default: {@link #DEFAULT_BULKHEAD_CONFIG}. */
        public Builder bulkheadRegistry(BulkheadRegistry registry) {
            this.bulkheadRegistry = Objects.requireNonNull(registry, "bulkheadRegistry");
            return this;
        }

        /**
         * Where retries come from, by server identifier; default: {@link #DEFAULT_RETRY_CONFIG}. A config
         * of your own should retry {@link ToolCallException} only, as the default does.
         */
        public Builder retryRegistry(RetryRegistry registry) {
            this.retryRegistry = Objects.requireNonNull(registry, "retryRegistry");
            return this;
        }

        /**
         * The configs of instances an injected registry does not hold yet, instead of that registry's own
         * default: an application's registry (Spring's among them) configures the instances it names
         * and leaves the others to these. {@code null} keeps the registry's default for that kind.
         * Typically {@link #DEFAULT_CIRCUIT_BREAKER_CONFIG} and its siblings, when the application has
         * set no defaults of its own.
         */
        public Builder newInstanceConfigs(CircuitBreakerConfig circuitBreaker, TimeLimiterConfig timeLimiter,
                BulkheadConfig bulkhead, RetryConfig retry) {
            this.newCircuitBreakerConfig = circuitBreaker;
            this.newTimeLimiterConfig = timeLimiter;
            this.newBulkheadConfig = bulkhead;
            this.newRetryConfig = retry;
            return this;
        }

        /**
         * {@code false} (the default): one breaker per server, named by its identifier; {@code true}: one per
         * tool, named {@code server.tool}, so one broken tool does not shut its whole server off.
         */
        public Builder breakerPerTool(boolean perTool) {
            this.breakerPerTool = perTool;
            return this;
        }

        public Resilience build() {
            return new Resilience(this);
        }
    }
}
