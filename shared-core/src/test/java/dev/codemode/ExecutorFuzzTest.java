package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.ArbitraryJson;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@code executeToolCode} end to end: arbitrary scripts, built from statements that call
 * in-process tools (answers, error replies, exceptions, unreachable, huge and deep values, NaN, slow
 * calls), builtins, limits and raw garbage, through {@link CodeMode} for a caller whose virtual key
 * hides one server. For every script:
 * <ul>
 *   <li>a {@link MetaToolResult}, never an exception; a blank script is the argument error
 *       {@code executeToolCode: missing argument code}; for any other, the text is one JSON object with either
 *       {@code result} or {@code error} (matching {@code isError}), within {@code maxOutputChars};</li>
 *   <li>no internal failure and no Java exception or stack in the text;</li>
 *   <li>it returns within the time limit plus a margin, however the script loops;</li>
 *   <li>the hidden server is never called;</li>
 *   <li>the audit log holds the execution and exactly one record per tool call it counts.</li>
 * </ul>
 */
class ExecutorFuzzTest {

    static final Limits LIMITS = Limits.builder()
            .timeout(Duration.ofSeconds(2))
            .maxSteps(100_000)
            .maxToolCalls(12)
            .maxValueChars(50_000)
            .maxOutputChars(1_500)
            .maxMemoryBytes(64L * 1024 * 1024)
            .build();
    static final Duration MARGIN = Duration.ofSeconds(3);

    private static final AtomicInteger hiddenCalls = new AtomicInteger();
    private static final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    private static AuditLog auditLog;
    private static CodeMode codeMode;

    @BeforeAll
    static void build() {
        Map<String, Object> any = Map.of("type", "object");
        FunctionToolSource demo = FunctionToolSource.builder("demo")
                .tool("echo", "Returns value.", any, a -> a.get("value"))
                .tool("fail", "An error reply.", any, a -> ToolResult.error(String.valueOf(a.get("message"))))
                .tool("boom", "Throws.", any, a -> {
                    throw new IllegalStateException("boom " + a);
                })
                .tool("unreachable", "Cannot be reached.", any, a -> {
                    throw new ToolCallException("demo.unreachable failed: connection refused");
                })
                .tool("big", "A long string.", any, a -> "x".repeat(Math.min(number(a.get("n")), 3_000_000)))
                .tool("deep", "A deeply nested list.", any, a -> {
                    Object v = "leaf";
                    for (int i = Math.min(number(a.get("n")), 500); i > 0; i--) {
                        v = List.of(v);
                    }
                    return v;
                })
                .tool("nan", "Not a number.", any, a -> Double.NaN)
                .tool("slow", "Sleeps up to 300 ms.", any, a -> {
                    Thread.sleep(Math.min(number(a.get("ms")), 300));
                    return "slept";
                })
                .build();
        FunctionToolSource secret = FunctionToolSource.builder("secret")
                .tool("token", "Hidden from the caller.", any, a -> "secret-" + hiddenCalls.incrementAndGet())
                .build();
        auditLog = AuditLog.builder().sink(records::add).build();
        codeMode = CodeMode.builder()
                .toolSources(demo, secret)
                .limits(LIMITS)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll())
                .accessControl(AccessControl.builder().keys(VirtualKey.withTools("key-1", "demo.*")).build())
                .auditLog(auditLog)
                .build();
    }

    @AfterAll
    static void close() {
        codeMode.close();
        auditLog.close();
    }

    @FuzzTest(maxDuration = "3m")
    void any_script_gives_a_clear_result_in_time(FuzzedDataProvider data) {
        String script = script(data);
        records.clear();

        long start = System.nanoTime();
        MetaToolResult result = codeMode.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", script),
                CallContext.of("key-1"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isNotNull();
        if (script.isBlank()) {
            assertThat(result).isEqualTo(new MetaToolResult("executeToolCode: missing argument code", true));
            return;
        }
        assertThat(took).as(script).isLessThan(LIMITS.timeout().plus(MARGIN));
        String text = result.text();
        assertThat(text.length()).as(text).isLessThanOrEqualTo(LIMITS.maxOutputChars());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonValues.parse(text);
        assertThat(json.containsKey("error")).as(text).isEqualTo(result.isError()).isNotEqualTo(json.containsKey("result"));
        if (result.isError()) {
            assertThat(String.valueOf(json.get("error")))
                    .as(script)
                    .doesNotContain("the interpreter failed")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        assertThat(hiddenCalls).as("the hidden server was called by%n%s", script).hasValue(0);

        auditLog.flush();
        List<ExecutionRecord> executions = records.stream().filter(ExecutionRecord.class::isInstance)
                .map(ExecutionRecord.class::cast).toList();
        assertThat(executions).as(script).hasSize(1);
        assertThat(records.stream().filter(ToolCallRecord.class::isInstance).count())
                .isEqualTo(executions.get(0).toolCalls());
        assertThat(auditLog.stats().dropped()).isZero();
    }

    // ---- script generation ----

    private static String script(FuzzedDataProvider data) {
        if (data.consumeInt(0, 9) == 0) {
            return data.consumeRemainingAsString();
        }
        List<String> lines = new ArrayList<>();
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            lines.add(statement(data));
        }
        if (data.consumeBoolean()) {
            lines.add("result = " + data.pickValue(List.of("x", "r", "v", "e", "[x]", "{\"x\": x}", literal(data))));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String statement(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 24)) {
            case 0 -> "x = demo.echo(value=" + literal(data) + ")";
            case 1 -> "x = demo.fail(message=" + literal(data) + ")";
            case 2 -> "v, e = try_call(demo.boom, a=" + literal(data) + ")";
            case 3 -> "x = demo.unreachable()";
            case 4 -> "x = demo.big(n=" + data.consumeInt(0, 3_000_000) + ")";
            case 5 -> "x = demo.deep(n=" + data.consumeInt(0, 500) + ")";
            case 6 -> "x = demo.nan()";
            case 7 -> "r = parallel([(demo.echo, {\"value\": " + literal(data) + "}), (demo.slow, {\"ms\": "
                    + data.consumeInt(0, 300) + "}), (demo.unreachable, {})])";
            case 8 -> "for i in range(" + data.consumeInt(-5, 1_000_000) + "):\n    x = demo.echo(value=i)";
            case 9 -> "x = " + literal(data) + " * " + data.consumeInt(-10, 10_000_000);
            case 10 -> "x = \"%s\" % (" + literal(data) + ",)";
            case 11 -> "x = json.decode(" + quote(data.consumeString(60)) + ")";
            case 12 -> "x = json.encode(" + literal(data) + ")";
            case 13 -> "print(" + literal(data) + ")";
            case 14 -> "x = secret.token()";
            case 15 -> "x = getattr(demo, " + quote(ArbitraryJson.name(data)) + ")()";
            case 16 -> "def f(a):\n    return [a, a]\nx = f(f(f(" + literal(data) + ")))";
            case 17 -> "x = [" + literal(data) + "] * " + data.consumeInt(0, 10_000_000);
            case 18 -> "x = " + data.pickValue(List.of("sum", "abs", "round", "len", "str", "repr", "sorted", "max"))
                    + "(" + literal(data) + ")";
            case 19 -> "x = \"\".join([str(i) for i in range(" + data.consumeInt(0, 2_000_000) + ")])";
            case 20 -> "x = " + quote(data.consumeString(20)) + ".replace(\"\", " + quote(data.consumeString(20)) + ")";
            case 21 -> "v, e = try_call(" + data.pickValue(List.of("demo.echo", "demo.fail", "demo.nan", "demo.big", "len",
                    "secret.token", "print")) + ", value=" + literal(data) + ")";
            case 22 -> "x = demo." + ArbitraryJson.name(data) + "(value=" + literal(data) + ")";
            case 23 -> "x = demo.echo(" + literal(data) + ")";
            default -> data.consumeString(80);
        };
    }

    /** A Starlark literal of an arbitrary JSON value (JSON's string escapes are Starlark's too). */
    private static String literal(FuzzedDataProvider data) {
        return toLiteral(ArbitraryJson.value(data, 3));
    }

    private static String toLiteral(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(toLiteral(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            map.forEach((k, item) -> items.add(quote(String.valueOf(k)) + ": " + toLiteral(item)));
            return "{" + String.join(", ", items) + "}";
        }
        return JsonValues.write(v);
    }

    private static String quote(String s) {
        return JsonValues.write(s);
    }

    private static int number(Object n) {
        return n instanceof Number x ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, x.longValue())) : 0;
    }
}
