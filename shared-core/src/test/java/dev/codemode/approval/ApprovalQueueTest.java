package dev.codemode.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.access.CallContext;
import dev.codemode.approval.ApprovalQueue.Choice;
import dev.codemode.approval.DecisionResult.Outcome;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable approval through the public API, with two queues on one store standing for two instances: a
 * script parked on A is decided through B; deciders race; deadlines, shutdown and a dead instance; and
 * the authoriser, which every decision goes through.
 */
class ApprovalQueueTest {

    static final String DELETE = "result = crm.delete_customer(customer_id=\"c1\")";
    final AtomicInteger deletes = new AtomicInteger();
    final ApprovalStore shared = ApprovalStore.inMemory();
    final List<AutoCloseable> closing = new ArrayList<>();
    final ExecutorService threads = Executors.newCachedThreadPool();
    ToolSource crm;

    @BeforeEach
    void setUp() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("customer_id",
                Map.of("type", "string")), "required", List.of("customer_id"));
        crm = FunctionToolSource.builder("crm")
                .tool(new ToolDescriptor("crm", "delete_customer", "Delete a customer.", schema, null,
                        ToolAnnotations.destructive()), a -> {
                            deletes.incrementAndGet();
                            return Map.of("deleted", a.get("customer_id"));
                        })
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    ApprovalQueue queue(String instance, ApprovalStore store, ApprovalAuthorizer authorizer, Duration timeout,
            @Nullable AuditLog audit) {
        ApprovalQueue.Builder b = ApprovalQueue.builder().store(store).instanceId(instance).authorizer(authorizer)
                .timeout(timeout).pollInterval(Duration.ofMillis(50)).staleAfter(Duration.ofMillis(300));
        if (audit != null) {
            b.auditLog(audit);
        }
        ApprovalQueue q = b.build();
        closing.add(q);
        return q;
    }

    CodeMode codeMode(ApprovalQueue queue, @Nullable InMemoryAuditSink sink) {
        CodeMode.Builder b = CodeMode.builder().toolSources(crm).approvalHandler(queue);
        if (sink != null) {
            b.auditSink(sink);
        }
        CodeMode cm = b.build();
        closing.add(0, cm);
        return cm;
    }

    Future<Map<?, ?>> runAsync(CodeMode cm, String key) {
        return threads.submit(() -> {
            MetaToolResult r = cm.call("executeToolCode", Map.of("code", DELETE), new CallContext(key, "turn-" + key));
            return (Map<?, ?>) JsonValues.parse(r.text());
        });
    }

    static PendingApproval awaitPending(ApprovalQueue q, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            List<PendingApproval> p = q.pending();
            if (p.size() >= count) {
                return p.get(p.size() - 1);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no script was parked");
    }

    @Test
    void should_run_a_script_parked_on_one_instance_once_when_another_instance_approves_it() throws Exception {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        ApprovalQueue b = queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        CodeMode onA = codeMode(a, audit);

        Future<Map<?, ?>> run = runAsync(onA, "support");
        PendingApproval parked = awaitPending(b, 1);
        assertThat(parked.instanceId()).isEqualTo("A");
        assertThat(parked.callerKeyId()).isEqualTo("support");
        assertThat(parked.parentRequestId()).isEqualTo("turn-support");
        assertThat(parked.script()).isEqualTo(DELETE);
        assertThat(parked.needApproval()).containsExactly("crm.delete_customer");
        assertThat(deletes).hasValue(0);

        DecisionResult decided = b.decide(parked.id(), Choice.APPROVE, Decider.named("ops-lead"), "checked");
        assertThat(decided.outcome()).isEqualTo(Outcome.DECIDED);
        assertThat(run.get(5, TimeUnit.SECONDS).get("result")).isEqualTo(Map.of("deleted", "c1"));
        assertThat(deletes).hasValue(1);
        PendingApproval row = b.find(parked.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(PendingApproval.Status.APPROVED);
        assertThat(row.decidedBy()).isEqualTo("ops-lead");
        assertThat(row.reason()).isEqualTo("checked");
        assertThat(row.decidedAt()).isNotNull();
        onA.auditLog().orElseThrow().flush();
        assertThat(audit.executions()).singleElement().extracting(ExecutionRecord::approval).isEqualTo("approved");

        // A second decision changes nothing and runs nothing again.
        assertThat(a.decide(parked.id(), Choice.DENY, Decider.named("late"), null).outcome())
                .isEqualTo(Outcome.ALREADY_DECIDED);
        assertThat(b.find(parked.id()).orElseThrow().status()).isEqualTo(PendingApproval.Status.APPROVED);
        assertThat(deletes).hasValue(1);
    }

    @Test
    void should_deny_on_the_parking_instance_when_another_instance_denies_and_run_nothing() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        ApprovalQueue b = queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(b, 1);

        assertThat(b.decide(parked.id(), Choice.DENY, Decider.named("ops"), "not on a Friday").outcome())
                .isEqualTo(Outcome.DECIDED);
        Map<?, ?> denied = run.get(5, TimeUnit.SECONDS);
        assertThat((String) denied.get("error")).isEqualTo("approval denied (an approver declined: not on a Friday): "
                + "crm.delete_customer needs approval");
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_give_the_model_a_deciders_reason_as_one_short_line() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(a, 1);
        a.decide(parked.id(), Choice.DENY, Decider.named("ops"), "no\n\nnot this one " + "x".repeat(1000));
        String error = (String) run.get(5, TimeUnit.SECONDS).get("error");
        assertThat(error).startsWith("approval denied (an approver declined: no not this one xxx").doesNotContain("\n")
                .contains("...): crm.delete_customer needs approval");
        assertThat(error.length()).isLessThan(300);
    }

    @Test
    void should_wake_at_once_when_the_decision_is_taken_on_the_same_instance() throws Exception {
        // A poll interval far longer than the test: only the wake-up can end the wait in time.
        ApprovalQueue a = ApprovalQueue.builder().store(shared).instanceId("A").authorizer(ApprovalAuthorizer.allowAll())
                .pollInterval(Duration.ofSeconds(20)).build();
        closing.add(a);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(a, 1);
        long t0 = System.nanoTime();
        a.decide(parked.id(), Choice.APPROVE, Decider.named("me"), null);
        run.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(deletes).hasValue(1);
    }

    @Test
    void should_expire_at_the_deadline_with_the_clear_error_and_never_wait_past_it() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofMillis(400), null);
        long t0 = System.nanoTime();
        Map<?, ?> denied = runAsync(codeMode(a, null), "support").get(5, TimeUnit.SECONDS);
        Duration waited = Duration.ofNanos(System.nanoTime() - t0);

        assertThat((String) denied.get("error")).isEqualTo("approval denied (no one approved the script within"
                + " 400 ms): crm.delete_customer needs approval");
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        PendingApproval row = shared.pending(null).isEmpty() ? null : shared.pending(null).get(0);
        assertThat(row).isNull();
        String id = onlyId();
        PendingApproval expired = shared.find(id).orElseThrow();
        assertThat(expired.status()).isEqualTo(PendingApproval.Status.EXPIRED);
        // Measured on the row, not around the whole call (which also builds the host and parses the script): the
        // wait ends at the deadline, give or take a scheduling delay, and not a poll interval or more later.
        assertThat(Duration.between(expired.deadline(), expired.decidedAt())).isGreaterThanOrEqualTo(Duration.ZERO)
                .isLessThan(Duration.ofMillis(500));
        assertThat(a.decide(id, Choice.APPROVE, Decider.named("late"), null).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(shared.find(id).orElseThrow().status()).isEqualTo(PendingApproval.Status.EXPIRED);
        assertThat(deletes).hasValue(0);
    }

    /** The ids in the shared store (every status), through a recording store wrapper would be overkill: one row here. */
    String onlyId() {
        Set<String> ids = ((InMemoryApprovalStore) shared).ids();
        assertThat(ids).hasSize(1);
        return ids.iterator().next();
    }

    @Test
    void should_refuse_every_decision_by_default_and_say_what_to_configure() throws Exception {
        ApprovalQueue a = ApprovalQueue.builder().store(shared).pollInterval(Duration.ofMillis(50)).build();
        closing.add(a);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(a, 1);

        DecisionResult refused = a.decide(parked.id(), Choice.APPROVE, new Decider("admin", null, "support",
                "127.0.0.1"), null);
        assertThat(refused.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(refused.message()).contains("refused until the application configures who may approve");
        assertThat(refused.approval()).isNull();
        assertThat(a.find(parked.id()).orElseThrow().isPending()).isTrue();
        // Who may not decide does not get the script to read either.
        assertThat(a.pending(new Decider("admin", null, "support", "127.0.0.1"))).isEmpty();
        a.close();
        assertThat((String) run.get(5, TimeUnit.SECONDS).get("error")).contains("the application stopped");
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_not_let_a_caller_approve_another_callers_script_with_its_id() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.sameKey(), Duration.ofSeconds(30), null);
        Future<Map<?, ?>> bobs = runAsync(codeMode(a, null), "bob");
        PendingApproval parked = awaitPending(a, 1);
        assertThat(a.pending(new Decider("eve", null, "eve", null))).isEmpty();
        assertThat(a.pending(new Decider("bob", null, "bob", null))).extracting(PendingApproval::id)
                .containsExactly(parked.id());

        // Alice holds Bob's id (leaked, or guessed from the page) and claims to decide for her own key.
        DecisionResult alice = a.decide(parked.id(), Choice.APPROVE, new Decider("alice", null, "alice", null), null);
        assertThat(alice.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(alice.message()).contains("belongs to another caller");
        assertThat(alice.approval()).isNull();
        DecisionResult noKey = a.decide(parked.id(), Choice.APPROVE, Decider.named("anonymous"), null);
        assertThat(noKey.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(a.find(parked.id()).orElseThrow().isPending()).isTrue();
        assertThat(deletes).hasValue(0);
        assertThat(a.pending("alice")).isEmpty();
        assertThat(a.pending("bob")).extracting(PendingApproval::id).containsExactly(parked.id());

        assertThat(a.decide(parked.id(), Choice.APPROVE, new Decider("bob", null, "bob", null), null).outcome())
                .isEqualTo(Outcome.DECIDED);
        bobs.get(5, TimeUnit.SECONDS);
        assertThat(deletes).hasValue(1);
    }

    @Test
    void should_have_exactly_one_winner_when_approvers_race_and_run_the_script_at_most_once() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        ApprovalQueue b = queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        CodeMode onA = codeMode(a, null);
        for (int round = 0; round < 20; round++) {
            int before = deletes.get();
            Future<Map<?, ?>> run = runAsync(onA, "k" + round);
            PendingApproval parked = awaitPending(b, 1);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DecisionResult>> deciders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ApprovalQueue via = i % 2 == 0 ? a : b;
                Choice choice = i % 3 == 0 ? Choice.DENY : Choice.APPROVE;
                String name = "d" + i;
                deciders.add(threads.submit(() -> {
                    go.await();
                    return via.decide(parked.id(), choice, Decider.named(name), null);
                }));
            }
            go.countDown();
            List<DecisionResult> results = new ArrayList<>();
            for (Future<DecisionResult> f : deciders) {
                results.add(f.get(5, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(DecisionResult::isDecided).hasSize(1);
            assertThat(results).filteredOn(r -> !r.isDecided()).extracting(DecisionResult::outcome)
                    .containsOnly(Outcome.ALREADY_DECIDED);
            Map<?, ?> out = run.get(5, TimeUnit.SECONDS);
            boolean approved = shared.find(parked.id()).orElseThrow().status() == PendingApproval.Status.APPROVED;
            assertThat(out.containsKey("error")).isEqualTo(!approved);
            assertThat(deletes.get() - before).isEqualTo(approved ? 1 : 0);
        }
    }

    @Test
    void should_make_ids_that_cannot_be_guessed_and_change_nothing_for_unknown_ones() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ApprovalQueue.newId();
            assertThat(id).matches("[A-Za-z0-9_-]{24}");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);

        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(a, 1);
        String id = parked.id();
        String neighbour = id.substring(0, 23) + (id.charAt(23) == 'A' ? 'B' : 'A');
        for (String guess : List.of(neighbour, id.toLowerCase(), id.substring(1), "1", "", "' OR '1'='1")) {
            DecisionResult r = a.decide(guess, Choice.APPROVE, Decider.named("guesser"), null);
            assertThat(r.outcome()).as(guess).isEqualTo(Outcome.NO_SUCH_APPROVAL);
        }
        assertThat(a.find(id).orElseThrow().isPending()).isTrue();
        a.decide(id, Choice.DENY, Decider.named("ops"), null);
        run.get(5, TimeUnit.SECONDS);
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_mark_its_script_expired_and_deny_when_the_waiting_thread_is_interrupted() throws Exception {
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(30), null);
        CompletableFuture<dev.codemode.policy.ApprovalDecision> decision = new CompletableFuture<>();
        Thread waiter = new Thread(() -> decision.complete(a.decide(new dev.codemode.policy.ApprovalRequest(DELETE,
                List.of("crm.delete_customer"), List.of("crm.delete_customer"), List.of(), CallContext.of("k")))));
        waiter.start();
        PendingApproval parked = awaitPending(a, 1);
        waiter.interrupt();
        assertThat(decision.get(5, TimeUnit.SECONDS).approved()).isFalse();
        assertThat(a.find(parked.id()).orElseThrow().status()).isEqualTo(PendingApproval.Status.EXPIRED);
        assertThat(a.decide(parked.id(), Choice.APPROVE, Decider.named("late"), null).outcome())
                .isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void should_expire_the_scripts_of_an_instance_that_died_at_their_deadline_audit_it_and_approve_nothing()
            throws Exception {
        DyingStore aStore = new DyingStore(shared);
        InMemoryAuditSink auditB = new InMemoryAuditSink();
        AuditLog logB = AuditLog.builder().sink(auditB).build();
        closing.add(logB);
        ApprovalQueue a = queue("A", aStore, ApprovalAuthorizer.allowAll(), Duration.ofMillis(1500), null);
        ApprovalQueue b = queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofMillis(1500), logB);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        PendingApproval parked = awaitPending(b, 1);

        // A dies: its connection is gone, it cleans nothing up.
        aStore.dead.set(true);
        assertThat((String) run.get(5, TimeUnit.SECONDS).get("error")).contains("approval denied");
        assertThat(shared.find(parked.id()).orElseThrow().isPending()).isTrue();

        // Once A has stopped polling, nobody can approve the script, although its deadline has not passed.
        Thread.sleep(400);
        DecisionResult early = b.decide(parked.id(), Choice.APPROVE, Decider.named("ops"), null);
        assertThat(early.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(early.message()).contains("the instance that parked the script (A) stopped waiting");
        assertThat(shared.find(parked.id()).orElseThrow().isPending()).isTrue();
        assertThat(b.pending()).hasSize(1); // before its deadline it is listed, and left alone

        // At its deadline any live instance marks it expired, once, and says so in the audit log.
        Thread.sleep(Duration.between(Instant.now(), parked.deadline()).toMillis() + 50);
        assertThat(b.pending()).isEmpty();
        PendingApproval row = shared.find(parked.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(PendingApproval.Status.EXPIRED);
        assertThat(row.decidedBy()).isEqualTo("B");
        assertThat(b.sweep()).isZero();
        logB.flush();
        assertThat(auditB.executions()).singleElement().satisfies(e -> {
            assertThat(e.approval()).isEqualTo("expired");
            assertThat(e.outcome()).isEqualTo(ExecutionRecord.DENIED);
            assertThat(e.virtualKey()).isEqualTo("support");
            assertThat(e.parentRequestId()).isEqualTo("turn-support");
            assertThat(e.script()).isEqualTo(DELETE);
            assertThat(e.toolCalls()).isZero();
            assertThat(e.error()).isEqualTo("approval expired: the instance that parked the script (A) stopped before"
                    + " anyone decided; nothing ran");
        });
        assertThat(b.decide(parked.id(), Choice.APPROVE, Decider.named("ops"), null).outcome())
                .isEqualTo(Outcome.EXPIRED);

        // A restarted A is a new instance: it finds nothing of its own to run.
        ApprovalQueue restarted = queue("A2", shared, ApprovalAuthorizer.allowAll(), Duration.ofSeconds(1), null);
        assertThat(restarted.pending()).isEmpty();
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_expire_a_dead_instances_script_on_its_own_timer_when_nothing_else_happens() throws Exception {
        DyingStore aStore = new DyingStore(shared);
        InMemoryAuditSink auditB = new InMemoryAuditSink();
        AuditLog logB = AuditLog.builder().sink(auditB).build();
        closing.add(logB);
        ApprovalQueue a = queue("A", aStore, ApprovalAuthorizer.allowAll(), Duration.ofMillis(500), null);
        queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofMillis(500), logB); // idle: nobody lists, nobody parks
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shared.pending(null).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        String id = onlyId();
        aStore.dead.set(true);
        run.get(5, TimeUnit.SECONDS);

        // B's timer (every 5 s at this poll interval) marks it expired, with no call into B.
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (shared.find(id).orElseThrow().isPending() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        PendingApproval row = shared.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(PendingApproval.Status.EXPIRED);
        assertThat(row.decidedBy()).isEqualTo("B");
        logB.flush();
        assertThat(auditB.executions()).singleElement().satisfies(e -> assertThat(e.approval()).isEqualTo("expired"));
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_leave_the_expiry_of_a_live_instances_script_to_that_instance() throws Exception {
        InMemoryAuditSink auditB = new InMemoryAuditSink();
        AuditLog logB = AuditLog.builder().sink(auditB).build();
        closing.add(logB);
        ApprovalQueue a = queue("A", shared, ApprovalAuthorizer.allowAll(), Duration.ofMillis(500), null);
        ApprovalQueue b = queue("B", shared, ApprovalAuthorizer.allowAll(), Duration.ofMillis(500), logB);
        Future<Map<?, ?>> run = runAsync(codeMode(a, null), "support");
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> sweeping = threads.submit(() -> {
            while (!stop.get()) {
                b.sweep();
            }
            return null;
        });
        assertThat((String) run.get(5, TimeUnit.SECONDS).get("error")).contains("no one approved the script within");
        stop.set(true);
        sweeping.get(5, TimeUnit.SECONDS);
        logB.flush();
        assertThat(auditB.executions()).isEmpty();
        assertThat(shared.find(onlyId()).orElseThrow().decidedBy()).isEqualTo("A");
    }

    /** A store whose connection can be cut: every call fails from then on, as for a process that died. */
    static final class DyingStore implements ApprovalStore {
        final ApprovalStore delegate;
        final AtomicBoolean dead = new AtomicBoolean();

        DyingStore(ApprovalStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (dead.get()) {
                throw new IllegalStateException("connection lost");
            }
        }

        @Override
        public void insert(PendingApproval approval) {
            check();
            delegate.insert(approval);
        }

        @Override
        public Optional<PendingApproval> find(String id) {
            check();
            return delegate.find(id);
        }

        @Override
        public List<PendingApproval> pending(@Nullable String callerKeyId) {
            check();
            return delegate.pending(callerKeyId);
        }

        @Override
        public boolean touch(String id, Instant now) {
            check();
            return delegate.touch(id, now);
        }

        @Override
        public boolean decide(String id, PendingApproval.Status status, String decidedBy, @Nullable String reason,
                Instant now, Instant aliveSince) {
            check();
            return delegate.decide(id, status, decidedBy, reason, now, aliveSince);
        }

        @Override
        public boolean expire(String id, String expiredBy, String reason, Instant now) {
            check();
            return delegate.expire(id, expiredBy, reason, now);
        }

        @Override
        public List<PendingApproval> abandoned(Instant now, Instant aliveSince) {
            check();
            return delegate.abandoned(now, aliveSince);
        }
    }
}
