package dev.codemode.samples.webchat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Approval through the page: a script that calls a tool outside the auto-execute list is parked in
 * an in-memory queue, shown on the approvals panel, and its thread waits for Approve or Deny. No
 * answer within {@code chatbot.approval-timeout} denies it. Each request keeps one entry whose status
 * moves from pending to approved, denied or expired; the latest decided ones stay on the panel.
 */
@Component
class WebApprovals implements ApprovalHandler, DisposableBean {

    /** Decided requests the panel keeps showing, newest first. */
    static final int KEPT_DECIDED = 10;

    enum Status { PENDING, APPROVED, DENIED, EXPIRED }

    /**
     * One approval request as the panel and the JSON API show it.
     *
     * @param turnId       the chat turn that wrote the script (the parent request id)
     * @param turn         that turn's number on the page, or null when it is not a turn of the page
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

    /** A request while its script waits, and what happened to it once decided. */
    private static final class Request {
        final String id;
        final ApprovalRequest request;
        final Integer turn;
        final Instant asked;
        final Instant deadline;
        final CompletableFuture<ApprovalDecision> decision = new CompletableFuture<>();
        Status status = Status.PENDING;
        String outcome;

        Request(String id, ApprovalRequest request, Integer turn, Instant asked, Instant deadline) {
            this.id = id;
            this.request = request;
            this.turn = turn;
            this.asked = asked;
            this.deadline = deadline;
        }

        Entry entry(Instant now) {
            return new Entry(id, request.caller().parentRequestId(), turn, request.script(), request.tools(),
                    request.needApproval(), request.undetermined(), asked, deadline, status, outcome,
                    status == Status.PENDING ? "expires in " + remaining(Duration.between(now, deadline)) : null);
        }
    }

    private final Duration timeout;
    private final TurnLog turns;
    private final Map<String, Request> pending = new LinkedHashMap<>();
    private final Deque<Request> decided = new ArrayDeque<>();

    WebApprovals(ChatbotProperties properties, TurnLog turns) {
        this.timeout = properties.approvalTimeout();
        this.turns = turns;
    }

    @Override
    public ApprovalDecision decide(ApprovalRequest request) {
        Instant now = Instant.now();
        String turnId = request.caller().parentRequestId();
        Request waiting = new Request("approval-" + UUID.randomUUID().toString().substring(0, 8), request,
                turns.number(turnId).orElse(null), now, now.plus(timeout));
        turns.find(turnId).ifPresent(turn -> turn.approval(Turn.WAITING_FOR_APPROVAL));
        synchronized (this) {
            pending.put(waiting.id, waiting);
        }
        Decided result = await(waiting);
        String outcome = result.status().name().toLowerCase(Locale.ROOT) + " after "
                + seconds(Duration.between(now, Instant.now()));
        synchronized (this) {
            pending.remove(waiting.id);
            waiting.status = result.status();
            waiting.outcome = outcome;
            decided.addFirst(waiting);
            while (decided.size() > KEPT_DECIDED) {
                decided.removeLast();
            }
        }
        turns.find(turnId).ifPresent(turn -> turn.approval(outcome));
        return result.decision();
    }

    private record Decided(ApprovalDecision decision, Status status) {
    }

    private Decided await(Request waiting) {
        try {
            ApprovalDecision decision = waiting.decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Decided(decision, decision.approved() ? Status.APPROVED : Status.DENIED);
        } catch (TimeoutException e) {
            return new Decided(ApprovalDecision.deny("no one approved the script within " + (timeout.toMillis() % 1000 == 0
                    ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")), Status.EXPIRED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Decided(ApprovalDecision.deny("the application stopped before anyone approved the script"),
                    Status.DENIED);
        } catch (ExecutionException e) {
            return new Decided(ApprovalDecision.deny(e.getCause().getMessage()), Status.DENIED);
        }
    }

    /** The scripts waiting, oldest first. */
    synchronized List<Entry> pending() {
        Instant now = Instant.now();
        return pending.values().stream().map(r -> r.entry(now)).toList();
    }

    /** What the panel shows: the scripts waiting, oldest first, then the latest decided requests, newest first. */
    synchronized List<Entry> entries() {
        Instant now = Instant.now();
        List<Entry> entries = new ArrayList<>();
        pending.values().forEach(r -> entries.add(r.entry(now)));
        decided.forEach(r -> entries.add(r.entry(now)));
        return entries;
    }

    /** Approves a waiting script; false when no script waits under that id (decided, or timed out). */
    boolean approve(String id) {
        return complete(id, ApprovalDecision.approve());
    }

    /** Denies a waiting script; false when no script waits under that id. */
    boolean deny(String id) {
        return complete(id, ApprovalDecision.deny("denied on the approvals page"));
    }

    private boolean complete(String id, ApprovalDecision decision) {
        Request waiting;
        synchronized (this) {
            waiting = pending.get(id);
        }
        return waiting != null && waiting.decision.complete(decision);
    }

    /** Nothing waits past shutdown. */
    @Override
    public void destroy() {
        pending().forEach(p -> complete(p.id(), ApprovalDecision.deny("the application is stopping")));
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
