package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every augmented assignment, for every operator and target form, evaluates each part of its target
 * once (a tool call in the target runs once) and keeps the size guards of what its target contains.
 */
class AugmentedAssignmentTest {

    static final List<String> OPERATORS = List.of("+", "-", "*", "/", "//", "%", "<<", ">>", "&", "|", "^");

    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    static ToolCatalog catalog;
    static StarlarkInterpreter interpreter;

    @BeforeAll
    static void setUp() {
        Map<String, Object> open = Map.of("type", "object");
        catalog = ToolCatalog.of(FunctionToolSource.builder("counter")
                .tool("key", "Returns k.", open, a -> count("key", a.get("k")))
                .tool("num", "Returns n.", open, a -> count("num", a.get("n")))
                .tool("box", "Returns a new dict.", open, a -> count("box", new LinkedHashMap<>(Map.of("v", 6))))
                .build());
        interpreter = StarlarkInterpreter.create();
    }

    @AfterAll
    static void tearDown() {
        interpreter.close();
    }

    @BeforeEach
    void reset() {
        calls.clear();
    }

    private static Object count(String tool, Object value) {
        calls.computeIfAbsent(tool, k -> new AtomicInteger()).incrementAndGet();
        return value;
    }

    /** 6 op 3, as Python computes it. */
    static Object expected(String op) {
        return switch (op) {
            case "+" -> 9L;
            case "-" -> 3L;
            case "*" -> 18L;
            case "/" -> 2.0;
            case "//" -> 2L;
            case "%" -> 0L;
            case "<<" -> 48L;
            case ">>" -> 0L;
            case "&" -> 2L;
            case "|" -> 7L;
            default -> 5L;
        };
    }

    /** A target form: the script (with OP for the operator), the expression read back, and the calls it makes. */
    record Form(String name, String script, Map<String, Integer> calls) {
    }

    static final List<Form> FORMS = List.of(
            new Form("name", "x = 6\nx OP= counter.num(n=3)\nresult = x", Map.of("num", 1)),
            new Form("index with a call as key", "d = {\"a\": 6}\nd[counter.key(k=\"a\")] OP= 3\nresult = d[\"a\"]",
                    Map.of("key", 1)),
            new Form("index, calls on both sides", "d = {\"a\": 6}\nd[counter.key(k=\"a\")] OP= counter.num(n=3)\n"
                    + "result = d[\"a\"]", Map.of("key", 1, "num", 1)),
            new Form("list index", "xs = [0, 6]\nxs[counter.num(n=1)] OP= 3\nresult = xs[1]", Map.of("num", 1)),
            new Form("nested index", "m = {\"a\": {\"b\": 6}}\nm[counter.key(k=\"a\")][counter.key(k=\"b\")] OP= 3\n"
                    + "result = m[\"a\"][\"b\"]", Map.of("key", 2)),
            new Form("parenthesised object", "d = {\"a\": 6}\n(d)[counter.key(k=\"a\")] OP= 3\nresult = d[\"a\"]",
                    Map.of("key", 1)),
            new Form("object from a call", "b = {}\ncounter.box()[\"v\"] OP= 3\nresult = 6 OP 3", Map.of("box", 1)),
            new Form("one-line if body", "d = {\"a\": 6}\nif True: d[counter.key(k=\"a\")] OP= 3\nresult = d[\"a\"]",
                    Map.of("key", 1)));

    static Stream<Arguments> operatorsAndForms() {
        List<Arguments> out = new ArrayList<>();
        for (String op : OPERATORS) {
            for (Form form : FORMS) {
                out.add(Arguments.of(op, form.name(), form));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}= on {1}")
    @MethodSource("operatorsAndForms")
    void should_evaluate_each_part_of_the_target_once(String op, String formName, Form form) {
        ExecutionResult r = run(form.script().replace("OP", op));

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(JsonValues.write(r.result())).isEqualTo(JsonValues.write(expected(op)));
        Map<String, Integer> made = new LinkedHashMap<>();
        calls.forEach((k, v) -> made.put(k, v.get()));
        assertThat(made).as("tool calls").isEqualTo(form.calls());
    }

    @ParameterizedTest(name = "{0}= on an attribute is refused before anything runs")
    @MethodSource("operators")
    void should_refuse_an_attribute_target(String op) {
        ExecutionResult r = run("counter.box().v " + op + "= 3");

        assertThat(r.error()).isNotNull();
        assertThat(r.error().message()).isEqualTo("cannot perform augmented assignment on 'counter.box().v'");
        assertThat(calls).isEmpty();
    }

    @ParameterizedTest(name = "{0}= keeps the size check inside its target")
    @MethodSource("operators")
    void should_check_sizes_inside_the_target(String op) {
        ExecutionResult r = run("d = {}\nd[\"x\" * 100000000] " + op + "= 1");

        assertThat(r.error()).isNotNull();
        assertThat(r.error().kind()).isEqualTo("limit");
        assertThat(r.error().message()).contains("string repetition would make 100000000 characters");
    }

    @ParameterizedTest(name = "{0}= on a slice is refused before anything runs")
    @MethodSource("operators")
    void should_refuse_a_slice_target(String op) {
        ExecutionResult r = run("xs = [1, 2]\nxs[counter.num(n=0):1] " + op + "= [3]");

        assertThat(r.error()).isNotNull();
        assertThat(calls).isEmpty();
    }

    @ParameterizedTest(name = "{0}= reports the user's line and column")
    @MethodSource("operators")
    void should_locate_errors_in_the_users_text(String op) {
        ExecutionResult r = run("d = {\"a\": \"s\"}\nd[counter.key(k=\"a\")] " + op + "= None");

        assertThat(r.error()).isNotNull();
        assertThat(r.error().line()).isEqualTo(2);
        assertThat(r.error().message()).doesNotContain("_cm_");
    }

    static Stream<String> operators() {
        return OPERATORS.stream();
    }

    private static ExecutionResult run(String code) {
        return interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));
    }
}
