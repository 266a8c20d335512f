package dev.codemode.audit;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.catalog.ToolInvoker;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: records every tool call a script makes and every script run, prices the calls,
 * and hands the records to an {@link AuditSink} on its own writer thread.
 *
 * <h2>Writing</h2>
 * {@link #record} puts a record into a bounded buffer and returns; one daemon thread named
 * {@value #WRITER_THREAD_NAME} drains the buffer into the sink, so a slow sink never slows a script
 * down by more than the offer timeout. Nothing disappears without a trace; every record ends up in
 * exactly one count of {@link #stats()}:
 * <ul>
 *   <li>{@code written}: the sink took it;</li>
 *   <li>{@code failed}: the sink threw (a warning is logged with the exception, at most once per
 *       10 s with the number of failures since; the writer goes on);</li>
 *   <li>{@code dropped}: the buffer stayed full for the whole offer timeout (a warning is logged when a
 *       burst of drops starts, at most once per 10 s, with the count so far), or the record came after
 *       {@link #close()};</li>
 *   <li>{@code pending}: still buffered or being written.</li>
 * </ul>
 * {@link #flush()} waits until every record given before it has been handed to the sink and the sink
 * flushed; {@link #close()} does the same, then stops the writer thread and closes the sink.
 *
 * <h2>Decorating tool calls</h2>
 * The log wraps the {@link ToolInvoker} a script calls tools through. {@code CodeMode} puts it
 * outermost, around the view check, the approval and resilience, so a refused call is recorded with
 * its refusal and retries of one call are one record:
 *
 * <pre>{@code
 * AuditLog.Execution execution = auditLog.begin(executionId, callContext);
 * ToolInvoker recorded = execution.invoker(approvedAndResilient);
 * // ... the run's calls go through recorded ...
 * execution.finish(code, ExecutionRecord.outcomeOf(errorKind), error, duration, "auto");
 * }</pre>
 *
 * See {@link Execution} for what one run records. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {

    public static final int DEFAULT_BUFFER_SIZE = 10_000;
    public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_RESULT_CAP = 4_000;
    public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    /** The smallest result cap: room for a short string or a few keys. */
    public static final int MIN_RESULT_CAP = 32;
    public static final String WRITER_THREAD_NAME = "codemode-audit";
    static final long WARN_INTERVAL_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** Ends the writer loop; everything queued before it has been handled. */
    private static final Object STOP = new Object();

    private final AuditSink sink;
    private final ToolCosts costs;
    private final int resultCap;
    private final long offerTimeoutNanos;
    private final Duration closeTimeout;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    /** False for {@link #none()}: nothing is recorded and there is no writer thread. */
    private final boolean enabled;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final AtomicLong failuresSinceWarning = new AtomicLong();
    private volatile long lastFailureWarningNanos;
    private volatile long lastDropWarningNanos;
    private boolean closeDone;

    private static final AuditLog NONE = new AuditLog();

    /** The log of a host that records nothing: no sink, no thread; executions are counted, not written. */
    private AuditLog() {
        this.sink = record -> { };
        this.costs = ToolCosts.none();
        this.offerTimeoutNanos = 0;
        this.resultCap = DEFAULT_RESULT_CAP;
        this.closeTimeout = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.queue = new ArrayBlockingQueue<>(1);
        this.writer = null;
        this.enabled = false;
    }

    /** A log that records nothing, for a host configured without audit. */
    public static AuditLog none() {
        return NONE;
    }

    /** False for {@link #none()}. */
    public boolean isEnabled() {
        return enabled;
    }

    private AuditLog(Builder b) {
        this.enabled = true;
        this.sink = Objects.requireNonNull(b.sink, "sink is required: call AuditLog.builder().sink(...)");
        this.costs = b.costs == null ? ToolCosts.none() : b.costs;
        int bufferSize = b.bufferSize == null ? DEFAULT_BUFFER_SIZE : b.bufferSize;
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1: " + bufferSize);
        }
        Duration offerTimeout = b.offerTimeout == null ? DEFAULT_OFFER_TIMEOUT : b.offerTimeout;
        if (offerTimeout.isNegative()) {
            throw new IllegalArgumentException("offerTimeout must not be negative: " + offerTimeout);
        }
        this.offerTimeoutNanos = offerTimeout.toNanos();
        this.resultCap = b.resultCap == null ? DEFAULT_RESULT_CAP : b.resultCap;
        if (resultCap < MIN_RESULT_CAP) {
            throw new IllegalArgumentException("resultCap must be at least " + MIN_RESULT_CAP + ": " + resultCap);
        }
        this.closeTimeout = b.closeTimeout == null ? DEFAULT_FLUSH_TIMEOUT : b.closeTimeout;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.lastFailureWarningNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS);
        this.lastDropWarningNanos = lastFailureWarningNanos;
        this.writer = new Thread(this::drain, WRITER_THREAD_NAME);
        writer.setDaemon(true);
        writer.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- executions and tool calls

    /**
     * Starts recording one script run. Use the returned {@link Execution}'s {@link Execution#invoker}
     * for the run's tool calls and call {@link Execution#finish} once when it ends.
     *
     * @param executionId the id every record of the run carries; unique per run
     * @param context     the caller; {@code null} for an anonymous one
     */
    public Execution begin(String executionId, CallContext context) {
        return new Execution(this, Objects.requireNonNull(executionId, "executionId"),
                context == null ? CallContext.anonymous() : context, clock.instant(), System.nanoTime());
    }

    /**
     * {@link #begin(String, CallContext)} under a fresh random id. A log that records nothing
     * ({@link #none()}) makes no id: the first random id of a JVM costs tens of milliseconds.
     */
    public Execution begin(CallContext context) {
        return begin(enabled ? UUID.randomUUID().toString() : "none", context);
    }

    /**
     * A {@link ToolInvoker} that records one {@link ToolCallRecord} per call of {@code next}: the same as
     * {@code begin(executionId, context).invoker(next)} for a caller that does not need the totals.
     */
    public ToolInvoker decorate(ToolInvoker next, String executionId, CallContext context) {
        return begin(executionId, context).invoker(next);
    }

    /** The price table calls are charged with. */
    public ToolCosts costs() {
        return costs;
    }

    /**
     * One script run being recorded. It hands out the decorated invoker for the run's tool calls and
     * adds up their number and cost as they happen, from any number of threads (calls made with
     * {@code parallel} included); {@link #finish} writes the {@link ExecutionRecord} with those
     * totals. The count is of every call that reached the decorator, counted as it starts:
     * successful, failed or refused inside it (by the view or the approval), retries included in
     * their one call; a call the sandbox refused before any tool was reached (a limit, bad
     * arguments) is not a tool call. It is the script's own {@code toolCalls} (docs/sandbox.md,
     * "What toolCalls counts"). A call still running when {@code finish} is called (a timed-out
     * script's) is in the count; its cost and its {@link ToolCallRecord} come when it returns.
     */
    public static final class Execution {

        private final AuditLog log;
        private final String executionId;
        private final CallContext context;
        private final Instant started;
        private final long startedNanos;
        private final AtomicInteger toolCalls = new AtomicInteger();
        private final AtomicReference<BigDecimal> totalCost = new AtomicReference<>(BigDecimal.ZERO);
        private final AtomicBoolean finished = new AtomicBoolean();

        private Execution(AuditLog log, String executionId, CallContext context, Instant started, long startedNanos) {
            this.log = log;
            this.executionId = executionId;
            this.context = context;
            this.started = started;
            this.startedNanos = startedNanos;
        }

        public String executionId() {
            return executionId;
        }

        public CallContext context() {
            return context;
        }

        /** When {@link AuditLog#begin} was called. */
        public Instant started() {
            return started;
        }

        /** Tool calls recorded so far. */
        public int toolCalls() {
            return toolCalls.get();
        }

        /** Cost of the tool calls recorded so far. */
        public BigDecimal totalCost() {
            return totalCost.get();
        }

        public boolean isFinished() {
            return finished.get();
        }

        /**
         * {@code next}, recording each call: timed, priced, and written as one {@link ToolCallRecord}
         * whether it returns a value, returns a tool error, or throws. An exception is recorded with
         * its message and rethrown unchanged. Thread-safe; may be called several times (each
         * invoker adds to this run's totals).
         */
        public ToolInvoker invoker(ToolInvoker next) {
            Objects.requireNonNull(next, "next");
            if (!log.enabled) {
                return next;
            }
            return (tool, arguments) -> call(next, tool, arguments);
        }

        private ToolResult call(ToolInvoker next, CatalogTool tool, Map<String, Object> arguments) {
            // Counted as it starts: a call still running when the run finishes (a timed-out script's)
            // is in the run's total, as it is in the script's own toolCalls.
            toolCalls.incrementAndGet();
            Instant at = log.clock.instant();
            long t0 = System.nanoTime();
            ToolResult result;
            try {
                result = next.invoke(tool, arguments);
            } catch (RuntimeException | Error e) {
                // The tool did not answer: no charge. A call that ended in a JVM error (a tool out of
                // memory) is recorded too, as far as memory allows; the error itself goes on unchanged.
                try {
                    recordCall(tool, arguments, at, t0, null, e instanceof VirtualMachineError
                            ? ToolCallException.reasonOf(e) : messageOf(e), BigDecimal.ZERO);
                } catch (VirtualMachineError ignored) {
                    log.failed.incrementAndGet();
                }
                throw e;
            }
            BigDecimal cost = log.costs.costOf(tool);
            recordCall(tool, arguments, at, t0, result == null ? null : result.value(),
                    result == null ? null : result.error(), cost);
            return result;
        }

        private void recordCall(CatalogTool tool, Map<String, Object> arguments, Instant at, long t0, Object value,
                String error, BigDecimal cost) {
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            totalCost.accumulateAndGet(cost, BigDecimal::add);
            ToolCallRecord record;
            try {
                // Capped here, on the calling thread, so the buffer never holds a full large result.
                record = new ToolCallRecord(at, executionId, context.parentRequestId(), context.virtualKey(),
                        tool.serverId(), tool.toolId(), arguments, JsonValues.cap(value, log.resultCap),
                        log.capText(error), latency,
                        cost);
            } catch (RuntimeException e) {
                log.failed.incrementAndGet();
                log.warnFailure(e);
                return;
            }
            log.record(record);
        }

        /**
         * Records the run's {@link ExecutionRecord} with this run's totals. Once only.
         *
         * @param script   the script text
         * @param outcome  {@link ExecutionRecord#OK}, {@code ERROR}, {@code DENIED}, {@code LIMIT} or {@code TIMEOUT}
         * @param error    why it did not succeed, or {@code null}
         * @param duration how long it ran; {@code null} for the time since {@link AuditLog#begin}
         * @param approval the approval decision, e.g. {@code "auto"}, {@code "approved"}, {@code "denied"},
         *                 {@code "not needed"}
         * @return the record written
         * @throws IllegalStateException when the run was already finished
         */
        public ExecutionRecord finish(String script, String outcome, String error, Duration duration,
                String approval) {
            return finish(script, outcome, error, duration, approval, List.of());
        }

        /**
         * As {@link #finish(String, String, String, Duration, String)}, naming the skills the script
         * called ({@code "name@version"}).
         */
        public ExecutionRecord finish(String script, String outcome, String error, Duration duration,
                String approval, List<String> skills) {
            if (!finished.compareAndSet(false, true)) {
                throw new IllegalStateException("execution " + executionId + " is already finished");
            }
            Duration d = duration != null ? duration : Duration.ofNanos(System.nanoTime() - startedNanos);
            ExecutionRecord record = new ExecutionRecord(started, executionId, context.parentRequestId(),
                    context.virtualKey(), script, outcome, log.capText(error), d, toolCalls.get(), totalCost.get(),
                    approval, skills);
            log.record(record);
            return record;
        }

        @Override
        public String toString() {
            return "AuditLog.Execution[" + executionId + ", toolCalls=" + toolCalls + ", totalCost=" + totalCost
                    + "]";
        }
    }

    /** An error message within the result cap: a hostile tool's error text is as long as it likes. */
    private String capText(String text) {
        return text == null ? null : (String) JsonValues.cap(text, resultCap);
    }

    /**
     * A {@link ToolCallException}'s message is written to be shown; any other exception is recorded by
     * type and cause class only, since its text may hold a URL with credentials or a server's output.
     */
    private static String messageOf(Throwable e) {
        if (e instanceof ToolCallException) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? "the tool call failed" : message;
        }
        return e.getClass().getName() + ": " + Failures.cause(e);
    }

    // ---------------------------------------------------------------- the buffer and the writer

    /**
     * Buffers a record for the sink. Returns at once when there is room, otherwise waits at most the
     * offer timeout and then counts the record as dropped. Never throws for a full buffer or a closed
     * log.
     */
    public void record(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        if (!enabled) {
            return;
        }
        if (closed.get()) {
            dropped.incrementAndGet();
            warnDrop("the audit log is closed");
            return;
        }
        pending.incrementAndGet();
        boolean queued = queue.offer(record);
        if (!queued && offerTimeoutNanos > 0) {
            try {
                queued = queue.offer(record, offerTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // A script being stopped: keep its interrupt, and the record if there is room now.
                Thread.currentThread().interrupt();
                queued = queue.offer(record);
            }
        }
        if (!queued) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            warnDrop("the buffer of " + (queue.size() + queue.remainingCapacity()) + " records stayed full for "
                    + Duration.ofNanos(offerTimeoutNanos).toMillis() + " ms");
            return;
        }
        if (dropping.get()) {
            dropping.set(false);
        }
        if (closed.get() && queue.remove(record)) {
            // Raced with close: the writer is gone or going, and the record would sit in the buffer.
            pending.decrementAndGet();
            dropped.incrementAndGet();
            warnDrop("the audit log is closed");
        }
    }

    /** Counts so far. */
    public AuditStats stats() {
        return new AuditStats(written.get(), dropped.get(), failed.get(), Math.max(0, pending.get()));
    }

    /** {@link #flush(Duration)} with {@link #DEFAULT_FLUSH_TIMEOUT}. */
    public void flush() {
        flush(DEFAULT_FLUSH_TIMEOUT);
    }

    /**
     * Waits until every record given before this call has been handed to the sink and the sink has
     * been flushed, or until {@code timeout} has passed.
     *
     * @return {@code true} when it finished in time
     */
    public boolean flush(Duration timeout) {
        if (!enabled) {
            return true;
        }
        if (closed.get() && !writer.isAlive()) {
            return queue.isEmpty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch done = new CountDownLatch(1);
        try {
            // FIFO: once the writer reaches the marker, everything before it has been handled.
            if (!queue.offer(done, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            return done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Writes everything buffered (waiting at most the close timeout), stops the writer thread and
     * closes the sink. Records still buffered when the timeout runs out are counted as dropped, and so
     * is every record given after close. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closeDone || !enabled) {
            return;
        }
        closed.set(true);
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        boolean interrupted = false;
        try {
            if (queue.offer(STOP, closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (writer.isAlive()) {
            LOG.warn("audit writer did not finish within {} ms; stopping it", closeTimeout.toMillis());
            writer.interrupt();
            try {
                writer.join(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        long left = 0;
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof AuditRecord) {
                left++;
                pending.decrementAndGet();
                dropped.incrementAndGet();
            } else if (item instanceof CountDownLatch latch) {
                latch.countDown();
            }
        }
        if (left > 0) {
            LOG.warn("audit log closed with {} unwritten records, counted as dropped", left);
        }
        try {
            sink.flush();
        } catch (RuntimeException e) {
            LOG.warn("audit sink failed to flush on close", e);
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.warn("audit sink failed to close", e);
        }
        closeDone = true;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The writer thread's loop: one record at a time, until {@link #STOP}, or until close gives up
     * waiting and interrupts it. An interrupt from anyone else is ignored.
     */
    private void drain() {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            if (item == STOP) {
                return;
            }
            if (item instanceof CountDownLatch latch) {
                try {
                    sink.flush();
                } catch (RuntimeException e) {
                    LOG.warn("audit sink failed to flush", e);
                } finally {
                    latch.countDown();
                }
            } else {
                write((AuditRecord) item);
            }
            if (Thread.interrupted() && closed.get()) {
                return;
            }
        }
    }

    /** Hands one record to the sink; whatever the sink throws is counted, never thrown. */
    private void write(AuditRecord record) {
        try {
            sink.write(record);
            written.incrementAndGet();
        } catch (Exception | LinkageError | AssertionError e) {
            failed.incrementAndGet();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            warnFailure(e);
        } finally {
            pending.decrementAndGet();
        }
    }

    /** The writer thread, for tests. */
    Thread writerThread() {
        return writer;
    }

    /** Once per burst of drops, and not more than once per interval when bursts follow each other. */
    private void warnDrop(String why) {
        if (dropping.compareAndSet(false, true)) {
            long now = System.nanoTime();
            if (now - lastDropWarningNanos >= TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS)) {
                lastDropWarningNanos = now;
                LOG.warn("audit records dropped: {}; {} dropped so far", why, dropped.get());
            }
        }
    }

    private void warnFailure(Throwable e) {
        long now = System.nanoTime();
        long since = failuresSinceWarning.incrementAndGet();
        long last = lastFailureWarningNanos;
        if (now - last >= TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS)) {
            lastFailureWarningNanos = now;
            failuresSinceWarning.addAndGet(-since);
            LOG.warn("audit sink failed to write {} record(s) ({} failed in all); writing goes on", since,
                    failed.get(), e);
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + sink.getClass().getSimpleName() + ", " + stats() + "]";
    }

    // ---------------------------------------------------------------- builder

    /** Builds an {@link AuditLog}; only the sink is required. */
    public static final class Builder {

        private AuditSink sink;
        private ToolCosts costs;
        private Integer bufferSize;
        private Duration offerTimeout;
        private Integer resultCap;
        private Duration closeTimeout;
        private Clock clock;

        private Builder() {
        }

        /** Where records go. Required. */
        public Builder sink(AuditSink sink) {
            this.sink = sink;
            return this;
        }

        /** Prices per call; {@link ToolCosts#none()} by default. */
        public Builder costs(ToolCosts costs) {
            this.costs = costs;
            return this;
        }

        /** How many records may wait for the sink; {@value AuditLog#DEFAULT_BUFFER_SIZE} by default. */
        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        /** How long {@link AuditLog#record} waits for room in a full buffer before dropping; 100 ms by default. */
        public Builder offerTimeout(Duration offerTimeout) {
            this.offerTimeout = offerTimeout;
            return this;
        }

        /**
         * The most characters of JSON a recorded result keeps; {@value AuditLog#DEFAULT_RESULT_CAP} by default,
         * at least {@value AuditLog#MIN_RESULT_CAP}. A larger result is cut into a valid JSON value of that
         * size: a string keeps its start and ends with {@code …}; a list keeps its first items and ends with
         * {@code "… N more"}; an object keeps its first entries and ends with {@code "…": "N more"}.
         * Error messages of calls and executions are cut to the same size (a tool's error text can be any
         * size). Arguments are not capped (the sandbox bounds them).
         */
        public Builder resultCap(int resultCap) {
            this.resultCap = resultCap;
            return this;
        }

        /** How long {@link AuditLog#close()} waits for buffered records; 10 s by default. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** The clock of record timestamps; the UTC system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AuditLog build() {
            return new AuditLog(this);
        }
    }
}
