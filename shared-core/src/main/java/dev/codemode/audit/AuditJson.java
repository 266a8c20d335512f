package dev.codemode.audit;

import dev.codemode.json.JsonValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * The JSON form of an audit record, shared by every sink that writes text or rows. Keys come in a
 * fixed order and are always present ({@code null} when empty), so a line can be read by position
 * as well as by name:
 *
 * <pre>
 * {"type":"tool_call","timestamp":"2025-01-01T10:00:00Z","executionId":"e1","parentRequestId":"r1",
 *  "virtualKey":"team-a","server":"crm","tool":"lookup_customer","arguments":{...},"result":{...},
 *  "error":null,"latencyMs":12.5,"cost":0.002}
 * {"type":"execution","timestamp":"...","executionId":"e1","parentRequestId":"r1","virtualKey":"team-a",
 *  "outcome":"ok","error":null,"durationMs":40.1,"toolCalls":3,"totalCost":0.006,"approval":"auto",
 *  "script":"..."}
 * </pre>
 *
 * Timestamps are ISO-8601 in UTC; durations are milliseconds with microsecond decimals; money is a
 * plain decimal number (never exponent notation).
 */
public final class AuditJson {

    private static final ObjectWriter WRITER = JsonValues.mapper().writer()
            .with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);

    private AuditJson() {
    }

    /** The fields of a record, in their JSON order. */
    public static Map<String, Object> fields(AuditRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (record instanceof ToolCallRecord r) {
            out.put("type", "tool_call");
            out.put("timestamp", r.timestamp().toString());
            out.put("executionId", r.executionId());
            out.put("parentRequestId", r.parentRequestId());
            out.put("virtualKey", r.virtualKey());
            out.put("server", r.server());
            out.put("tool", r.tool());
            out.put("arguments", r.arguments());
            out.put("result", r.result());
            out.put("error", r.error());
            out.put("latencyMs", millis(r.latency()));
            out.put("cost", r.cost());
        } else if (record instanceof ExecutionRecord r) {
            out.put("type", "execution");
            out.put("timestamp", r.timestamp().toString());
            out.put("executionId", r.executionId());
            out.put("parentRequestId", r.parentRequestId());
            out.put("virtualKey", r.virtualKey());
            out.put("outcome", r.outcome());
            out.put("error", r.error());
            out.put("durationMs", millis(r.duration()));
            out.put("toolCalls", r.toolCalls());
            out.put("totalCost", r.totalCost());
            out.put("approval", r.approval());
            if (!r.skills().isEmpty()) {
                out.put("skills", r.skills());
            }
            out.put("script", r.script());
        }
        return out;
    }

    /** One line of compact JSON. Values without a JSON form are written as their {@code toString()}. */
    public static String write(AuditRecord record) {
        Map<String, Object> fields = fields(record);
        try {
            return WRITER.writeValueAsString(fields);
        } catch (JacksonException e) {
            // A tool handed back something that is not a plain JSON value: keep the line, lose the shape.
            fields.replaceAll((k, v) -> v instanceof Map || v instanceof Iterable ? safe(v) : v);
            return WRITER.writeValueAsString(fields);
        }
    }

    private static Object safe(Object value) {
        try {
            WRITER.writeValueAsString(value);
            return value;
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }

    static BigDecimal millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1_000, 3);
    }
}
