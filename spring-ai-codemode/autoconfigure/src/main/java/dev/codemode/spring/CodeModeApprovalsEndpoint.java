package dev.codemode.spring;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.Decider;
import dev.codemode.approval.DecisionResult;
import dev.codemode.approval.PendingApproval;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;

/**
 * Actuator endpoint {@code codemodeapprovals} over HTTP: {@code GET} lists the scripts waiting for approval
 * on every instance (they share the store) that the caller may decide, with the caller's key masked;
 * {@code POST /actuator/codemodeapprovals/{id}} with
 * {@code {"decision": "approve"|"deny", "reason": "..."}} decides one. Every decision goes through the
 * {@code ApprovalAuthorizer} bean as the authenticated principal (Spring Security's, when present), or as
 * "anonymous" otherwise; the default authoriser refuses all of them.
 */
@Endpoint(id = "codemodeapprovals")
public class CodeModeApprovalsEndpoint {

    private final ApprovalQueue queue;

    public CodeModeApprovalsEndpoint(ApprovalQueue queue) {
        this.queue = queue;
    }

    /** A waiting script as listed; {@code caller} is its virtual key masked ({@code sup***}), or null for none. */
    public record Pending(String id, @Nullable String caller, @Nullable String parentRequestId, String script,
            @Nullable List<String> tools, List<String> needApproval, List<String> undetermined, String instanceId,
            Instant askedAt, Instant deadline) {

        static Pending of(PendingApproval p) {
            return new Pending(p.id(), p.callerKeyId() == null ? null : InvalidCodeModeSettingsException.mask(
                    p.callerKeyId()), p.parentRequestId(), p.script(), p.tools(), p.needApproval(),
                    p.undetermined(), p.instanceId(), p.askedAt(), p.deadline());
        }
    }

    /** What a decision did: the outcome (decided, no_such_approval, already_decided, expired, not_allowed) and why. */
    public record Decision(String outcome, String message, @Nullable String status) {
    }

    /** Only what the authoriser lets this caller decide: nobody reads scripts they cannot approve. */
    @ReadOperation
    public List<Pending> approvals(SecurityContext security) {
        return queue.pending(decider(security)).stream().map(Pending::of).toList();
    }

    private static Decider decider(@Nullable SecurityContext security) {
        Principal principal = security == null ? null : security.getPrincipal();
        return new Decider(principal == null ? "anonymous" : principal.getName(), principal, null, null);
    }

    @WriteOperation
    public WebEndpointResponse<Decision> decide(@Selector String id, String decision, @Nullable String reason,
            SecurityContext security) {
        ApprovalQueue.Choice choice;
        try {
            choice = ApprovalQueue.Choice.valueOf(decision.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new WebEndpointResponse<>(new Decision("bad_request", "decision must be approve or deny", null),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        DecisionResult result = queue.decide(id, choice, decider(security), reason);
        int status = switch (result.outcome()) {
            case DECIDED -> WebEndpointResponse.STATUS_OK;
            case NO_SUCH_APPROVAL -> WebEndpointResponse.STATUS_NOT_FOUND;
            case NOT_ALLOWED -> 403;
            case ALREADY_DECIDED, EXPIRED -> 409;
        };
        return new WebEndpointResponse<>(new Decision(result.outcome().name().toLowerCase(Locale.ROOT),
                result.message(), result.approval() == null ? null : result.approval().status().label()), status);
    }
}
