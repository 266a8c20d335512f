package dev.codemode.policy;

import org.jspecify.annotations.Nullable;

/**
 * An {@link ApprovalHandler}'s answer.
 *
 * @param approved whether the script may run
 * @param reason   for a denial, what the model is told (may be {@code null})
 */
public record ApprovalDecision(boolean approved, @Nullable String reason) {

    private static final ApprovalDecision APPROVE = new ApprovalDecision(true, null);

    public static ApprovalDecision approve() {
        return APPROVE;
    }

    public static ApprovalDecision deny(@Nullable String reason) {
        return new ApprovalDecision(false, reason);
    }
}
