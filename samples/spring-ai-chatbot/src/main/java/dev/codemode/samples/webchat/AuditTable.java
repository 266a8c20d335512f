package dev.codemode.samples.webchat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.codemode.audit.AuditSink;
import dev.codemode.audit.JdbcAuditSink;

import org.springframework.stereotype.Component;

/**
 * The audit page's data: the latest tool calls from the database the JDBC audit sink writes, and each
 * as the page shows it: the chat turn it belongs to, its duration in ms, its cost with its unit.
 */
@Component
class AuditTable {

    /** Times on the audit page, UTC to the millisecond. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    /**
     * One tool call as the audit page shows it.
     *
     * @param turn     "turn 3" for a call made in a turn of this run; else the parent request id as recorded
     * @param duration the call's latency, e.g. "12 ms"
     * @param cost     the call's cost with its unit, e.g. "$0.01"
     */
    record PageRow(String time, String turn, String turnId, String virtualKey, String tool, String arguments,
            String outcome, String duration, String cost, String executionId) {
    }

    private final JdbcAuditSink sink;
    private final TurnLog turns;
    private final String costUnit;

    AuditTable(AuditSink sink, TurnLog turns, ChatbotProperties properties) {
        if (!(sink instanceof JdbcAuditSink jdbc)) {
            throw new IllegalStateException("the audit page reads the JDBC audit sink, but the audit sink is " + sink
                    + ": leave spring.ai.codemode.audit.sink at auto (or jdbc) and keep a DataSource");
        }
        this.sink = jdbc;
        this.turns = turns;
        this.costUnit = properties.costUnit();
    }

    List<JdbcAuditSink.ToolCallRow> recent(int limit) {
        return sink.recentToolCalls(limit);
    }

    List<PageRow> pageRows(List<JdbcAuditSink.ToolCallRow> rows) {
        return rows.stream().map(row -> new PageRow(TIME.format(row.startedAt()), turn(row.parentRequestId()),
                row.parentRequestId(), row.virtualKey(), row.server() + "." + row.tool(), row.arguments(),
                row.error() == null ? "ok" : row.error(), row.latencyMillis() + " ms", cost(row.cost()),
                row.executionId())).toList();
    }

    private String turn(String parentRequestId) {
        if (parentRequestId == null) {
            return "";
        }
        return turns.number(parentRequestId).map(n -> "turn " + n).orElse(parentRequestId);
    }

    /** A cost with its unit and no trailing zeros past the cents: "$0.01", "$0.005", "$0.00". */
    String cost(BigDecimal cost) {
        BigDecimal plain = cost.stripTrailingZeros();
        if (plain.scale() < 2) {
            plain = plain.setScale(2, RoundingMode.UNNECESSARY);
        }
        return costUnit + plain.toPlainString();
    }

    static BigDecimal totalCost(List<JdbcAuditSink.ToolCallRow> rows) {
        return rows.stream().map(JdbcAuditSink.ToolCallRow::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
