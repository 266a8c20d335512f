package dev.codemode.spring;

import java.util.ArrayList;
import java.util.List;

import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.AuditSink;

/**
 * Writes each record to every sink; one sink failing does not keep the record from the others, and
 * the first failure is reported to the audit log, which counts it.
 */
final class FanOutAuditSink implements AuditSink {

    private final List<AuditSink> sinks;

    FanOutAuditSink(List<AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    static AuditSink of(List<AuditSink> sinks) {
        return sinks.size() == 1 ? sinks.get(0) : new FanOutAuditSink(sinks);
    }

    @Override
    public void write(AuditRecord record) throws Exception {
        Exception first = null;
        for (AuditSink sink : sinks) {
            try {
                sink.write(record);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void flush() {
        sinks.forEach(AuditSink::flush);
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (AuditSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
