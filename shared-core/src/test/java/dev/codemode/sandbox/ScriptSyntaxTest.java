package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalPolicy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripts nested too deeply for any thread's stack get one line naming the line and the limit, on
 * every path that parses them (approval analysis, rewriting, running), and the limits leave room for
 * what people write.
 */
class ScriptSyntaxTest extends SandboxTest {

    /** {@code n} levels of {@code kind}, or as many as fit in 18,000 characters (the source limit is 20,000). */
    static String deep(String kind, int n) {
        String code = deepUncut(kind, n);
        return code.length() <= 18_000 ? code : deep(kind, n * 18_000 / code.length() - 1);
    }

    private static String deepUncut(String kind, int n) {
        return switch (kind) {
            case "parentheses" -> "x = " + "(".repeat(n) + "1" + ")".repeat(n);
            case "lists" -> "x = " + "[".repeat(n) + "1" + "]".repeat(n);
            case "dicts" -> "x = " + "{\"a\": ".repeat(n) + "1" + "}".repeat(n);
            case "calls" -> "x = " + "str(".repeat(n) + "1" + ")".repeat(n);
            case "chain" -> "x = 1" + "+1".repeat(n);
            case "comparisons" -> "x = " + "(1 == ".repeat(Math.min(n, 40)) + "1" + ")".repeat(Math.min(n, 40))
                    + " and 1 < 2".repeat(n);
            case "not" -> "x = " + "not ".repeat(n) + "True";
            case "minus" -> "x = " + "- ".repeat(n) + "1";
            case "conditional" -> "x = 1" + " if True else 2".repeat(n);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parentheses", "lists", "dicts", "calls", "chain", "comparisons", "not", "minus",
            "conditional"})
    void should_refuse_deep_nesting_with_one_line(String kind) {
        String code = "a = 1\n" + deep(kind, 3_000) + "\nresult = x";

        ExecutionResult r = interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));

        assertThat(r.error()).isNotNull();
        assertThat(r.error().kind()).isEqualTo("syntax");
        assertThat(r.error().message()).matches("expression nested too deeply at line 2, limit \\d+: .*")
                .doesNotContain("\n").doesNotContain("java").doesNotContain("Overflow").hasSizeLessThan(200);
        assertThat(r.error().line()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parentheses", "lists", "dicts", "calls", "chain", "not", "minus", "conditional"})
    void should_run_nesting_within_the_limits(String kind) {
        int n = kind.equals("chain") || kind.equals("not") || kind.equals("minus") || kind.equals("conditional")
                ? ScriptSyntax.MAX_DEPTH / 2 - 10 : ScriptSyntax.MAX_BRACKETS - 2;
        String code = deep(kind, n) + "\nresult = str(x)[:20]";

        ExecutionResult r = interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
    }

    @Test
    void should_parse_on_a_small_stack_of_the_callers_thread() throws InterruptedException {
        // The approval analysis and the rewriter run on the caller's thread, whatever its stack.
        AtomicReference<MetaToolResult> out = new AtomicReference<>();
        try (CodeMode codeMode = CodeMode.builder().toolSources(FunctionToolSource.builder("crm")
                .tool("ping", "Ping.", Map.of("type", "object"), a -> "pong").build())
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            for (String kind : new String[] {"parentheses", "chain", "not", "conditional"}) {
                Thread t = new Thread(null, () -> out.set(codeMode.call("executeToolCode",
                        Map.of("code", deep(kind, 10_000)))), "small-stack", 256 * 1024);
                t.start();
                t.join();
                assertThat(out.get().isError()).isTrue();
                assertThat(out.get().text()).contains("expression nested too deeply at line 1")
                        .doesNotContain("Exception").doesNotContain("\tat ").hasSizeLessThan(400);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parentheses", "lists", "dicts", "calls", "chain", "not", "minus", "conditional",
            "guarded parentheses"})
    void should_answer_nesting_within_the_limits_on_any_callers_stack(String kind) throws InterruptedException {
        // Parsing the source, the analysis and the rewrite happen on the caller's thread (compiling
        // the guarded program on a script thread). On a default stack (1 MiB) a script within the limits runs; on a 256 KiB one it runs
        // or gets the one-line depth error (interpreted frames are larger before the JIT compiles the
        // parser); never an exception.
        int n = kind.equals("chain") || kind.equals("not") || kind.equals("minus") || kind.equals("conditional")
                ? ScriptSyntax.MAX_DEPTH / 2 - 10 : ScriptSyntax.MAX_BRACKETS - 2;
        // The rewriter wraps every comparison in a guard call: brackets at the limit, each one guarded.
        String code = kind.equals("guarded parentheses")
                ? "x = " + "(1 == ".repeat(n) + "1" + ")".repeat(n) + "\nresult = str(x)[:20]"
                : deep(kind, n) + "\nresult = str(x)[:20]";
        try (CodeMode codeMode = CodeMode.builder().toolSources(FunctionToolSource.builder("crm")
                .tool("ping", "Ping.", Map.of("type", "object"), a -> "pong").build())
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            MetaToolResult small = onThreadWithStack(codeMode, code, 256 * 1024);
            assertThat(!small.isError() || small.text().contains("nested too deeply")).as(small.text()).isTrue();
            MetaToolResult normal = onThreadWithStack(codeMode, code, 1024 * 1024);
            assertThat(normal.isError()).as(normal.text()).isFalse();
        }
    }

    @Test
    void should_compile_the_guarded_program_on_a_script_thread_whatever_the_callers_stack()
            throws InterruptedException {
        // 195 guarded products: the rewritten program nests deeper than the source; compiling it on a
        // small caller stack overflowed the parser, whose own report carries a Java trace.
        String code = "result = 2" + " * 2".repeat(195);
        try (CodeMode codeMode = CodeMode.builder().toolSources(FunctionToolSource.builder("crm")
                .tool("ping", "Ping.", Map.of("type", "object"), a -> "pong").build())
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            for (long stack : new long[] {256 * 1024, 512 * 1024}) {
                MetaToolResult r = onThreadWithStack(codeMode, code, stack);
                assertThat(r.isError()).as(stack + ": " + r.text()).isFalse();
                assertThat(r.text()).startsWith("{\"result\":1004336277661868922213726307713226626576");
            }
        }
    }

    private static MetaToolResult onThreadWithStack(CodeMode codeMode, String code, long stackBytes)
            throws InterruptedException {
        AtomicReference<MetaToolResult> out = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(codeMode.call("executeToolCode", Map.of("code", code)));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "caller", stackBytes);
        t.start();
        t.join();
        assertThat(thrown.get()).as("thrown at the caller").isNull();
        return out.get();
    }

    @Test
    void should_not_count_brackets_inside_strings_and_comments() {
        String code = "s = \"" + "(".repeat(500) + "\"  # " + "[".repeat(500) + "\n"
                + "t = '''" + "{".repeat(500) + "\n" + "(".repeat(100) + "'''\n"
                + "u = r\"\\\"" + "(".repeat(100) + "\"\n"
                + "result = len(s) + len(t) + len(u)";

        ExecutionResult r = interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));

        assertThat(r.error()).as(String.valueOf(r.error())).isNull();
        assertThat(r.result()).isEqualTo(500L + 601 + 102);
    }
}
