package dev.codemode.samples.webchat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * answer within {@code chatbot.approval-timeout} denies it.
 */
@Component
class WebApprovals implements ApprovalHandler, DisposableBean {

    /**
     * One script waiting for a decision.
     *
     * @param tools        the tools the script calls, or null when they cannot be determined
     * @param needApproval those among them outside the auto-execute list
     * @param turnId       the chat turn that wrote the script
     */
    record Pending(String id, String turnId, String script, List<String> tools, List<String> needApproval,
            List<String> undetermined, Instant asked, Instant deadline) {
    }

    private record Waiting(Pending pending, CompletableFuture<ApprovalDecision> decision) {
    }

    private final Duration timeout;
    private final TurnLog turns;
    private final Map<String, Waiting> queue = new LinkedHashMap<>();

    WebApprovals(ChatbotProperties properties, TurnLog turns) {
        this.timeout = properties.approvalTimeout();
        this.turns = turns;
    }

    @Override
    public ApprovalDecision decide(ApprovalRequest request) {
        Instant now = Instant.now();
        Pending pending = new Pending("approval-" + UUID.randomUUID().toString().substring(0, 8),
                request.caller().parentRequestId(), request.script(), request.tools(), request.needApproval(),
                request.undetermined(), now, now.plus(timeout));
        Waiting waiting = new Waiting(pending, new CompletableFuture<>());
        turns.find(pending.turnId()).ifPresent(turn -> turn.approval("waiting on the approvals panel"));
        synchronized (queue) {
            queue.put(pending.id(), waiting);
        }
        ApprovalDecision decision = await(waiting);
        long waited = Duration.between(now, Instant.now()).toMillis();
        turns.find(pending.turnId()).ifPresent(turn -> turn.approval((decision.approved() ? "approved" : "denied")
                + " after " + String.format(Locale.ROOT, "%.1f", waited / 1000.0) + " s"));
        return decision;
    }

    private ApprovalDecision await(Waiting waiting) {
        Pending pending = waiting.pending();
        try {
            return waiting.decision().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return ApprovalDecision.deny("no one approved the script within " + (timeout.toMillis() % 1000 == 0
                    ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApprovalDecision.deny("the application stopped before anyone approved the script");
        } catch (ExecutionException e) {
            return ApprovalDecision.deny(e.getCause().getMessage());
        } finally {
            synchronized (queue) {
                queue.remove(pending.id());
            }
        }
    }

    /** The scripts waiting, oldest first. */
    List<Pending> pending() {
        synchronized (queue) {
            return new ArrayList<>(queue.values().stream().map(Waiting::pending).toList());
        }
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
        Waiting waiting;
        synchronized (queue) {
            waiting = queue.get(id);
        }
        return waiting != null && waiting.decision().complete(decision);
    }

    /** Nothing waits past shutdown. */
    @Override
    public void destroy() {
        pending().forEach(p -> complete(p.id(), ApprovalDecision.deny("the application is stopping")));
    }
}
