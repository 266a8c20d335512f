package dev.codemode.audit;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link AuditSink#fanOut}: each record to every sink, a failure of one not keeping it from the others. */
final class FanOutAuditSink implements AuditSink {

    private final List<AuditSink> sinks;

    FanOutAuditSink(List<? extends AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void write(AuditRecord record) throws Exception {
        @Nullable Exception first = null;
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
