package dev.codemode.approval;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link ApprovalStore#inMemory()}: one lock, the same conditions as the JDBC store's updates. */
final class InMemoryApprovalStore implements ApprovalStore {

    private final Map<String, PendingApproval> rows = new LinkedHashMap<>();

    @Override
    public synchronized void insert(PendingApproval approval) {
        if (rows.putIfAbsent(approval.id(), approval) != null) {
            throw new IllegalStateException("approval " + approval.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<PendingApproval> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<PendingApproval> pending(@Nullable String callerKeyId) {
        return rows.values().stream().filter(PendingApproval::isPending)
                .filter(p -> callerKeyId == null || callerKeyId.equals(p.callerKeyId()))
                .sorted(Comparator.comparing(PendingApproval::askedAt)).toList();
    }

    @Override
    public synchronized boolean touch(String id, Instant now) {
        PendingApproval row = rows.get(id);
        if (row == null || !row.isPending()) {
            return false;
        }
        rows.put(id, row.seen(now));
        return true;
    }

    @Override
    public synchronized boolean decide(String id, PendingApproval.Status status, String decidedBy,
            @Nullable String reason, Instant now, Instant aliveSince) {
        PendingApproval row = rows.get(id);
        if (row == null || !row.isPending() || !row.deadline().isAfter(now) || row.seenAt().isBefore(aliveSince)) {
            return false;
        }
        rows.put(id, row.decided(status, decidedBy, now, reason));
        return true;
    }

    @Override
    public synchronized boolean expire(String id, String expiredBy, String reason, Instant now) {
        PendingApproval row = rows.get(id);
        if (row == null || !row.isPending()) {
            return false;
        }
        rows.put(id, row.decided(PendingApproval.Status.EXPIRED, expiredBy, now, reason));
        return true;
    }

    @Override
    public synchronized List<PendingApproval> abandoned(Instant now, Instant aliveSince) {
        return rows.values().stream().filter(PendingApproval::isPending)
                .filter(p -> !p.deadline().isAfter(now) && p.seenAt().isBefore(aliveSince))
                .sorted(Comparator.comparing(PendingApproval::askedAt)).toList();
    }

    /** Every id stored, whatever its status (tests). */
    synchronized java.util.Set<String> ids() {
        return java.util.Set.copyOf(rows.keySet());
    }

    @Override
    public String toString() {
        return "ApprovalStore.inMemory()[" + Objects.hashCode(this) + "]";
    }
}
