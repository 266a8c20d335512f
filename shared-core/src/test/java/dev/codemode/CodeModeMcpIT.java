package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.stubs.BindingLevel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The four meta-tools end to end against a real MCP server, over stdio (a separate JVM) and
 * streamable HTTP (embedded Tomcat): what the model reads, and scripts that chain real calls.
 */
class CodeModeMcpIT {

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        McpToolSource source;
        CodeMode codeMode;

        abstract McpToolSource open();

        @BeforeAll
        void start() {
            source = open();
            // The test server is ours: its read-only hints are trusted, and crm.fail is allowlisted.
            codeMode = CodeMode.builder().toolSources(source).trustReadOnlyHints("crm").autoExecute("crm.fail").build();
        }

        @AfterAll
        void stop() {
            if (codeMode != null) {
                codeMode.close();
            }
            if (source != null) {
                source.close();
            }
        }

        Map<?, ?> execute(String code) {
            MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", code));
            return (Map<?, ?>) JsonValues.parse(r.text());
        }

        @Test
        void should_list_the_server_file_with_its_summary() {
            String tree = codeMode.call("listToolFiles", Map.of()).text();
            assertThat(tree).startsWith("servers/crm.pyi  ").contains("Customer records and their orders (test data)")
                    .contains("Read a file with readToolFile");
        }

        @Test
        void should_rank_the_matching_tool_first_for_a_query() {
            String hits = codeMode.call("listToolFiles", Map.of("query", "order history")).text();
            assertThat(hits.lines().limit(2).toList()).first().isEqualTo("servers/crm.pyi");
            assertThat(hits.lines().skip(1).findFirst().orElseThrow()).startsWith("  crm.order_history(");
        }

        @Test
        void should_read_stubs_with_sanitised_names_and_typed_results() {
            String stub = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text();
            assertThat(stub).contains("def lookup_customer(customer_id: str) -> ")
                    .contains("def search_customers(query: str, limit: int = 10) -> Any:")
                    .contains("tier: Literal[\"free\", \"pro\", \"enterprise\"]")
                    .contains("\"\"\"One customer by id. Read-only.\"\"\"");
            assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", 1, "endLine", 1))
                    .text()).startsWith("1| # crm: ").containsOnlyOnce("\n").endsWith("\n# lines 1-1 of "
                            + stub.lines().count());
        }

        @Test
        void should_document_one_tool() {
            String docs = codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "lookup_customer")).text();
            assertThat(docs).startsWith("crm.lookup_customer(customer_id: str)").contains("Hints: read-only")
                    .contains("customer_id: str, required. e.g. c1").contains("Example: result = crm.lookup_customer(");
        }

        @Test
        void should_thread_one_tools_output_into_the_next_in_one_script() {
            Map<?, ?> out = execute("""
                    found = crm.search_customers(query="a")
                    totals = {}
                    for c in found:
                        orders = crm.order_history(customer_id=c["id"])
                        totals[c["name"]] = sum([o["total"] for o in orders])
                    result = totals
                    """);
            assertThat(out.get("error")).isNull();
            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            for (Map<String, Object> c : TestMcpServer.CUSTOMERS.values()) {
                if (c.get("name").toString().toLowerCase().contains("a") || c.get("email").toString().contains("a")) {
                    long total = TestMcpServer.orders((String) c.get("id")).stream()
                            .mapToLong(o -> ((Number) o.get("total")).longValue()).sum();
                    expected.put((String) c.get("name"), total);
                }
            }
            assertThat(JsonValues.write(out.get("result"))).isEqualTo(JsonValues.write(expected));
            assertThat(((Number) out.get("toolCalls")).intValue()).isEqualTo(1 + expected.size());
        }

        @Test
        void should_return_the_servers_error_message_and_keep_try_call_values() {
            Map<?, ?> failed = execute("x = crm.fail(message=\"quota exceeded\")");
            assertThat(failed.get("error").toString()).isEqualTo("crm.fail failed: quota exceeded");
            assertThat(failed.get("line")).isEqualTo(1);

            Map<?, ?> handled = execute("""
                    v, err = try_call(crm.fail, message="quota exceeded")
                    result = err
                    """);
            assertThat(handled.get("result")).isEqualTo("crm.fail failed: quota exceeded");
        }

        @Test
        void should_run_parallel_calls_over_the_transport() {
            Map<?, ?> out = execute("""
                    pairs = parallel([(crm.lookup_customer, {"customer_id": c}) for c in ["c1", "c2", "c3", "c9"]])
                    result = [v["name"] if v else err for v, err in pairs]
                    """);
            assertThat(out.get("result")).isEqualTo(List.of("Ada Lovelace", "Alan Turing", "Grace Hopper",
                    "crm.lookup_customer failed: no customer c9"));
        }

        @Test
        void should_wait_for_approval_before_a_read_only_tool_of_an_untrusted_server_runs() throws Exception {
            // given the server says lookup-customer is readOnlyHint: true, and nothing trusts or allowlists it
            assertThat(source.listTools().stream().filter(t -> t.name().equals("lookup-customer")).findFirst()
                    .orElseThrow().annotations().isReadOnly()).isTrue();
            CountDownLatch asked = new CountDownLatch(1);
            CountDownLatch decided = new CountDownLatch(1);
            List<ApprovalRequest> requests = new CopyOnWriteArrayList<>();
            AtomicBoolean approve = new AtomicBoolean();
            InMemoryAuditSink audit = AuditSink.inMemory();
            try (CodeMode untrusted = CodeMode.builder().toolSources(source).auditSink(audit).approvalHandler(r -> {
                requests.add(r);
                asked.countDown();
                try {
                    decided.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return approve.get() ? ApprovalDecision.approve() : ApprovalDecision.deny("the user said no");
            }).build()) {
                String code = "result = crm.lookup_customer(customer_id=\"c1\")[\"name\"]";
                assertThat(untrusted.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text())
                        .contains("Every call needs approval.").doesNotContain("Read-only");

                // when a script calls it, it waits for the handler
                CompletableFuture<MetaToolResult> denied = CompletableFuture.supplyAsync(
                        () -> untrusted.call("executeToolCode", Map.of("code", code)));
                assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(200);
                assertThat(denied).as("still waiting for the user").isNotDone();
                assertThat(requests).singleElement().satisfies(r -> assertThat(r.needApproval())
                        .containsExactly("crm.lookup_customer"));

                // then a denial runs nothing on the server
                decided.countDown();
                assertThat(denied.get(30, TimeUnit.SECONDS).text())
                        .contains("approval denied (the user said no): crm.lookup_customer needs approval");
                untrusted.auditLog().orElseThrow().flush();
                assertThat(audit.toolCalls()).isEmpty();

                // and an approval runs it against the real server
                approve.set(true);
                Map<?, ?> approved = (Map<?, ?>) JsonValues.parse(untrusted.call("executeToolCode", Map.of("code", code))
                        .text());
                assertThat(approved.get("result")).isEqualTo("Ada Lovelace");
                assertThat(requests).hasSize(2);
            }
        }

        @Test
        void should_serve_tool_level_files() {
            try (CodeMode perTool = CodeMode.builder().toolSources(source).bindingLevel(BindingLevel.TOOL).build()) {
                assertThat(perTool.call("listToolFiles", Map.of()).text()).contains("servers/crm/  lookup_customer, ");
                assertThat(perTool.call("readToolFile", Map.of("fileName", "servers/crm/lookup_customer.pyi")).text())
                        .startsWith("# crm.lookup_customer: one customer by id")
                        .doesNotContain("def order_history");
            }
        }
    }

    @Nested
    class Stdio extends Contract {
        @Override
        McpToolSource open() {
            List<String> command = TestMcpServer.stdioCommand();
            return McpToolSource.stdio("crm", command.get(0), command.subList(1, command.size()), Map.of());
        }
    }

    @Nested
    class Http extends Contract {
        EmbeddedMcpHttp server;

        @Override
        McpToolSource open() {
            try {
                server = TestMcpServer.startHttp(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return McpToolSource.streamableHttp("crm", server.baseUrl());
        }

        @AfterAll
        void stopServer() {
            if (server != null) {
                server.close();
            }
        }
    }
}
