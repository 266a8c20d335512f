package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python's scoping and result rules the rewriter adds: a top-level {@code def} reads the script's
 * variables at call time, however the script binds them and however the lines are laid out, with
 * errors still on the user's lines; a script that never sets {@code result} answers with its last
 * expression and a note.
 */
class ScriptScopeTest extends SandboxTest {

    @Test
    void should_let_a_def_read_script_variables_bound_every_way_at_call_time() {
        ExecutionResult r = run("""
                def f():
                    return [K, a, b, n, i, j, s]

                K = 3  # a comment after the binding
                a, (b, c) = 1, (2, 0)
                n = 2
                n *= 3
                s = (1 +
                     2)
                out = []
                for i in range(3):
                    if i == 2:
                        for j in [7]: out.append(f())
                K = 4
                result = {"out": out, "now": f()}
                """);

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(Map.of("out", List.of(List.of(3L, 1L, 2L, 6L, 2L, 7L, 3L)),
                "now", List.of(4L, 1L, 2L, 6L, 2L, 7L, 3L)));
        assertThat(r.note()).isNull();
    }

    @Test
    void should_keep_what_a_def_binds_itself_its_parameters_comprehensions_and_keywords_local() {
        ExecutionResult r = run("""
                def params(K):
                    return K

                def assigned():
                    K = "local"
                    return K

                def comprehension(xs):
                    return [K for K in xs]

                def keyword():
                    return dict(K=1)

                K = "script"
                result = [params("param"), assigned(), comprehension(["c"]), keyword(), [K for K in ["top"]]]
                """);

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(List.of("param", "local", List.of("c"), Map.of("K", 1L), List.of("top")));
    }

    @Test
    void should_say_which_def_read_a_variable_before_the_script_set_it_on_the_users_line() {
        ExecutionResult r = run("""
                def top(items):
                    return items[:LIMIT]

                first = top([1, 2, 3])
                LIMIT = 2
                """);

        assertThat(r.error().message()).isEqualTo("top() reads LIMIT before the script sets it");
        assertThat(r.error().line()).isEqualTo(2);
        assertThat(r.error().column()).isEqualTo(19);
        assertThat(r.error().hint()).startsWith("set it at top level above the line that calls the function");
    }

    @ParameterizedTest
    @ValueSource(strings = {"for i in range(2):\n    if i:\n        x = {}[\"k\"]\n", "for i in range(2): x = {}[\"k\"]\n"})
    void should_report_errors_on_the_users_line_and_column_after_a_loop_variable_is_shared(String loop) {
        ExecutionResult r = run("def f():\n    return i\n\n" + loop + "y = 1\n");

        assertThat(r.error().message()).contains("\"k\"");
        int line = loop.startsWith("for i in range(2):\n") ? 6 : 4;
        assertThat(r.error().line()).isEqualTo(line);
        assertThat(r.error().column()).isEqualTo(loop.lines().toList().get(line - 4).indexOf("{}[") + 1);
    }

    @Test
    void should_keep_the_shared_variables_out_of_the_scripts_reach() {
        ExecutionResult named = run("def f():\n    return K\nK = 1\nresult = _cm_g\n");
        ExecutionResult looked = run("def f():\n    return K\nK = 1\nresult = _cm_global({}, \"K\", \"f\")\n");

        assertThat(named.error().message()).contains("reserved for the sandbox");
        assertThat(looked.error().message()).contains("reserved for the sandbox");
    }

    @Test
    void should_answer_with_the_last_expression_when_result_is_never_set() {
        ExecutionResult r = run("""
                c = crm.lookup_customer(customer_id="c1")
                (c["name"] +
                 "!")
                """);

        assertThat(r.error()).isNull();
        assertThat(r.result()).isEqualTo("Customer 1!");
        assertThat(r.note()).isEqualTo("result was not set: returned the value of the last expression");
        assertThat(r.render(10_000)).contains("\"note\":\"result was not set: returned the value of the last expression\"");
    }

    @Test
    void should_say_how_to_set_result_when_there_is_no_final_expression() {
        ExecutionResult printed = run("x = 1\nprint(x)\n");
        ExecutionResult assigned = run("x = 1\n");

        assertThat(printed.result()).isNull();
        assertThat(printed.logs()).containsExactly("1");
        assertThat(printed.note()).isEqualTo("result was not set: end the script with result = <value> to return one");
        assertThat(assigned.note()).isEqualTo(printed.note());
        for (String effectOnly : List.of("xs = []\nxs.append(1)\n", "x = 1\ncrm.lookup_customer\n")) {
            ExecutionResult r = run(effectOnly);
            assertThat(r.error()).as(effectOnly).isNull();
            assertThat(r.result()).isNull();
            assertThat(r.note()).isEqualTo(printed.note());
        }
    }

    @Test
    void should_add_no_note_when_the_script_assigns_result_anywhere() {
        ExecutionResult r = run("if False:\n    result = 1\n2\n");

        assertThat(r.result()).isNull();
        assertThat(r.note()).isNull();
        assertThat(r.render(10_000)).doesNotContain("note");
    }

    @Test
    void should_do_pythons_string_list_and_dict_methods_under_the_size_limit() {
        ExecutionResult r = run("""
                xs = [3, 1, 2, 1]
                xs.sort()
                ys = xs.copy()
                ys.reverse()
                d = {"a": 1}
                e = d.copy()
                e["b"] = 2
                result = [xs, ys, xs.count(1), d, e, " a  b\\tc ".split(), "a b c".split(None, 1), "a b c".rsplit(maxsplit=1),
                          "7".zfill(3), "-7".zfill(4), "ab".ljust(4, "."), "ab".rjust(4), "ab".center(5, "*"),
                          "½".isnumeric(), "AbC".casefold(), json.loads(json.dumps({"k": [1]}))]
                """);

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(List.of(List.of(1L, 1L, 2L, 3L), List.of(3L, 2L, 1L, 1L), 2L,
                Map.of("a", 1L), Map.of("a", 1L, "b", 2L), List.of("a", "b", "c"), List.of("a", "b c"),
                List.of("a b", "c"), "007", "-007", "ab..", "  ab", "**ab*", true, "abc", Map.of("k", List.of(1L))));

        ExecutionResult big = interpreter.execute("result = \"x\".ljust(100000000)", catalog.view(),
                SandboxFixtures.directInvoker(catalog));
        assertThat(big.error().kind()).isEqualTo("limit");
    }
}
