package dev.codemode.policy;

import java.util.function.Predicate;

/**
 * Decides whether a script that calls tools outside the auto-execute list may run. Called before
 * the script starts: a denial runs no part of it. Implementations may block (a console prompt, a
 * web button) and must bound their own wait.
 */
@FunctionalInterface
public interface ApprovalHandler {

    ApprovalDecision decide(ApprovalRequest request);

    /** Denies every script that needs approval (the default). */
    static ApprovalHandler deny() {
        return request -> ApprovalDecision.deny(null);
    }

    /** Approves everything. An explicit opt-in, for trusted setups and tests. */
    static ApprovalHandler allowAll() {
        return request -> ApprovalDecision.approve();
    }

    /** Asks a yes/no question, e.g. a console prompt or a button in a web page. */
    static ApprovalHandler asking(Predicate<ApprovalRequest> question) {
        return request -> question.test(request) ? ApprovalDecision.approve()
                : ApprovalDecision.deny("the user declined");
    }
}
