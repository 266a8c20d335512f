package dev.codemode.audit;

import java.util.List;

/**
 * Where audit records go. One abstract method, so a lambda is a sink; {@link AuditLog} calls it from
 * its single writer thread, never from a script thread, so an implementation may block (a database
 * insert) without slowing scripts down, and need not be thread-safe unless it is shared.
 *
 * <p>Exceptions are not lost: the log counts the record as failed, logs a warning and carries on
 * with the next record.
 */
@FunctionalInterface
public interface AuditSink {

    /** Writes one record; throw to report that it was not written. */
    void write(AuditRecord record) throws Exception;

    /** Makes written records durable (called by {@link AuditLog#flush()} and on close). */
    default void flush() {
    }

    /** Releases resources; called once, by {@link AuditLog#close()}, after the last write. */
    default void close() {
    }

    /** A thread-safe sink that keeps every record in memory: for tests and development. */
    static InMemoryAuditSink inMemory() {
        return new InMemoryAuditSink();
    }

    /** One JSON object per record, at INFO, on the logger {@value Slf4jAuditSink#LOGGER_NAME}. */
    static Slf4jAuditSink slf4j() {
        return new Slf4jAuditSink();
    }

    /**
     * Writes each record to every one of {@code sinks}, in order: one sink failing does not keep the
     * record from the others, and the first failure (the others suppressed in it) is thrown to the audit
     * log, which counts it. Flush and close reach every sink; close throws the first failure after
     * closing them all. One sink is returned as it is.
     */
    static AuditSink fanOut(List<? extends AuditSink> sinks) {
        return sinks.size() == 1 ? sinks.get(0) : new FanOutAuditSink(sinks);
    }
}
