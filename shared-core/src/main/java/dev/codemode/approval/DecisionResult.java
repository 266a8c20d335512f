package dev.codemode.approval;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of a decision: {@link Outcome#DECIDED} when it was stored (and the parked script will act
 * on it), otherwise why nothing changed.
 *
 * @param outcome  what happened
 * @param message  one line for the decider
 * @param approval the approval as it stands after the attempt, {@code null} when there is none under the id
 *                 or the decider was not allowed to see it
 */
public record DecisionResult(Outcome outcome, String message, @Nullable PendingApproval approval) {

    public enum Outcome {
        /** The decision was stored; the parking instance acts on it. */
        DECIDED,
        /** No approval has that id (or the decider may not know of it). */
        NO_SUCH_APPROVAL,
        /** Someone decided it first. */
        ALREADY_DECIDED,
        /** Its deadline passed, or the instance that parked it stopped: nothing will run. */
        EXPIRED,
        /** The authoriser refused this decider. */
        NOT_ALLOWED
    }

    public DecisionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public boolean isDecided() {
        return outcome == Outcome.DECIDED;
    }
}
