package dev.codemode.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where pending approvals live so that any instance can see and decide them. Every change of status
 * is conditional on the row still being pending (and, for a decision, on its deadline and its parking
 * instance being alive), so concurrent deciders, the deadline and a sweep have exactly one winner.
 * {@link ApprovalStore#inMemory()} for one instance; {@link JdbcApprovalStore} for several.
 */
public interface ApprovalStore {

    /** Stores a new pending approval. */
    void insert(PendingApproval approval);

    Optional<PendingApproval> find(String id);

    /** Pending approvals, oldest first; of one caller when {@code callerKeyId} is not null. */
    List<PendingApproval> pending(@Nullable String callerKeyId);

    /**
     * The parking thread's poll: records that it is still waiting. True while the row is pending; false
     * once it is decided (read it with {@link #find}) or gone.
     */
    boolean touch(String id, Instant now);

    /**
     * Decides a row when it is pending, its deadline is after {@code now}, and its parking thread polled
     * at or after {@code aliveSince}. True for the one caller that changed it.
     */
    boolean decide(String id, PendingApproval.Status status, String decidedBy, @Nullable String reason, Instant now,
            Instant aliveSince);

    /** Marks a pending row expired (whatever its deadline). True for the one caller that changed it. */
    boolean expire(String id, String expiredBy, String reason, Instant now);

    /**
     * Pending rows whose deadline is not after {@code now} and whose parking thread stopped polling before
     * {@code aliveSince}: those of an instance that died. {@link #expire} them one by one.
     */
    List<PendingApproval> abandoned(Instant now, Instant aliveSince);

    /** A store in this JVM's memory: for a single instance and tests. */
    static ApprovalStore inMemory() {
        return new InMemoryApprovalStore();
    }
}
