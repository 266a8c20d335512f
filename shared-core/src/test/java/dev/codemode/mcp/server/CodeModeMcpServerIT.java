package dev.codemode.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.Exposure;
import dev.codemode.access.AccessControl;
import dev.codemode.access.BearerTokens;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.StdioServer;
import dev.codemode.mcp.testserver.LineClient;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Code Mode served over streamable HTTP (embedded Tomcat, {@link McpHttpGuard} in front), driven by the MCP
 * Java SDK client and by raw HTTP. Upstream: the test server over HTTP, connected twice as {@code crm} and
 * {@code lab} (two MCP connections, two servers in the catalog).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeModeMcpServerIT {

    static final String ALICE_TOKEN = "alice-token-0f3c9b2e7d";
    static final String BOB_TOKEN = "bob-token-8a41c6d0e5";
    static final Duration APPROVAL_TIMEOUT = Duration.ofSeconds(3);

    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr;
    EmbeddedMcpHttp upstream;
    McpToolSource crm;
    McpToolSource lab;
    InMemoryAuditSink audit;
    CodeMode codeMode;
    CodeModeMcpTools tools;
    EmbeddedMcpHttp served;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
        upstream = TestMcpServer.startHttp(0);
        crm = McpToolSource.streamableHttp("crm", upstream.baseUrl());
        lab = McpToolSource.streamableHttp("lab", upstream.baseUrl());
        audit = new InMemoryAuditSink();
        codeMode = CodeMode.builder()
                .toolSources(crm, lab)
                .exposure(Exposure.CODE_MODE)
                .directTools("crm.lookup_customer")
                .accessControl(AccessControl.builder()
                        .keys(VirtualKey.withTools("alice", "crm.*", "lab.*"),
                                VirtualKey.withTools("bob", "crm.search_customers", "crm.order_history", "lab.echo"))
                        .build())
                .autoExecute("crm.lookup_customer", "crm.search_customers", "crm.order_history", "lab.*")
                .approvalHandler(ElicitationApproval.orDeny())
                .auditSink(audit)
                .build();
        BearerTokens tokens = BearerTokens.builder().token("alice", ALICE_TOKEN).token("bob", BOB_TOKEN).build();
        tools = CodeModeMcpTools.builder(codeMode)
                .callers(McpHttpGuard::keyId)
                .keyIds(List.of("alice", "bob"))
                .approvalTimeout(APPROVAL_TIMEOUT)
                .pingEvery(Duration.ofMillis(300))
                .pingTimeout(Duration.ofSeconds(1))
                .build();
        served = EmbeddedMcpHttp.start(0, McpHttpGuard::context, McpHttpGuard.bearer(tokens), provider -> {
            McpSyncServer server = tools.configure(McpServer.sync(provider)
                    .serverInfo("codemode", "0.1.0").immediateExecution(true)).build();
            tools.attach(server);
            return server;
        });
    }

    @AfterAll
    void stop() {
        try {
            if (tools != null) {
                tools.close();
            }
            if (codeMode != null) {
                codeMode.close();
            }
            if (served != null) {
                served.close();
            }
            for (AutoCloseable c : new AutoCloseable[] {crm, lab, upstream}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // best effort
                }
            }
        } finally {
            System.setErr(originalErr);
        }
        String logged = stderr.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("no token in the logs").doesNotContain(ALICE_TOKEN).doesNotContain(BOB_TOKEN);
    }

    McpSyncClient client(String token, Function<McpClient.SyncSpec, McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(served.baseUrl())
                .endpoint("/mcp")
                .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = customize.apply(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)))
                .build();
        client.initialize();
        return client;
    }

    McpSyncClient client(String token) {
        return client(token, spec -> spec);
    }

    McpSyncClient approvingClient(Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> answer) {
        return client(ALICE_TOKEN, spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(answer));
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args, null));
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    static List<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    // ---- listing, reading, running ----

    @Test
    void each_key_lists_only_its_own_tools_and_a_hidden_tool_called_by_name_is_refused() {
        McpSyncClient alice = client(ALICE_TOKEN);
        McpSyncClient bob = client(BOB_TOKEN);
        try {
            assertThat(names(alice)).containsExactly("listToolFiles", "readToolFile", "getToolDocs",
                    "executeToolCode", "crm__lookup_customer");
            assertThat(names(bob)).containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");

            McpSchema.CallToolResult direct = call(alice, "crm__lookup_customer", Map.of("customer_id", "c1"));
            assertThat(direct.isError()).isFalse();
            assertThat(text(direct)).contains("\"id\"").contains("c1");

            int before = TestMcpServer.CALLS.get();
            McpSchema.CallToolResult hidden = call(bob, "crm__lookup_customer", Map.of("customer_id", "c1"));
            assertThat(hidden.isError()).isTrue();
            assertThat(text(hidden)).contains("no tool crm__lookup_customer");
            assertThat(TestMcpServer.CALLS.get()).isEqualTo(before);
        } finally {
            alice.closeGracefully();
            bob.closeGracefully();
        }
    }

    @Test
    void reads_a_stub_and_runs_a_script_chaining_two_upstream_servers() {
        McpSyncClient alice = client(ALICE_TOKEN);
        try {
            String files = text(call(alice, "listToolFiles", Map.of()));
            assertThat(files).contains("servers/crm.pyi").contains("servers/lab.pyi");
            String stub = text(call(alice, "readToolFile", Map.of("fileName", "servers/crm.pyi")));
            assertThat(stub).contains("def lookup_customer(");

            McpSchema.CallToolResult run = call(alice, "executeToolCode", Map.of("code", """
                    c = crm.lookup_customer(customer_id="c3")
                    result = {"name": c["name"], "echoed": lab.echo(text=c["id"]), "orders": len(crm.order_history(customer_id="c3"))}
                    """));
            assertThat(run.isError()).as(text(run)).isFalse();
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) JsonValues.parse(text(run))).get("result");
            assertThat(result.get("name")).isEqualTo(TestMcpServer.CUSTOMERS.get("c3").get("name"));
            assertThat(result.get("echoed")).isEqualTo("c3");
            assertThat(audit.executions()).anySatisfy(e -> {
                assertThat(e.virtualKey()).isEqualTo("alice");
                assertThat(e.parentRequestId()).startsWith("mcp-");
            });
        } finally {
            alice.closeGracefully();
        }
    }

    // ---- approval ----

    @Test
    void a_client_without_elicitation_gets_the_usual_refusal_and_nothing_runs() {
        McpSyncClient alice = client(ALICE_TOKEN);
        try {
            int before = TestMcpServer.CALLS.get();
            McpSchema.CallToolResult run = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c9\")"));
            assertThat(run.isError()).isTrue();
            assertThat(text(run)).contains("approval").contains("crm.delete_customer");
            assertThat(TestMcpServer.CALLS.get()).isEqualTo(before);
        } finally {
            alice.closeGracefully();
        }
    }

    @Test
    void an_approved_question_runs_the_script_and_names_the_tools_and_shows_the_script() {
        List<String> questions = new CopyOnWriteArrayList<>();
        McpSyncClient alice = approvingClient(question -> {
            questions.add(question.message());
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("approve", true));
        });
        try {
            String code = "result = crm.delete_customer(customer_id=\"c9\")";
            McpSchema.CallToolResult run = call(alice, "executeToolCode", Map.of("code", code));
            assertThat(run.isError()).as(text(run)).isFalse();
            assertThat(text(run)).contains("\"deleted\"").contains("c9");
            assertThat(questions).singleElement().satisfies(q -> assertThat(q).contains("crm.delete_customer")
                    .contains(code).contains("approval"));
        } finally {
            alice.closeGracefully();
        }
    }

    @Test
    void a_declined_question_runs_nothing() {
        McpSyncClient alice = approvingClient(question ->
                new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null));
        try {
            int before = TestMcpServer.CALLS.get();
            McpSchema.CallToolResult run = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c8\")"));
            assertThat(run.isError()).isTrue();
            assertThat(text(run)).contains("the user declined");
            assertThat(TestMcpServer.CALLS.get()).isEqualTo(before);
        } finally {
            alice.closeGracefully();
        }
    }

    @Test
    void an_unanswered_question_denies_at_the_deadline_and_runs_nothing() {
        CountDownLatch release = new CountDownLatch(1);
        McpSyncClient alice = approvingClient(question -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("approve", true));
        });
        try {
            int before = TestMcpServer.CALLS.get();
            long started = System.nanoTime();
            McpSchema.CallToolResult run = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c7\")"));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(run.isError()).isTrue();
            assertThat(text(run)).contains("no answer from the user within 3 s");
            assertThat(tookMs).isBetween(APPROVAL_TIMEOUT.toMillis() - 100, APPROVAL_TIMEOUT.toMillis() + 5_000);
            release.countDown();        // a late yes changes nothing
            sleep(500);
            assertThat(TestMcpServer.CALLS.get()).isEqualTo(before);
        } finally {
            release.countDown();
            alice.closeGracefully();
        }
    }

    // ---- upstream changes ----

    @Test
    void an_upstream_tool_list_change_reaches_the_client_as_list_changed() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        McpSyncClient alice = client(ALICE_TOKEN, spec -> spec.toolsChangeConsumer(t -> changed.countDown()));
        try {
            McpSchema.CallToolResult run = call(alice, "executeToolCode",
                    Map.of("code", "result = lab.add_tool(name=\"ghost_" + System.nanoTime() + "\")"));
            assertThat(run.isError()).as(text(run)).isFalse();
            assertThat(changed.await(10, TimeUnit.SECONDS)).as("tools/list_changed received").isTrue();
        } finally {
            alice.closeGracefully();
        }
    }

    // ---- a client that leaves mid-script ----

    @Test
    void a_client_that_disconnects_mid_script_has_its_script_cancelled_and_audited_cancelled() throws Exception {
        String session = initialize(ALICE_TOKEN);
        int executionsBefore = audit.executions().size();
        HttpRequest slowCall = post(ALICE_TOKEN, session, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"executeToolCode",
                 "arguments":{"code":"lab.slow(ms=8000)\\nresult = lab.echo(text=\\"after\\")"}}}""")
                .timeout(Duration.ofMillis(800)).build();
        long started = System.nanoTime();
        try {
            http.send(slowCall, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException expected) {
            // the client gives up and closes its connection
        }
        ExecutionRecord record = awaitExecution(executionsBefore, Duration.ofSeconds(6));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(record.outcome()).isEqualTo(ExecutionRecord.CANCELLED);
        assertThat(record.virtualKey()).isEqualTo("alice");
        assertThat(tookMs).as("cancelled well before the script's 8 s").isLessThan(6_000);
    }

    ExecutionRecord awaitExecution(int before, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<ExecutionRecord> all = audit.executions();
            if (all.size() > before) {
                return all.get(all.size() - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no execution was audited within " + within);
    }

    // ---- stdio ----

    @Test
    void over_stdio_one_caller_lists_reads_and_a_script_is_cancelled_when_stdin_ends() throws Exception {
        try (LineClient client = new LineClient();
                CodeModeMcpTools stdio = CodeModeMcpTools.builder(codeMode).callers(context -> "alice")
                        .keyIds(List.of("alice")).build()) {
            CountDownLatch ended = new CountDownLatch(1);
            McpSyncServer server = stdio.configure(McpServer.sync(StdioServer.transport(client.serverIn(),
                    client.serverOut(), () -> {
                        stdio.cancelAll();
                        ended.countDown();
                    })).serverInfo("codemode", "0.1.0")).build();
            try {
                client.initialize("{}");
                client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
                String list = client.await("\"id\":2", Duration.ofSeconds(10));
                assertThat(list).contains("\"executeToolCode\"").contains("\"crm__lookup_customer\"");
                client.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"readToolFile\","
                        + "\"arguments\":{\"fileName\":\"servers/lab.pyi\"}}}");
                assertThat(client.await("\"id\":3", Duration.ofSeconds(10))).contains("def slow(");

                int before = audit.executions().size();
                client.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                        + "\"arguments\":{\"code\":\"lab.echo(text=\\\"x\\\")\\nlab.slow(ms=8000)\"}}}");
                sleep(700);
                long started = System.nanoTime();
                client.closeInput();
                assertThat(ended.await(5, TimeUnit.SECONDS)).as("the end of stdin was noticed").isTrue();
                stdio.close();      // waits for the cancelled call to end: its record is queued by now
                ExecutionRecord record = awaitExecution(before, Duration.ofSeconds(2));
                assertThat(record.outcome()).isEqualTo(ExecutionRecord.CANCELLED);
                assertThat(record.virtualKey()).isEqualTo("alice");
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            } finally {
                server.close();
            }
        }
    }

    // ---- bad input ----

    @Test
    void malformed_json_unknown_methods_and_huge_requests_get_clean_errors() throws Exception {
        String session = initialize(ALICE_TOKEN);

        HttpResponse<String> malformed = http.send(post(ALICE_TOKEN, session, "{this is not json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertClean(malformed.body());
        assertThat(malformed.body()).contains("\"jsonrpc\":\"2.0\"").contains("\"error\"");

        HttpResponse<String> unknown = http.send(post(ALICE_TOKEN, session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"foo/bar\",\"params\":{}}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.body()).contains("-32601");
        assertClean(unknown.body());

        String huge = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                + "\"arguments\":{\"code\":\"" + "x".repeat(2_000_000) + "\"}}}";
        HttpResponse<String> tooBig = http.send(post(ALICE_TOKEN, session, huge).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertClean(tooBig.body());

        HttpResponse<String> noSession = http.send(post(ALICE_TOKEN, null,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{}}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertClean(noSession.body());
    }

    // ---- load ----

    @Test
    void fifty_concurrent_clients_each_get_every_reply() throws Exception {
        int clients = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                String token = i % 2 == 0 ? ALICE_TOKEN : BOB_TOKEN;
                int n = i;
                runs.add(pool.submit(() -> {
                    McpSyncClient c = client(token);
                    try {
                        ready.countDown();
                        ready.await(30, TimeUnit.SECONDS);
                        List<String> replies = new ArrayList<>();
                        for (int k = 0; k < 2; k++) {
                            McpSchema.CallToolResult r = call(c, "executeToolCode",
                                    Map.of("code", "result = lab.echo(text=\"" + n + "-" + k + "\")"));
                            replies.add(text(r));
                        }
                        return replies;
                    } finally {
                        c.closeGracefully();
                    }
                }));
            }
            int answered = 0;
            for (Future<List<String>> run : runs) {
                List<String> replies = run.get(120, TimeUnit.SECONDS);
                answered += replies.size();
                assertThat(replies).allSatisfy(r -> assertThat(r).isNotBlank());
            }
            assertThat(answered).isEqualTo(clients * 2);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- raw HTTP helpers ----

    HttpRequest.Builder post(String token, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    /** initialize + notifications/initialized; the session id. */
    String initialize(String token) throws Exception {
        HttpResponse<String> init = http.send(post(token, null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> done = http.send(post(token, session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).isLessThan(300);
        return session;
    }

    static void assertClean(String body) {
        assertThat(body).doesNotContain("stackTrace").doesNotContain("Exception").doesNotContain("Tomcat")
                .doesNotContain("io.modelcontextprotocol").doesNotContain("java.").doesNotContain("\tat ");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes to two streams (the console, and what the test reads back). */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
