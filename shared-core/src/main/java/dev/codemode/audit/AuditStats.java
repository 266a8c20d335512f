package dev.codemode.audit;

/**
 * What an {@link AuditLog} has done with the records it was given. Every record ends in exactly one
 * of the four counts: {@code written + failed + dropped + pending} is the number of records given to
 * {@link AuditLog#record}. The counts are read one after the other: while records are being written, a
 * snapshot may be off by the one in flight; after {@link AuditLog#flush()} or {@link AuditLog#close()} it
 * is exact.
 *
 * @param written records the sink accepted
 * @param dropped records refused because the buffer stayed full for the offer timeout, or given after
 *                {@link AuditLog#close()}, or still buffered when a close timed out
 * @param failed  records the sink threw on
 * @param pending records buffered or being written
 */
public record AuditStats(long written, long dropped, long failed, long pending) {

    /** Records given to the log so far. */
    public long recorded() {
        return written + dropped + failed + pending;
    }
}
