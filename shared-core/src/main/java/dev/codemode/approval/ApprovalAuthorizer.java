package dev.codemode.approval;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who may decide what: every decision an {@link ApprovalQueue} takes goes through it first, with the
 * approval as the store holds it (never as the decider describes it). The default,
 * {@link #refuseAll()}, refuses every decision until the application says who may approve.
 */
@FunctionalInterface
public interface ApprovalAuthorizer {

    /** Whether {@code decider} may approve or deny {@code approval}. */
    Verdict authorize(Decider decider, PendingApproval approval);

    /** An authoriser's answer: allowed, or refused with a reason the decider is shown. */
    record Verdict(boolean allowed, @Nullable String reason) {

        private static final Verdict ALLOW = new Verdict(true, null);

        public static Verdict allow() {
            return ALLOW;
        }

        public static Verdict refuse(String reason) {
            return new Verdict(false, Objects.requireNonNull(reason, "reason"));
        }
    }

    /** The refusal of {@link #refuseAll()}. */
    String NOT_CONFIGURED = "approval decisions are refused until the application configures who may approve"
            + " (an ApprovalAuthorizer)";

    /** Refuses every decision: the default until the application provides its own. */
    static ApprovalAuthorizer refuseAll() {
        return (decider, approval) -> Verdict.refuse(NOT_CONFIGURED);
    }

    /** Allows decisions from this machine only (a loopback remote address): a local demo's panel. */
    static ApprovalAuthorizer localOnly() {
        return (decider, approval) -> decider.isLocal() ? Verdict.allow()
                : Verdict.refuse("only requests from this machine may decide approvals");
    }

    /**
     * Allows a decider to decide only scripts of the virtual key it acts for: a caller approving their
     * own scripts. A script without a key is decided by nobody this way.
     */
    static ApprovalAuthorizer sameKey() {
        return (decider, approval) -> decider.keyId() != null && decider.keyId().equals(approval.callerKeyId())
                ? Verdict.allow() : Verdict.refuse("this approval belongs to another caller");
    }

    /** Allows everybody. An explicit opt-in, for tests and single-user setups behind other protection. */
    static ApprovalAuthorizer allowAll() {
        return (decider, approval) -> Verdict.allow();
    }
}
