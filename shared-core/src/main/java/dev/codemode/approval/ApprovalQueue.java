package dev.codemode.approval;

import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval that survives many instances: an {@link ApprovalHandler} that parks each script needing approval
 * in an {@link ApprovalStore} and waits for a decision any instance can take through {@link #decide}.
 *
 * <pre>{@code
 * ApprovalQueue queue = ApprovalQueue.builder()
 *         .store(new JdbcApprovalStore(dataSource, "codemode"))
 *         .authorizer((decider, approval) -> ...)   // who may approve what; refuses everyone when not set
 *         .timeout(Duration.ofMinutes(2))
 *         .build();
 * CodeMode codeMode = CodeMode.builder().toolSources(...).approvalHandler(queue).build();
 * }</pre>
 *
 * <h2>Waiting</h2>
 * The parking thread polls its row every {@link Builder#pollInterval} (one conditional update that is
 * also its heartbeat), and wakes at once when the decision is taken through this same queue. It never
 * waits past the deadline: there it marks the row expired (if nobody decided first) and denies with
 * "no one approved the script within ...". Interrupted, or when the queue is closed, it marks its row
 * expired and denies. Only the parking thread runs the script, once, after reading an approved status.
 *
 * <h2>Deciding</h2>
 * {@link #decide} asks the {@link ApprovalAuthorizer} with the row as stored, then makes one conditional
 * update: pending, before the deadline, and polled by its instance within {@link #staleAfter()}. So two
 * deciders, or a decider and the deadline, have one winner, and a script whose instance stopped cannot be
 * approved.
 *
 * <h2>Instances that die</h2>
 * Rows whose deadline passed and whose instance stopped polling are marked expired by any live instance:
 * on {@link #pending()}, when a script is parked, periodically while one waits, on a timer of this queue
 * (every five poll intervals, at least 5 s, until {@link #close()}), and on {@link #sweep()}. Each
 * is recorded in the audit log as a denied execution with the approval {@value #EXPIRED_LABEL}.
 */
public final class ApprovalQueue implements ApprovalHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalQueue.class);
    /** The approval label of the audit record written for a script whose instance died while it waited. */
    public static final String EXPIRED_LABEL = "expired";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final SecureRandom IDS = new SecureRandom();
    /** Characters of a decider's reason kept (it reaches the model in a denial). */
    static final int MAX_REASON = 200;

    public enum Choice { APPROVE, DENY }

    private final ApprovalStore store;
    private final ApprovalAuthorizer authorizer;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Duration staleAfter;
    private final Duration sweepInterval;
    private final String instanceId;
    private final @Nullable AuditLog auditLog;
    private final Clock clock;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());
    /** Sweeps on a timer too, so abandoned rows expire near their deadline on an instance nobody uses. */
    private final ScheduledExecutorService sweeper;

    private ApprovalQueue(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store: call ApprovalQueue.builder().store(...)");
        this.authorizer = b.authorizer == null ? ApprovalAuthorizer.refuseAll() : b.authorizer;
        this.timeout = positive(b.timeout == null ? DEFAULT_TIMEOUT : b.timeout, "timeout");
        this.pollInterval = positive(b.pollInterval == null ? DEFAULT_POLL_INTERVAL : b.pollInterval, "pollInterval");
        if (pollInterval.toMillis() < 10) {
            throw new IllegalArgumentException("pollInterval must be at least 10 ms: " + pollInterval);
        }
        // Three missed polls, plus room for a database or GC pause, before a row counts as abandoned.
        this.staleAfter = b.staleAfter == null ? pollInterval.multipliedBy(3).plus(Duration.ofSeconds(5)) : b.staleAfter;
        if (staleAfter.compareTo(pollInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("staleAfter must be at least two poll intervals (" + pollInterval
                    .multipliedBy(2) + "): " + staleAfter);
        }
        this.sweepInterval = pollInterval.multipliedBy(5).compareTo(Duration.ofSeconds(5)) > 0
                ? pollInterval.multipliedBy(5) : Duration.ofSeconds(5);
        this.instanceId = b.instanceId == null ? defaultInstanceId() : b.instanceId;
        this.auditLog = b.auditLog;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "codemode-approval-sweep");
            t.setDaemon(true);
            return t;
        });
        long every = sweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(() -> maybeSweep(false), every, every, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String instanceId() {
        return instanceId;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** A row not polled for this long has lost its instance: it cannot be approved, and expires at its deadline. */
    public Duration staleAfter() {
        return staleAfter;
    }

    public ApprovalStore store() {
        return store;
    }

    // ---------------------------------------------------------------- parking (the handler)

    /** One parked script's wake-up call from a decision taken on this instance, or from {@link #close()}. */
    private static final class Waiter {
        private boolean signalled;

        synchronized void signal() {
            signalled = true;
            notifyAll();
        }

        /** Waits at most {@code millis} or until signalled; clears the signal. */
        synchronized void await(long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (!signalled) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            signalled = false;
        }
    }

    @Override
    public ApprovalDecision decide(ApprovalRequest request) {
        return decide(request, parked -> { });
    }

    /**
     * {@link #decide(ApprovalRequest)}, telling {@code onParked} the stored row once the script waits: how a
     * page links its own request (a chat turn) to the approval id it shows.
     */
    public ApprovalDecision decide(ApprovalRequest request, java.util.function.Consumer<PendingApproval> onParked) {
        if (closed.get()) {
            return ApprovalDecision.deny(STOPPING);
        }
        Instant now = clock.instant();
        maybeSweep(true);
        PendingApproval row = new PendingApproval(newId(), request.caller().virtualKey(),
                request.caller().parentRequestId(), request.script(), request.tools(), request.needApproval(),
                request.undetermined(), instanceId, now, now.plus(timeout), now, PendingApproval.Status.PENDING, null,
                null, null);
        Waiter waiter = new Waiter();
        waiting.put(row.id(), waiter);
        try {
            store.insert(row);
            onParked.accept(row);
            return await(row, waiter);
        } catch (RuntimeException e) {
            LOG.warn("approval {} failed in the store; the script is denied: {}", row.id(), e.toString());
            return ApprovalDecision.deny("the approval store failed");
        } finally {
            waiting.remove(row.id());
        }
    }

    private static final String STOPPING = "the application stopped before anyone approved the script";

    private ApprovalDecision await(PendingApproval row, Waiter waiter) {
        String id = row.id();
        try {
            while (true) {
                Instant now = clock.instant();
                if (closed.get()) {
                    store.expire(id, instanceId, "the instance stopped", now);
                    return outcome(id);
                }
                if (!now.isBefore(row.deadline())) {
                    store.expire(id, instanceId, "no decision before the deadline", now);
                    return outcome(id);
                }
                if (!store.touch(id, now)) {
                    return outcome(id);
                }
                maybeSweep(false);
                long left = Duration.between(clock.instant(), row.deadline()).toMillis();
                waiter.await(Math.max(1, Math.min(pollInterval.toMillis(), left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.expire(id, instanceId, "the waiting thread was interrupted", clock.instant());
            PendingApproval now = store.find(id).orElse(null);
            // A decision that won before the interrupt is still not acted on: the thread is being stopped.
            return ApprovalDecision.deny(now != null && now.status() == PendingApproval.Status.DENIED
                    ? denial(now) : STOPPING);
        }
    }

    /** What the parking thread does with its row once it is no longer pending: the one place a script is approved. */
    private ApprovalDecision outcome(String id) {
        PendingApproval row = store.find(id).orElse(null);
        if (row == null) {
            return ApprovalDecision.deny("the approval disappeared from the store");
        }
        return switch (row.status()) {
            case APPROVED -> ApprovalDecision.approve();
            case DENIED -> ApprovalDecision.deny(denial(row));
            case EXPIRED -> ApprovalDecision.deny(closed.get() ? STOPPING : "no one approved the script within "
                    + human(timeout));
            case PENDING -> ApprovalDecision.deny("the approval is still pending");
        };
    }

    private static String denial(PendingApproval row) {
        return row.reason() == null || row.reason().isBlank() ? "an approver declined" : "an approver declined: "
                + row.reason();
    }

    // ---------------------------------------------------------------- deciding (any instance)

    /** Every pending approval, oldest first (abandoned ones past their deadline are expired first). */
    public List<PendingApproval> pending() {
        maybeSweep(true);
        return store.pending(null);
    }

    /** The pending approvals of one caller's virtual key, oldest first. */
    public List<PendingApproval> pending(String callerKeyId) {
        maybeSweep(true);
        return store.pending(Objects.requireNonNull(callerKeyId, "callerKeyId"));
    }

    /**
     * The pending approvals {@code decider} may decide, oldest first: what an approval page or endpoint lists,
     * so nobody reads the scripts of callers they cannot approve for. Asks the {@link ApprovalAuthorizer} per row.
     */
    public List<PendingApproval> pending(Decider decider) {
        Objects.requireNonNull(decider, "decider");
        return pending().stream().filter(row -> allowed(decider, row).allowed()).toList();
    }

    private ApprovalAuthorizer.Verdict allowed(Decider decider, PendingApproval row) {
        try {
            ApprovalAuthorizer.Verdict verdict = authorizer.authorize(decider, row);
            return verdict == null ? ApprovalAuthorizer.Verdict.refuse("the authorizer refused") : verdict;
        } catch (RuntimeException e) {
            return ApprovalAuthorizer.Verdict.refuse("the approval authorizer failed");
        }
    }

    /** One approval as stored, whatever its status. */
    public Optional<PendingApproval> find(String id) {
        return store.find(id);
    }

    /**
     * Approves or denies the approval {@code id} on behalf of {@code decider}, when the authoriser allows
     * it. Callable from any instance; the one that parked the script runs or refuses it.
     */
    public DecisionResult decide(String id, Choice choice, Decider decider, @Nullable String reason) {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(decider, "decider");
        PendingApproval row = id == null ? null : store.find(id).orElse(null);
        if (row == null) {
            return new DecisionResult(DecisionResult.Outcome.NO_SUCH_APPROVAL, "no approval has the id " + id, null);
        }
        ApprovalAuthorizer.Verdict verdict = allowed(decider, row);
        if (!verdict.allowed()) {
            return new DecisionResult(DecisionResult.Outcome.NOT_ALLOWED, "not allowed: " + (verdict.reason() == null
                    ? "the authorizer refused" : verdict.reason()), null);
        }
        Instant now = clock.instant();
        PendingApproval.Status status = choice == Choice.APPROVE ? PendingApproval.Status.APPROVED
                : PendingApproval.Status.DENIED;
        // The reason reaches the model in the denial: one short line.
        String why = reason == null || reason.isBlank() ? null : reason.strip().replaceAll("\\s+", " ");
        if (why != null && why.length() > MAX_REASON) {
            why = why.substring(0, MAX_REASON) + "...";
        }
        if (store.decide(id, status, decider.name(), why, now, now.minus(staleAfter))) {
            Waiter waiter = waiting.get(id);
            if (waiter != null) {
                waiter.signal();
            }
            return new DecisionResult(DecisionResult.Outcome.DECIDED, status.label() + " by " + decider.name(),
                    store.find(id).orElse(null));
        }
        PendingApproval after = store.find(id).orElse(row);
        if (!after.isPending()) {
            return after.status() == PendingApproval.Status.EXPIRED
                    ? new DecisionResult(DecisionResult.Outcome.EXPIRED, "expired: " + after.reason(), after)
                    : new DecisionResult(DecisionResult.Outcome.ALREADY_DECIDED, "already " + after.status().label()
                            + " by " + after.decidedBy(), after);
        }
        if (!after.deadline().isAfter(now)) {
            return new DecisionResult(DecisionResult.Outcome.EXPIRED, "expired: its deadline passed; nothing ran",
                    after);
        }
        return new DecisionResult(DecisionResult.Outcome.EXPIRED, "expired: the instance that parked the script ("
                + after.instanceId() + ") stopped waiting; nothing ran", after);
    }

    // ---------------------------------------------------------------- instances that died

    /**
     * Marks expired every row whose deadline passed while its instance was gone, and records each in the
     * audit log. Returns how many this call expired (another instance may win some).
     */
    public int sweep() {
        Instant now = clock.instant();
        int expired = 0;
        for (PendingApproval row : store.abandoned(now, now.minus(staleAfter))) {
            String reason = "the instance that parked the script (" + row.instanceId()
                    + ") stopped before anyone decided; nothing ran";
            if (store.expire(row.id(), instanceId, reason, now)) {
                expired++;
                if (auditLog != null) {
                    auditLog.record(new ExecutionRecord(row.askedAt(), "expired-" + UUID.randomUUID(),
                            row.parentRequestId(), row.callerKeyId(), row.script(), ExecutionRecord.DENIED,
                            "approval expired: " + reason, Duration.between(row.askedAt(), now), 0, BigDecimal.ZERO,
                            EXPIRED_LABEL));
                }
            }
        }
        return expired;
    }

    private void maybeSweep(boolean now) {
        long last = lastSweepNanos.get();
        long t = System.nanoTime();
        if ((now || t - last >= sweepInterval.toNanos()) && lastSweepNanos.compareAndSet(last, t)) {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("sweeping abandoned approvals failed: {}", e.toString());
            }
        }
    }

    /**
     * Stops: every script this instance parked is marked expired and denied. Rows are marked here too, so
     * they are settled even when a waiting thread is slow to wake. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sweeper.shutdownNow();
        Instant now = clock.instant();
        waiting.forEach((id, waiter) -> {
            try {
                store.expire(id, instanceId, "the instance stopped", now);
            } catch (RuntimeException e) {
                LOG.warn("marking approval {} expired at shutdown failed: {}", id, e.toString());
            }
            waiter.signal();
        });
    }

    // ---------------------------------------------------------------- helpers

    /** 144 random bits, URL-safe: an id nobody guesses. */
    static String newId() {
        byte[] bytes = new byte[18];
        IDS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "host";
        }
        // A restarted process is a new instance: its predecessor's rows are not its own.
        return host + "-" + ProcessHandle.current().pid() + "-" + newId().substring(0, 6);
    }

    /** "90 s", "2 min", "1500 ms": as the existing denial writes it. */
    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + " min" : s + " s";
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ApprovalQueue[" + instanceId + ", " + store + "]";
    }

    /** Fields start null; defaults are applied when built. */
    public static final class Builder {
        private ApprovalStore store;
        private ApprovalAuthorizer authorizer;
        private Duration timeout;
        private Duration pollInterval;
        private Duration staleAfter;
        private String instanceId;
        private AuditLog auditLog;
        private Clock clock;

        private Builder() {
        }

        /** Where pending approvals live. Required. */
        public Builder store(ApprovalStore store) {
            this.store = store;
            return this;
        }

        /** Who may decide what; {@link ApprovalAuthorizer#refuseAll()} when not set. */
        public Builder authorizer(ApprovalAuthorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        /** How long a script waits for a decision; {@link #DEFAULT_TIMEOUT} when not set. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How often a waiting script reads its row (at least 10 ms); {@link #DEFAULT_POLL_INTERVAL} when not set. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * How long a row may go unpolled before its instance counts as gone (no decision accepted, expired at
         * its deadline by others); three poll intervals plus 5 s when not set, at least two poll intervals.
         */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
            return this;
        }

        /** This instance's name in the store; host, process id and a random part when not set. */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** Where expiries of abandoned scripts are recorded; none when not set. */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /** The clock of deadlines and polls (tests); the system UTC clock when not set. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ApprovalQueue build() {
            return new ApprovalQueue(this);
        }
    }
}
