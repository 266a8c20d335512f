package dev.codemode.samples.webchat;

import java.math.BigDecimal;
import java.util.List;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.audit.AuditSink;

import org.springframework.stereotype.Component;

/** The audit page's data: the latest tool calls from the database the JDBC audit sink writes. */
@Component
class AuditTable {

    private final JdbcAuditSink sink;

    AuditTable(AuditSink sink) {
        if (!(sink instanceof JdbcAuditSink jdbc)) {
            throw new IllegalStateException("the audit page reads the JDBC audit sink, but the audit sink is " + sink
                    + ": leave spring.ai.codemode.audit.sink at auto (or jdbc) and keep a DataSource");
        }
        this.sink = jdbc;
    }

    List<JdbcAuditSink.ToolCallRow> recent(int limit) {
        return sink.recentToolCalls(limit);
    }

    static BigDecimal totalCost(List<JdbcAuditSink.ToolCallRow> rows) {
        return rows.stream().map(JdbcAuditSink.ToolCallRow::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
