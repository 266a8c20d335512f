package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.sandbox.Limits;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code model-facing/*.star} file is a mistake a model makes (or a habit it brings), run
 * through {@code executeToolCode} exactly as the model calls it, with the exact answer the model
 * gets. In the manner of Bazel's Starlark script tests, expectations live in the file:
 *
 * <pre>
 * # expect-answer: {"error": "...", "line": 3, "hint": "...", "logs": [], "toolCalls": 0}
 * x = crm.lookup_customr(customer_id="c1")   ### crm has no tool lookup_customr
 * </pre>
 *
 * <ul>
 *   <li>{@code # expect-answer:} the whole answer, as JSON, without its {@code ms} (the one field
 *       that varies between runs); compared exactly.</li>
 *   <li>{@code ### text} at the end of a line: the error is reported on that line, and its
 *       message is exactly {@code text}.</li>
 *   <li>{@code # expect-truncated:} for an answer cut to the output limit (too long to state whole):
 *       its {@code truncated} note, exactly, with the count of a run under 10 ms (a slower run's
 *       {@code ms} has more digits, which the count includes); the answer is within the limit.</li>
 * </ul>
 *
 * <p>Whatever a file says, every answer is checked for what no answer may contain: a Java or host
 * name, a stack trace; and every error answer must carry a hint of at most two lines: the fix.
 * Run with {@code -DmodelFacing.print=true} to print each answer as the model sees it.
 */
class ModelFacingTest {

    static CodeMode codeMode;

    @BeforeAll
    static void setUp() {
        codeMode = fixture(Limits.builder().timeout(Duration.ofSeconds(2)).build());
    }

    @AfterAll
    static void tearDown() {
        codeMode.close();
    }

    /**
     * The catalog every file runs against: customers (read-only, one delete that needs approval),
     * orders (read-only, with a slow and a large tool) and mail (needs approval). Only the read-only
     * servers' tools are on the allowlist.
     */
    static CodeMode fixture(Limits limits) {
        FunctionToolSource crm = FunctionToolSource.builder("crm").description("Customer records")
                .tool(new ToolDescriptor("crm", "lookup_customer", "One customer by id.",
                        object(Map.of("customer_id", Map.of("type", "string")), "customer_id"),
                        object(ordered("id", Map.of("type", "string"), "name", Map.of("type", "string"),
                                "tier", Map.of("type", "string"), "email", Map.of("type", "string")), "id", "name"),
                        ToolAnnotations.readOnly()), a -> {
                            String id = String.valueOf(a.get("customer_id"));
                            if (!id.startsWith("c")) {
                                throw new IllegalArgumentException("no customer " + id);
                            }
                            return customer(id);
                        })
                .tool(new ToolDescriptor("crm", "search_customers", "Customers matching a query, best first.",
                        object(ordered("query", Map.of("type", "string"),
                                "tier", Map.of("type", "string", "enum", List.of("free", "pro", "enterprise")),
                                "limit", Map.of("type", "integer", "minimum", 1, "maximum", 50)), "query"),
                        null, ToolAnnotations.readOnly()), a -> {
                            int limit = a.get("limit") instanceof Number n ? n.intValue() : 3;
                            List<Object> out = new ArrayList<>();
                            for (int i = 1; i <= limit; i++) {
                                out.add(customer("c" + i));
                            }
                            return out;
                        })
                .tool(new ToolDescriptor("crm", "delete_customer", "Delete a customer for good.",
                        object(Map.of("customer_id", Map.of("type", "string")), "customer_id"), null,
                        ToolAnnotations.destructive()), a -> Map.of("deleted", true))
                .build();
        FunctionToolSource orders = FunctionToolSource.builder("orders").description("Orders and invoices")
                .tool(new ToolDescriptor("orders", "order_history", "Orders of a customer, newest first.",
                        object(Map.of("customer_id", Map.of("type", "string")), "customer_id"), null,
                        ToolAnnotations.readOnly()), a -> List.of(
                                order("o1-" + a.get("customer_id"), 120.5, "open"),
                                order("o2-" + a.get("customer_id"), 80, "shipped")))
                .tool(new ToolDescriptor("orders", "slow_report", "A report that takes a while.",
                        object(Map.of("ms", Map.of("type", "integer")), "ms"), null, ToolAnnotations.readOnly()),
                        a -> {
                            Thread.sleep(((Number) a.get("ms")).longValue());
                            return "done";
                        })
                .tool(new ToolDescriptor("orders", "export", "All orders as text.",
                        object(Map.of("chars", Map.of("type", "integer")), "chars"), null, ToolAnnotations.readOnly()),
                        a -> "x".repeat(((Number) a.get("chars")).intValue()))
                .build();
        FunctionToolSource mail = FunctionToolSource.builder("mail").description("Outgoing email")
                .tool("send_email", "Send an email.", object(ordered("to", Map.of("type", "string", "format", "email"),
                        "subject", Map.of("type", "string"), "body", Map.of("type", "string")), "to", "subject", "body"),
                        a -> Map.of("sent", true))
                .build();
        return CodeMode.builder().toolSources(crm, orders, mail).autoExecute("crm.lookup_customer",
                "crm.search_customers", "orders.*").limits(limits).build();
    }

    static Stream<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(ModelFacingTest.class.getResource("/model-facing").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".star")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void the_model_gets_the_answer_the_file_states(Path file) throws IOException {
        String code = Files.readString(file);
        List<String> lines = code.lines().toList();
        String answer = codeMode.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", code)).text();
        if (Boolean.getBoolean("modelFacing.print")) {
            System.out.println(file.getFileName() + "\n" + answer + "\n");
        }
        Map<String, Object> got = asMap(JsonValues.parse(answer));
        Object ms = got.remove("ms");

        assertThat(answer).as("no host names or traces")
                .doesNotContainPattern("\\b(java|javax|jdk|sun|dev\\.codemode|net\\.starlark)\\.[a-z]")
                .doesNotContainPattern("[A-Z][A-Za-z]+(Exception|Error)\\b")
                .doesNotContain("\tat ");
        if (got.containsKey("error")) {
            assertThat(got.get("hint")).as("an error names its fix: " + answer).isInstanceOf(String.class);
            assertThat(((String) got.get("hint")).lines().count()).as("the fix fits in two lines").isLessThanOrEqualTo(2);
        }

        boolean expected = false;
        for (String line : lines) {
            if (line.startsWith("# expect-answer:")) {
                expected = true;
                Map<String, Object> want = asMap(JsonValues.parse(line.substring("# expect-answer:".length()).strip()));
                assertThat(JsonValues.write(got)).as(file.getFileName().toString()).isEqualTo(JsonValues.write(want));
            }
        }
        for (String line : lines) {
            if (line.startsWith("# expect-truncated:")) {
                expected = true;
                // The note counts the whole answer, "ms" included: a file states it for a run under 10 ms.
                int extraDigits = ms instanceof Number n ? Long.toString(n.longValue()).length() - 1 : 0;
                assertThat(got.get("truncated")).as(answer.length() + " characters")
                        .isEqualTo(plusCharacters(line.substring("# expect-truncated:".length()).strip(), extraDigits));
                assertThat(answer.length()).isLessThanOrEqualTo(Limits.DEFAULTS.maxOutputChars());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            int marker = lines.get(i).indexOf("###");
            if (marker >= 0 && !lines.get(i).startsWith("#")) {
                expected = true;
                assertThat(got.get("error")).as(answer).isEqualTo(lines.get(i).substring(marker + 3).strip());
                assertThat(got.get("line")).as(answer).isEqualTo(i + 1);
            }
        }
        assertThat(expected).as("a file states an expect-answer line or a ### marker").isTrue();
    }

    /** A truncated note whose "output had N characters" counts {@code extra} more. */
    private static String plusCharacters(String note, int extra) {
        Matcher m = Pattern.compile("^output had (\\d+) characters").matcher(note);
        return m.find() ? "output had " + (Long.parseLong(m.group(1)) + extra) + " characters" + note.substring(m.end())
                : note;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private static Map<String, Object> object(Map<String, Object> properties, String... required) {
        return Map.of("type", "object", "properties", properties, "required", List.of(required));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> customer(String id) {
        return ordered("id", id, "name", "Customer " + id.substring(1), "tier", "pro", "email", id + "@example.com");
    }

    private static Map<String, Object> order(String id, Number total, String status) {
        return ordered("order_id", id, "total", total, "status", status);
    }
}
