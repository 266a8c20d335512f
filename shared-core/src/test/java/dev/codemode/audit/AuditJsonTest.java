package dev.codemode.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class AuditJsonTest {

    static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    static ToolCallRecord call() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("customer-id", "c42");
        args.put("note", null);
        return new ToolCallRecord(AT, "e1", "r1", "team-a", "crm", "lookup_customer", args,
                Map.of("name", "Ada \"Countess\" Lovelace"), null, Duration.ofNanos(12_345_678),
                new BigDecimal("0.0000001"));
    }

    static ExecutionRecord execution() {
        return new ExecutionRecord(AT, "e1", "r1", "team-a", "result = crm.lookup_customer(customer_id=\"c42\")\n",
                ExecutionRecord.OK, null, Duration.ofMillis(40), 1, new BigDecimal("0.002"), "auto");
    }

    @Test
    void should_write_a_tool_call_as_one_line_of_json_with_keys_in_a_stable_order() {
        // when
        String json = AuditJson.write(call());

        // then
        assertThat(json).doesNotContain("\n").isEqualTo("{\"type\":\"tool_call\",\"timestamp\":\"2025-03-01T10:15:30Z\","
                + "\"executionId\":\"e1\",\"parentRequestId\":\"r1\",\"virtualKey\":\"team-a\",\"server\":\"crm\","
                + "\"tool\":\"lookup_customer\",\"arguments\":{\"customer-id\":\"c42\",\"note\":null},"
                + "\"result\":{\"name\":\"Ada \\\"Countess\\\" Lovelace\"},\"error\":null,\"latencyMs\":12.345,"
                + "\"cost\":0.0000001}");
        assertThat(JsonValues.parse(json)).isInstanceOf(Map.class);
    }

    @Test
    void should_write_an_execution_with_its_totals_and_script() {
        // when
        Map<?, ?> parsed = (Map<?, ?>) JsonValues.parse(AuditJson.write(execution()));

        // then
        assertThat(new ArrayList<Object>(parsed.keySet())).containsExactly("type", "timestamp", "executionId",
                "parentRequestId", "virtualKey", "outcome", "error", "durationMs", "toolCalls", "totalCost",
                "approval", "script");
        assertThat(parsed.get("type")).isEqualTo("execution");
        assertThat(parsed.get("toolCalls")).isEqualTo(1);
        assertThat(parsed.get("script").toString()).startsWith("result = crm.lookup_customer(");
    }

    @Test
    void should_log_each_record_as_json_at_info_on_the_audit_logger() throws Exception {
        // given
        List<String> lines = new ArrayList<>();
        Slf4jAuditSink sink = new Slf4jAuditSink(capturingLogger(lines));

        // when
        sink.write(call());
        sink.write(execution());

        // then
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(JsonValues.parse(line)).isInstanceOf(Map.class);
        }
        assertThat(lines.get(0)).startsWith("{\"type\":\"tool_call\"");
        assertThat(lines.get(1)).startsWith("{\"type\":\"execution\"");
        assertThat(Slf4jAuditSink.LOGGER_NAME).isEqualTo("dev.codemode.audit");
    }

    /** A logger that keeps what is logged at INFO with a plain message. */
    static Logger capturingLogger(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isInfoEnabled":
                            return true;
                        case "info":
                            if (args.length == 1 && args[0] instanceof String s) {
                                lines.add(s);
                            }
                            return null;
                        case "getName":
                            return "test";
                        default:
                            return method.getReturnType() == boolean.class ? false : null;
                    }
                });
    }
}
