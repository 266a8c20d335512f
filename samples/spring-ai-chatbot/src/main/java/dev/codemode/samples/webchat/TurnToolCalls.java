package dev.codemode.samples.webchat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCallRecord;

/**
 * Keeps the tool calls of each running turn (the parent request id is the turn's id) until the turn
 * ends and takes them, for the estimate of standard tool calling. Written beside the JDBC sink, whose
 * rows keep latencies in whole milliseconds only. Not an {@code AuditSink} bean itself, which would
 * stand in for the starter's: the audit log hands it records through {@link #sink()}.
 */
final class TurnToolCalls {

    private final Map<String, List<ToolCallRecord>> byTurn = new ConcurrentHashMap<>();

    /** What the audit log writes to, beside its sink. */
    AuditSink sink() {
        return this::write;
    }

    private void write(AuditRecord record) {
        if (record instanceof ToolCallRecord call && call.parentRequestId() != null) {
            byTurn.computeIfAbsent(call.parentRequestId(), id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(call);
        }
    }

    /** The turn's calls so far, in the order written, forgotten here. */
    List<ToolCallRecord> take(String turnId) {
        List<ToolCallRecord> calls = byTurn.remove(turnId);
        if (calls == null) {
            return List.of();
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
