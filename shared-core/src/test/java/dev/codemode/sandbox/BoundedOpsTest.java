package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.starlark.java.eval.Module;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkSemantics;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.syntax.FileOptions;
import net.starlark.java.syntax.ParserInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's own comparisons, membership, sorts, dict building and list searches give the
 * interpreter's results and messages on ordinary values (checked against plain Starlark on thousands
 * of generated cases), and refuse or stop what the interpreter could not.
 */
class BoundedOpsTest {

    static final AtomicInteger calls = new AtomicInteger();
    static ToolCatalog catalog;
    static StarlarkInterpreter interpreter;

    @BeforeAll
    static void setUp() {
        Map<String, Object> open = Map.of("type", "object");
        FunctionToolSource.Builder words = FunctionToolSource.builder("words");
        for (String name : ScriptPreparer.GUARDED_METHODS) {
            words.tool(name, "A tool named like a method.", open, a -> {
                calls.incrementAndGet();
                return name + ":" + a.getOrDefault("x", "");
            });
        }
        words.tool("_cm_mul", "A tool named like the sandbox's internals.", open, a -> "internal-looking");
        catalog = ToolCatalog.of(words.build());
        interpreter = StarlarkInterpreter.create();
    }

    @AfterAll
    static void tearDown() {
        interpreter.close();
    }

    // ---- the same results and messages as the interpreter ----

    static final String[] TEMPLATES = {"A == B", "A != B", "A < B", "A <= B", "A > B", "A >= B", "A in B",
        "A not in B", "sorted([A, B])", "sorted([B, A], reverse=True)", "max(A, B)", "min([A, B])", "[B, A].index(A)",
        "{A: 1}", "dict([(A, 1), (B, 2)])", "[A] == [B]", "(A, 1) < (B, 2)", "{\"k\": A} == {\"k\": B}"};

    static Stream<String> expressions() {
        Random random = new Random(20261203);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String a = value(random, 2);
            String b = random.nextInt(4) == 0 ? a : value(random, 2);
            for (String template : TEMPLATES) {
                out.add(template.replace("A", a).replace("B", b));
            }
        }
        return out.stream();
    }

    static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 12 : 7);
        return switch (kind) {
            case 0 -> String.valueOf(r.nextInt(7) - 3);
            case 1 -> String.valueOf(r.nextInt(5) * 0.5);
            case 2 -> List.of("\"\"", "\"a\"", "\"ab\"", "\"b\"", "\"é\"", "\"a\\n\"").get(r.nextInt(6));
            case 3 -> r.nextBoolean() ? "True" : "False";
            case 4 -> "None";
            case 5 -> String.valueOf((1L << 62) + r.nextInt(3)) + "0000";
            case 6 -> List.of("float(\"nan\")", "float(\"inf\")", "-0.0").get(r.nextInt(3));
            case 7, 8 -> "[" + values(r, depth) + "]";
            case 9, 10 -> "(" + values(r, depth) + (r.nextBoolean() ? ",)" : ")");
            default -> "{" + value(r, 0) + ": " + value(r, depth - 1) + "}";
        };
    }

    static String values(Random r, int depth) {
        int n = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(value(r, depth - 1));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void should_give_the_interpreters_result_or_message(String expression) {
        String expected = natively(expression);

        ExecutionResult r = run("result = repr(" + expression + ")");
        String actual = r.error() == null ? "ok " + r.result() : "error " + r.error().message();

        assertThat(actual).as(expression).isEqualTo(expected);
    }

    private static String natively(String expression) {
        return natively("repr(" + expression + ")", "");
    }

    /** {@code expression} evaluated by plain Starlark after {@code definitions}: "ok " and the value, or "error " and the message. */
    private static String natively(String expression, String definitions) {
        try (Mutability mu = Mutability.create("native")) {
            StarlarkThread thread = new StarlarkThread(mu, StarlarkSemantics.DEFAULT);
            Module module = Module.create();
            if (!definitions.isEmpty()) {
                Starlark.execFile(ParserInput.fromString(definitions, "native"), FileOptions.DEFAULT, module, thread);
            }
            Object value = Starlark.eval(ParserInput.fromString(expression, "native"), FileOptions.DEFAULT, module,
                    thread);
            return "ok " + value;
        } catch (net.starlark.java.eval.EvalException e) {
            return "error " + e.getMessage();
        } catch (Exception e) {
            return "error " + e.getMessage();
        }
    }

    // ---- routes to hashing a shared tuple ----

    static final String SHARED_TUPLE = "t = (0,)\nfor i in range(60):\n    t = (t, t)\nd = {\"a\": 1}\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x = t in d", "x = t not in d", "x = d.get(t)", "x = d.pop(t, None)",
        "x = d.setdefault(t, 1)", "x = dict([(t, 1)])", "d.update([(t, 1)])", "x = {t: 1}",
        "x = {k: 1 for k in [t]}", "x = d[t]", "d[t] = 1", "d[t] += 1", "d[t] *= 2", "x = dict(d, **{}) == {t: 1}",
        "x = d.get((t, 1))", "x = d[t, 1]"})
    void should_refuse_a_shared_tuple_as_a_key_on_every_route(String route) {
        long t0 = System.nanoTime();
        ExecutionResult r = run(SHARED_TUPLE + route);

        assertThat(r.error()).as(route).isNotNull();
        assertThat(r.error().kind()).isEqualTo("limit");
        assertThat(r.error().message()).contains("a dict key that is a tuple of more than 100000 characters");
        assertThat(System.nanoTime() - t0).as("ns").isLessThan(5_000_000_000L);
    }

    @Test
    void should_take_small_tuples_as_keys() {
        ExecutionResult r = run("d = {(1, \"a\"): 1}\nd[(2, \"b\")] = 2\nd[3, \"c\"] = 3\n"
                + "result = [d[1, \"a\"], (2, \"b\") in d, d.get((3, \"c\")), len(dict([((4, 4), 4)]))]");

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(List.of(1L, true, 3L, 1L));
    }

    // ---- substring searches ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x = n in s", "x = n not in s", "x = s.find(n)", "x = s.rfind(n)", "x = s.index(n)",
        "x = s.rindex(n)", "x = s.count(n)", "x = s.split(n)", "x = s.rsplit(n)", "x = s.partition(n)",
        "x = s.rpartition(n)", "x = s.replace(n, \"\")", "x = s.find(sub=n)"})
    void should_refuse_a_search_whose_worst_case_is_over_the_work_limit(String route) {
        ExecutionResult r = run("s = \"a\" * 1000000\nn = \"a\" * 500000 + \"b\"\n" + route);

        assertThat(r.error()).as(route).isNotNull();
        assertThat(r.error().kind()).isEqualTo("limit");
        assertThat(r.error().message()).contains("searching 1000000 characters for a substring of 500001")
                .contains("search a smaller part, or for a shorter substring");
    }

    @Test
    void should_search_what_people_search() {
        ExecutionResult r = run("s = \"x\" * 1000000 + \"needle\" + \"x\" * 10\n"
                + "result = [\"needle\" in s, s.find(\"needle\"), s.count(\"x\"), len(s.split(\"needle\")),"
                + " (\"x\" * 200) in s]");

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(List.of(true, 1_000_000L, 1_000_010L, 2L, true));
    }

    // ---- tools named like methods or internals ----

    @Test
    void should_call_tools_named_like_guarded_methods_as_written() {
        for (String name : ScriptPreparer.GUARDED_METHODS) {
            calls.set(0);
            ExecutionResult r = run("""
                    a = words.NAME(x="1")
                    b, err = try_call(words.NAME, x="2")
                    c = parallel([(words.NAME, {"x": "3"})])[0][0]
                    f = words.NAME
                    d = getattr(words, "NAME")(x="4")
                    result = [a, b, c, f(x="5"), d]
                    """.replace("NAME", name));

            assertThat(r.error()).as(name + ": " + r.error()).isNull();
            assertThat(r.result()).isEqualTo(List.of(name + ":1", name + ":2", name + ":3", name + ":5", name + ":4"));
            assertThat(calls.get()).isEqualTo(5);
        }
    }

    @Test
    void should_not_count_a_call_whose_arguments_cannot_be_sent() {
        calls.set(0);
        ExecutionResult r = run("v, err = try_call(words.get, x={1: 2})\nresult = words.get(x=float(\"nan\"))");

        assertThat(r.error()).isNotNull();
        assertThat(r.toolCalls()).isZero();
        assertThat(calls.get()).isZero();
    }

    @Test
    void should_never_name_the_sandboxs_internals() {
        ExecutionResult listed = run("result = words.cm_mul()");
        ExecutionResult unknown = run("result = words.nothing()");
        ExecutionResult reserved = run("_cm_mul = 1");

        assertThat(listed.result()).isEqualTo("internal-looking");
        assertThat(unknown.error().message()).doesNotContain("_cm_").contains("words has no tool nothing");
        assertThat(reserved.error().kind()).isEqualTo("syntax");
    }

    @Test
    void should_sum_and_take_absolute_values_as_python_does() {
        ExecutionResult r = run("result = [sum([1, 2, 3]), sum([1.5, 2], 0.5), sum([[1], [2]], []), sum([], start=5),"
                + " sum(range(4)), abs(-3), abs(2.5), abs(-(1 << 70))]");

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(List.of(6L, 4.0, List.of(1L, 2L), 5L, 6L, 3L, 2.5,
                java.math.BigInteger.ONE.shiftLeft(70)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"print(\"x\", end=\"\")", "x = str()", "x = repr(1, 2)", "x = int()", "x = range()",
        "x = range(stop=3)", "x = sum()", "x = abs(\"a\")", "x = sorted()", "x = max()", "x = min(key=1)",
        "x = dict(1, 2)", "x = zip(1)", "x = enumerate()", "x = \"a\" * \"b\"", "x = [1] % 2", "x = 1 << \"a\"",
        "x = {}.get()", "x = \"abc\".find()", "x = [1].index()", "x = {}.update(1, 2)", "x = \"x\".join(1, 2)",
        "x = 1 < \"a\"", "x = 1 in 2", "x = getattr(\"s\", \"join\")", "x = fail(1, 2, x=3)"})
    void should_name_the_builtin_not_its_guard_in_errors(String misuse) {
        ExecutionResult r = run(misuse);

        assertThat(r.error()).as(misuse).isNotNull();
        assertThat(r.error().message()).as(misuse).doesNotContain("_cm_").doesNotContain("plain_");
    }

    @Test
    void should_keep_python_semantics_of_the_guarded_methods() {
        String body = """
                d = {"a": 1}
                d.update({"b": 2}, c=3)
                d.update([("e", 5)])
                xs = [3, 1, 2, 1]
                xs.remove(1)
                result = [d, d.get("a"), d.get("z", 0), d.pop("e"), d.setdefault("f", 6), xs, xs.index(1),
                          xs.index(2, 1), xs.index(1, -1), "-".join(["a", "b"]), "a,b".split(","), "abc".find("c"),
                          "aXbX".rsplit("X", 1), "{}{}".format(1, 2), "abcabc".replace("b", "", 1),
                          "a.b.c".partition("."), "a.b.c".rpartition("."), "abcb".rindex("b"), "abc".count(""),
                          sorted([3, 1, 2], reverse=True), max([1, 5, 3]), min(4, 2, 8), dict(a=1), zip([1, 2], "ab".elems()),
                          list(enumerate("ab".elems(), 1)),
                          str(1), repr("a"), int("12"), list(range(3)), "%d-%s" % (1, "a"), 3 * "ab", [1] * 2, 1 << 3]
                """;

        ExecutionResult r = run(body);

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        String expected = natively("f()", "def f():\n" + body.indent(4) + "    return result\n");
        assertThat("ok " + Starlark.repr(r.result())).isEqualTo(expected.replace("(", "[").replace(")", "]"));
    }

    private static ExecutionResult run(String code) {
        return interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));
    }
}
