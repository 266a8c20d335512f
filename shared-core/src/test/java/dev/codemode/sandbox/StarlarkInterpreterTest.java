package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StarlarkInterpreterTest extends SandboxTest {

    @Test
    void should_run_top_level_for_and_if_and_return_result() {
        ExecutionResult r = run("""
                total = 0
                for o in orders.order_history(customer_id="c1"):
                    if o["total"] > 100:
                        total += 1
                result = {"big_orders": total}
                """);
        assertThat(r.error()).isNull();
        assertThat(r.result()).isEqualTo(Map.of("big_orders", 1L));
        assertThat(r.toolCalls()).isEqualTo(1);
    }

    @Test
    void should_say_why_a_server_whose_tools_could_not_be_listed_has_none() {
        // given a server that was down when the catalog listed it
        ToolSource down = new ToolSource() {
            @Override
            public String serverName() {
                return "billing";
            }

            @Override
            public List<ToolDescriptor> listTools() {
                throw new ToolCallException("server billing is not connected");
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                throw new AssertionError("never called");
            }
        };
        ToolCatalog withDown = ToolCatalog.of(down);

        // when a script calls one of its tools
        ExecutionResult r = interpreter.execute("result = billing.refund(order_id=\"o1\")", withDown.view(),
                SandboxFixtures.directInvoker(withDown));

        // then the error says why, instead of listing no tools
        assertThat(r.error().message()).isEqualTo("server billing is unavailable: server billing is not connected");
        assertThat(r.error().line()).isEqualTo(1);
    }

    @Test
    void should_thread_one_tools_output_into_the_next() {
        ExecutionResult r = run("""
                c = crm.lookup_customer(customer_id="c7")
                orders_of = orders.order_history(customer_id=c["id"])
                result = [o["order_id"] for o in orders_of]
                """);
        assertThat(r.error()).isNull();
        assertThat(r.result()).isEqualTo(List.of("o1-c7", "o2-c7"));
        assertThat(r.toolCalls()).isEqualTo(2);
    }

    @Test
    void should_capture_print_and_keep_top_level_helpers() {
        ExecutionResult r = run("""
                def label(c):
                    return "%s (%s)" % (c["name"], c["id"])

                for c in crm.search_customers(query="x", limit=2):
                    print(label(c))
                result = "done"
                """);
        assertThat(r.error()).isNull();
        assertThat(r.logs()).containsExactly("Customer 1 (c1)", "Customer 2 (c2)");
        assertThat(r.result()).isEqualTo("done");
    }

    @Test
    void should_keep_multi_line_strings_unchanged() {
        ExecutionResult r = run("text = \"\"\"a\nb\n  c\"\"\"\nresult = text\n");
        assertThat(r.error()).isNull();
        assertThat(r.result()).isEqualTo("a\nb\n  c");
    }

    @Test
    void should_report_unknown_tool_with_user_line_and_did_you_mean() {
        ExecutionResult r = run("x = 1\nc = crm.lookup_customr(customer_id=\"c1\")\n");
        assertThat(r.error()).isNotNull();
        assertThat(r.error().line()).isEqualTo(2);
        assertThat(r.error().column()).isEqualTo(8);
        assertThat(r.error().message()).isEqualTo("crm has no tool lookup_customr");
        assertThat(r.error().hint()).startsWith("did you mean crm.lookup_customer?");
    }

    @Test
    void should_hint_the_starlark_way_for_while() {
        ExecutionResult r = run("i = 0\nwhile i < 3:\n    i += 1\n");
        assertThat(r.error().kind()).isEqualTo("syntax");
        assertThat(r.error().line()).isEqualTo(2);
        assertThat(r.error().hint()).contains("for i in range(n)");
    }

    @Test
    void should_stop_repetition_bombs_before_allocating() {
        for (String bomb : List.of("x = 'a' * 1000000000", "x = [0] * 1000000000", "x = 1000000000 * 'a'",
                "s = 'a' * 1000\nx = s.replace('a', s)\ny = x.replace('a', x)",
                "x = ','.join(['a' * 100000] * 1000)", "x = ('%s' * 1000) % tuple(['a' * 100000] * 1000)",
                "x = 1 << 100000000", "x = list(range(1000000000))")) {
            ExecutionResult r = run(bomb);
            assertThat(r.error()).as(bomb).isNotNull();
            assertThat(r.error().kind()).as(bomb).isEqualTo("limit");
        }
        assertThat(run("result = len('ab' * 3) + len([1] * 4)").result()).isEqualTo(10L);
    }

    @Test
    void should_stop_a_script_that_allocates_too_much_in_a_loop() {
        try (StarlarkInterpreter small = StarlarkInterpreter.builder()
                .limits(Limits.builder().maxMemoryBytes(32L << 20).maxSteps(100_000_000).build()).build()) {
            ExecutionResult r = small.execute("""
                    keep = []
                    for i in range(1000000):
                        keep.append("x" * 1000 + str(i))
                    result = len(keep)
                    """, catalog.view(), SandboxFixtures.directInvoker(catalog));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().kind()).isEqualTo("limit");
            assertThat(r.error().message()).contains("MiB");
        }
    }

    @Test
    void should_time_out_and_free_the_caller() {
        try (StarlarkInterpreter fast = StarlarkInterpreter.builder()
                .limits(Limits.builder().timeout(Duration.ofMillis(300)).maxSteps(Long.MAX_VALUE).build()).build()) {
            long t0 = System.nanoTime();
            ExecutionResult r = fast.execute("""
                    n = 0
                    for i in range(1000000):
                        for j in range(1000000):
                            n += 1
                    """, catalog.view(), SandboxFixtures.directInvoker(catalog));
            assertThat(r.error().kind()).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void should_run_parallel_calls_in_order_with_errors_per_call() {
        ExecutionResult r = run("""
                pairs = parallel([(crm.lookup_customer, {"customer_id": i}) for i in ["c1", "x2", "c3"]])
                result = [[v["id"] if v else None, e] for v, e in pairs]
                """);
        assertThat(r.error()).isNull();
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) r.result();
        assertThat(rows.get(0)).containsExactly("c1", null);
        assertThat(rows.get(1).get(0)).isNull();
        assertThat((String) rows.get(1).get(1)).contains("no customer x2");
        assertThat(rows.get(2)).containsExactly("c3", null);
        assertThat(r.toolCalls()).isEqualTo(3);
    }

    @Test
    void should_return_tool_errors_as_values_with_try_call() {
        ExecutionResult r = run("""
                c, err = try_call(crm.lookup_customer, customer_id="zz")
                result = {"c": c, "err": err}
                """);
        assertThat(r.error()).isNull();
        assertThat(((Map<?, ?>) r.result()).get("err").toString()).contains("crm.lookup_customer failed: no customer zz");
    }

    @Test
    void should_fail_the_script_on_a_tool_error_without_try_call() {
        ExecutionResult r = run("print('before')\nc = crm.lookup_customer(customer_id=\"zz\")\n");
        assertThat(r.error().kind()).isEqualTo("runtime");
        assertThat(r.error().message()).contains("no customer zz");
        assertThat(r.error().line()).isEqualTo(2);
        assertThat(r.logs()).containsExactly("before");
        assertThat(r.toolCalls()).isEqualTo(1);
    }

    @Test
    void should_enforce_the_tool_call_limit() {
        ExecutionResult r = run("for i in range(100):\n    crm.lookup_customer(customer_id=\"c1\")\n");
        assertThat(r.error().kind()).isEqualTo("limit");
        assertThat(r.error().message()).contains("at most 50 tool calls");
        assertThat(r.toolCalls()).isEqualTo(50);
    }

    @Test
    void should_refuse_oversized_tool_results() {
        ExecutionResult r = run("x = orders.huge(chars=2000000)\n");
        assertThat(r.error()).isNotNull();
        assertThat(r.error().message()).contains("larger than 1000000 characters");
    }

    @Test
    void should_convert_values_both_ways() {
        ExecutionResult r = run("""
                e = orders.echo(a={"n": [1, 2.5, None, True]}, big=123456789012345678901234567890)
                result = {"echo": e, "json": json.decode(json.encode({"k": [1, "x"]}))}
                """);
        assertThat(r.error()).isNull();
        assertThat(r.result().toString()).contains("n=[1, 2.5, null, true]").contains("123456789012345678901234567890")
                .contains("json={k=[1, x]}");
    }

    @Test
    void should_name_missing_and_unknown_parameters() {
        assertThat(run("crm.lookup_customer()").error().message()).isEqualTo("crm.lookup_customer needs customer_id");
        assertThat(run("crm.lookup_customer(id=\"c1\")").error().message())
                .contains("crm.lookup_customer has no parameter 'id'").contains("parameters: customer_id");
        assertThat(run("crm.lookup_customer(\"c1\")").error().message()).contains("keyword arguments only");
    }

    @Test
    void should_interrupt_a_blocked_tool_call_on_timeout_and_free_the_worker() throws InterruptedException {
        try (StarlarkInterpreter fast = StarlarkInterpreter.builder()
                .limits(Limits.builder().timeout(Duration.ofMillis(300)).build()).build()) {
            ExecutionResult r = fast.execute("x = orders.slow(ms=20000)", catalog.view(),
                    SandboxFixtures.directInvoker(catalog));
            assertThat(r.error().kind()).isEqualTo("timeout");
            long deadline = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < deadline && busyScriptThreads() > 0) {
                Thread.sleep(20);
            }
            assertThat(busyScriptThreads()).as("no script thread still runs the script").isZero();
        }
    }

    @Test
    void should_keep_serving_other_executions_while_hostile_scripts_fail() throws Exception {
        // The memory limit must stop the hostile scripts; the timeout is only the backstop, long enough
        // that 30 of them on a loaded two-core machine still meet the watchdog first.
        try (StarlarkInterpreter shared = StarlarkInterpreter.builder()
                .limits(Limits.builder().maxMemoryBytes(64L << 20).timeout(Duration.ofSeconds(10)).build()).build()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<ExecutionResult>> hostile = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<ExecutionResult>> normal = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                hostile.add(pool.submit(() -> shared.execute("x = 'a' * 1000000000", catalog.view(),
                        SandboxFixtures.directInvoker(catalog))));
                hostile.add(pool.submit(() -> shared.execute("x = [0] * 1000000000", catalog.view(),
                        SandboxFixtures.directInvoker(catalog))));
                hostile.add(pool.submit(() -> shared.execute(
                        "k = []\nfor i in range(1000000):\n    k.append('x' * 999 + str(i))", catalog.view(),
                        SandboxFixtures.directInvoker(catalog))));
                normal.add(pool.submit(() -> shared.execute(
                        "result = [o['order_id'] for o in orders.order_history(customer_id='c%d')]".formatted(1), catalog.view(),
                        SandboxFixtures.directInvoker(catalog))));
            }
            for (var f : hostile) {
                assertThat(f.get().error()).isNotNull();
                assertThat(f.get().error().kind()).isEqualTo("limit");
            }
            for (var f : normal) {
                assertThat(f.get().error()).isNull();
                assertThat(f.get().result()).isEqualTo(List.of("o1-c1", "o2-c1"));
            }
            pool.shutdown();
        }
        ExecutionResult after = run("result = crm.lookup_customer(customer_id='c5')['name']");
        assertThat(after.result()).isEqualTo("Customer 5");
    }

    @Test
    void should_stop_its_threads_on_close() throws InterruptedException {
        StarlarkInterpreter local = StarlarkInterpreter.create();
        local.execute("result = parallel([(crm.lookup_customer, {'customer_id': 'c1'})])", catalog.view(),
                SandboxFixtures.directInvoker(catalog));
        local.close();
        ExecutionResult refused = local.execute("result = 1", catalog.view(), SandboxFixtures.directInvoker(catalog));
        assertThat(refused.error().message()).isEqualTo("the interpreter is closed");
    }

    static long busyScriptThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("codemode-script-"))
                .filter(t -> java.util.Arrays.stream(t.getStackTrace())
                        .anyMatch(e -> e.getClassName().startsWith("net.starlark") || e.getClassName().contains("Thread.sleep")
                                || e.getMethodName().equals("sleep")))
                .count();
    }
}
