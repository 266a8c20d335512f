package dev.codemode.samples.webchat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.Decider;
import dev.codemode.approval.DecisionResult;
import dev.codemode.approval.PendingApproval;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.spring.CodeModeBuilderCustomizer;

import org.springframework.stereotype.Component;

/**
 * The approvals panel over the starter's durable queue ({@code spring.ai.codemode.approvals.enabled=true}):
 * a script that calls a tool outside the auto-execute list waits in the queue's table, so the panel of any
 * instance on the same database lists it and can decide it, and the instance that parked it runs it. No
 * answer within the queue's timeout denies it. Decisions go through the queue's authoriser, which this
 * sample sets to requests from this machine only. The panel also keeps the latest requests this instance
 * parked or decided, with their outcome.
 */
@Component
class WebApprovals implements CodeModeBuilderCustomizer {

    /** Decided requests the panel keeps showing, newest first. */
    static final int KEPT_DECIDED = 10;

    enum Status { PENDING, APPROVED, DENIED, EXPIRED }

    /**
     * One approval request as the panel and the JSON API show it.
     *
     * @param turnId       the chat turn that wrote the script (the parent request id)
     * @param turn         that turn's number on this instance's page, or null when it is not one of its turns
     * @param tools        the tools the script calls, or null when they cannot be determined
     * @param needApproval those among them outside the auto-execute list
     * @param status       pending until someone decides or the deadline passes
     * @param outcome      for a decided request: what happened, e.g. "approved after 2.4 s"; null while pending
     * @param expiresIn    while pending, the time left: "expires in 1 min 20 s"; null once decided
     */
    record Entry(String id, String turnId, Integer turn, String script, List<String> tools,
            List<String> needApproval, List<String> undetermined, Instant asked, Instant deadline, Status status,
            String outcome, String expiresIn) {

        public boolean isPending() {
            return status == Status.PENDING;
        }

        /** The status as the page writes it: pending, approved, denied, expired. */
        public String getStatusLabel() {
            return status.name().toLowerCase(Locale.ROOT);
        }
    }

    private final ApprovalQueue queue;
    private final TurnLog turns;
    private final Deque<Entry> decided = new ArrayDeque<>();

    WebApprovals(ApprovalQueue queue, TurnLog turns) {
        this.queue = queue;
        this.turns = turns;
    }

    /** Scripts are decided by the queue; this decorator notes on the turn where its approval stands. */
    @Override
    public void customize(dev.codemode.CodeMode.Builder core) {
        core.approvalHandler(this::decide);
    }

    ApprovalDecision decide(ApprovalRequest request) {
        String turnId = request.caller().parentRequestId();
        turns.find(turnId).ifPresent(turn -> turn.approval(Turn.WAITING_FOR_APPROVAL));
        AtomicReference<PendingApproval> parked = new AtomicReference<>();
        ApprovalDecision decision = queue.decide(request, parked::set);
        PendingApproval row = parked.get() == null ? null : queue.find(parked.get().id()).orElse(parked.get());
        Entry entry = row == null ? null : entry(row, Instant.now());
        if (entry != null) {
            keep(entry);
        }
        String outcome = entry != null && entry.outcome() != null ? entry.outcome()
                : (decision.approved() ? "approved" : "denied");
        turns.find(turnId).ifPresent(turn -> turn.approval(outcome));
        return decision;
    }

    private synchronized void keep(Entry entry) {
        decided.removeIf(e -> e.id().equals(entry.id()));
        decided.addFirst(entry);
        while (decided.size() > KEPT_DECIDED) {
            decided.removeLast();
        }
    }

    private Entry entry(PendingApproval p, Instant now) {
        Status status = Status.valueOf(p.status().name());
        Instant until = p.decidedAt() == null ? now : p.decidedAt();
        return new Entry(p.id(), p.parentRequestId(), turns.number(p.parentRequestId()).orElse(null), p.script(),
                p.tools(), p.needApproval(), p.undetermined(), p.askedAt(), p.deadline(), status,
                p.isPending() ? null : status.name().toLowerCase(Locale.ROOT) + " after "
                        + seconds(Duration.between(p.askedAt(), until)),
                p.isPending() ? "expires in " + remaining(Duration.between(now, p.deadline())) : null);
    }

    /** The scripts waiting on any instance, oldest first. */
    List<Entry> pending() {
        Instant now = Instant.now();
        return queue.pending().stream().map(p -> entry(p, now)).toList();
    }

    /** What the panel shows: the scripts waiting, oldest first, then the latest decided requests, newest first. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(pending());
        synchronized (this) {
            decided.stream().filter(d -> entries.stream().noneMatch(e -> e.id().equals(d.id()))).forEach(entries::add);
        }
        return entries;
    }

    /** Approves a waiting script on behalf of {@code by}, if the queue's authoriser allows it. */
    DecisionResult approve(String id, Decider by) {
        return decided(queue.decide(id, ApprovalQueue.Choice.APPROVE, by, null));
    }

    /** Denies a waiting script on behalf of {@code by}, if the queue's authoriser allows it. */
    DecisionResult deny(String id, Decider by) {
        return decided(queue.decide(id, ApprovalQueue.Choice.DENY, by, "denied on the approvals page"));
    }

    private DecisionResult decided(DecisionResult result) {
        if (result.isDecided() && result.approval() != null) {
            keep(entry(result.approval(), Instant.now()));
        }
        return result;
    }

    /** A time left as a person reads it: "1 min 20 s", "45 s", "2 min", "0 s". */
    static String remaining(Duration left) {
        long seconds = Math.max(0, (left.toMillis() + 999) / 1000);
        long minutes = seconds / 60;
        seconds %= 60;
        if (minutes == 0) {
            return seconds + " s";
        }
        return seconds == 0 ? minutes + " min" : minutes + " min " + seconds + " s";
    }

    private static String seconds(Duration waited) {
        return String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0);
    }
}
