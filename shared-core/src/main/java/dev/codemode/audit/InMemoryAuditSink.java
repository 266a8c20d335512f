package dev.codemode.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every record in memory, in the order written. Thread-safe; reads return snapshots. It grows
 * without bound: use it in tests and development, not in a long-running service.
 */
public final class InMemoryAuditSink implements AuditSink {

    private final List<AuditRecord> records = new ArrayList<>();

    @Override
    public synchronized void write(AuditRecord record) {
        records.add(record);
    }

    /** Every record so far. */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /** The tool-call records so far. */
    public synchronized List<ToolCallRecord> toolCalls() {
        List<ToolCallRecord> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (r instanceof ToolCallRecord call) {
                out.add(call);
            }
        }
        return List.copyOf(out);
    }

    /** The execution records so far. */
    public synchronized List<ExecutionRecord> executions() {
        List<ExecutionRecord> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (r instanceof ExecutionRecord execution) {
                out.add(execution);
            }
        }
        return List.copyOf(out);
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized void clear() {
        records.clear();
    }
}
