package dev.codemode.approval;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One script waiting for a decision, as the {@link ApprovalStore} keeps it.
 *
 * @param id              unguessable (144 random bits); whoever holds it still needs the authoriser's yes
 * @param callerKeyId     the virtual key id of the caller whose script it is (never a secret), or {@code null}
 * @param parentRequestId the request (chat turn) that wrote the script, or {@code null}
 * @param script          the script as the model wrote it
 * @param tools           the tools it can call, or {@code null} when they cannot be determined
 * @param needApproval    those among them outside the auto-execute list
 * @param undetermined    why the tools could not be determined (empty when they could)
 * @param instanceId      the instance whose thread parked it: the only one that will run it
 * @param askedAt         when it was parked
 * @param deadline        when it expires undecided
 * @param seenAt          when the parking thread last polled it: a row not polled for a while has lost its instance
 * @param status          pending, approved, denied or expired
 * @param decidedBy       who decided (or which instance expired it), {@code null} while pending
 * @param decidedAt       when, {@code null} while pending
 * @param reason          the decider's reason or why it expired, or {@code null}
 */
public record PendingApproval(String id, @Nullable String callerKeyId, @Nullable String parentRequestId, String script,
        @Nullable List<String> tools, List<String> needApproval, List<String> undetermined, String instanceId,
        Instant askedAt, Instant deadline, Instant seenAt, Status status, @Nullable String decidedBy,
        @Nullable Instant decidedAt, @Nullable String reason) {

    /** Where a pending approval stands. Only {@link #PENDING} can change, and only once. */
    public enum Status {
        PENDING, APPROVED, DENIED, EXPIRED;

        /** The lower-case name the table and the JSON views use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status ofLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public PendingApproval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(askedAt, "askedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(seenAt, "seenAt");
        Objects.requireNonNull(status, "status");
        tools = tools == null ? null : List.copyOf(tools);
        needApproval = List.copyOf(needApproval);
        undetermined = List.copyOf(undetermined);
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }

    /** The same approval, decided. */
    PendingApproval decided(Status newStatus, @Nullable String by, Instant at, @Nullable String why) {
        return new PendingApproval(id, callerKeyId, parentRequestId, script, tools, needApproval, undetermined,
                instanceId, askedAt, deadline, seenAt, newStatus, by, at, why);
    }

    /** The same approval, polled at {@code at}. */
    PendingApproval seen(Instant at) {
        return new PendingApproval(id, callerKeyId, parentRequestId, script, tools, needApproval, undetermined,
                instanceId, askedAt, deadline, at, status, decidedBy, decidedAt, reason);
    }
}
