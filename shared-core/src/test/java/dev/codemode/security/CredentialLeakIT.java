package dev.codemode.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.mcp.testserver.ChildProcesses;
import dev.codemode.mcp.testserver.DyingStdioServer;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.mcp.testserver.RefusingHttpServer;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.resilience.Resilience;
import dev.codemode.resilience.faults.FaultMcpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials a source holds never reach the model, an exception message, an audit record or the
 * application log. First a real MCP server over streamable HTTP, reached by a client that carries a
 * credential twice (a bearer header and an API key in the endpoint's query), every script route to it,
 * working and failing calls, with the server up and after it went away. Then one test per place a
 * credential lives, each with its own marker, for servers that cannot be reached or stop answering:
 * URL user info, a query API key, a header, command arguments, an environment variable the server
 * echoes on stderr before it dies, and an HTTP 401 body that quotes the secret. The CLI's side is
 * {@code CliCredentialLeakIT} in samples/cli.
 */
class CredentialLeakIT {

    static final String SECRET = "sk-live-mcp-9d2e41-credential";

    static final List<String> SCRIPTS = List.of(
            "result = {\"dir\": dir(crm), \"repr\": repr(crm), \"tool\": repr(crm.echo), \"str\": str(crm.echo),"
                    + " \"probes\": [getattr(crm, n, None) for n in [\"client\", \"transport\", \"headers\", \"token\","
                    + " \"url\", \"requestBuilder\", \"authorization\"]]}",
            "result = json.encode(crm)",
            "result = \"%r %s\" % (crm, crm.lookup_customer)",
            "fail(crm, crm.echo)",
            "result = crm.echo(text=\"hello\")",
            "v, e = try_call(crm.fail, message=\"denied for this key\")\nresult = e",
            "crm.fail(message=\"server-side failure\")",
            "crm.echo(text=\"x\", token=\"guess\")",
            "crm.echo()",
            "result = crm.lookup_customer(customer_id=\"c1\")");

    @Test
    void should_never_show_the_credential_of_an_mcp_client_in_any_output_or_audit_record() throws Exception {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        List<String> outputs = new ArrayList<>();
        EmbeddedMcpHttp server = TestMcpServer.startHttp(0);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.baseUrl())
                        .endpoint("/mcp?api_key=" + SECRET)
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + SECRET))
                        .build())
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        try (client; CodeMode codeMode = CodeMode.builder()
                .toolSources(McpToolSource.of("crm", client))
                .approvalHandler(ApprovalHandler.allowAll())
                .auditSink(audit)
                .build()) {
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.echo(text=\"up\")")).text())
                    .as("the authenticated client works").contains("\"result\":\"up\"");

            outputs.add(codeMode.call("listToolFiles", Map.of()).text());
            outputs.add(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text());
            for (String tool : List.of("lookup_customer", "echo", "fail")) {
                outputs.add(codeMode.call("getToolDocs", Map.of("server", "crm", "tool", tool)).text());
            }
            for (String script : SCRIPTS) {
                outputs.add(codeMode.call("executeToolCode", Map.of("code", script)).text());
            }

            server.close(); // every call now fails in the transport
            for (String script : SCRIPTS) {
                MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", script));
                outputs.add(r.text());
            }
            codeMode.auditLog().orElseThrow().flush();
        }

        assertThat(outputs).as("a failure after the server went away").anyMatch(o -> o.contains("\"error\":\"crm."));
        for (String output : outputs) {
            assertThat(output).doesNotContain(SECRET).doesNotContain("api_key").doesNotContain("Bearer");
        }
        assertThat(audit.toolCalls()).as("calls were audited").isNotEmpty();
        assertThat(audit.records().toString()).doesNotContain(SECRET);
    }

    // ------------------------------------------------------------------ one test per place a secret lives

    static final String USER_INFO = "pw-userinfo-5d1a93";
    static final String QUERY_KEY = "key-query-8c2b17";
    static final String HEADER = "tok-header-3e9f44";
    static final String ARGS = "tok-args-71d0c2";
    static final String ENV = "env-stderr-a4c6e8";
    static final String BODY = "body-401-0b5729";

    /** What the model, the caller and the operator see during one test: checked for the test's marker. */
    final List<String> seen = new ArrayList<>();
    final InMemoryAuditSink audit = new InMemoryAuditSink();
    LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void should_keep_url_user_info_out_of_reasons_errors_audit_and_log() throws Exception {
        String url = "http://alice:" + USER_INFO + "@127.0.0.1:" + closedPort();

        connectFailure(() -> McpToolSource.streamableHttp("userinfo", url));
        exercise("userinfo", client(url, "/mcp", null));

        assertNeverShown(USER_INFO);
    }

    @Test
    void should_keep_a_query_api_key_out_of_reasons_errors_audit_and_log() throws Exception {
        try (RefusingHttpServer refusing = RefusingHttpServer.start("the key you sent")) {
            String endpoint = "/mcp?api_key=" + QUERY_KEY;

            connectFailure(() -> McpToolSource.streamableHttp("query", refusing.baseUrl(), endpoint));
            exercise("query", client(refusing.baseUrl(), endpoint, null));

            assertThat(refusing.requests()).as("the key reached the server, which quoted it back").isPositive();
        }
        assertNeverShown(QUERY_KEY);
    }

    @Test
    void should_keep_a_header_credential_out_of_reasons_errors_audit_and_log() throws Exception {
        try (RefusingHttpServer refusing = RefusingHttpServer.start("the token you sent")) {
            exercise("header", client(refusing.baseUrl(), "/mcp", "Bearer " + HEADER));

            assertThat(refusing.requests()).isPositive();
        }
        assertNeverShown(HEADER);
    }

    @Test
    void should_keep_an_http_401_body_out_of_reasons_errors_audit_and_log() throws Exception {
        List<String> reasons = new ArrayList<>();
        for (int status : new int[] {401, 500}) { // the SDK quotes a 5xx response, body included, in its exception
            try (RefusingHttpServer refusing = RefusingHttpServer.start(BODY, status)) {
                reasons.add(connectFailure(() -> McpToolSource.streamableHttp("unauthorized", refusing.baseUrl())));
                reasons.add(exercise("unauthorized", client(refusing.baseUrl(), "/mcp", null)).error());
            }
        }
        assertNeverShown(BODY);
        assertThat(reasons).as("the cause classes").satisfiesExactly(
                r -> assertThat(r).contains("HTTP 401"), r -> assertThat(r).contains("HTTP 401"),
                r -> assertThat(r).contains("HTTP 500"), r -> assertThat(r).contains("HTTP 500"));
    }

    @Test
    void should_keep_command_arguments_out_of_reasons_errors_audit_and_log() throws Exception {
        List<String> dying = DyingStdioServer.command("--token=" + ARGS, "--api-key", ARGS);
        String reason = connectFailure(() -> McpToolSource.stdio("args", dying.get(0), dying.subList(1, dying.size()),
                Map.of()));

        // A server started with the secret that works, then exits between calls: every later failure.
        List<String> faulty = ChildJvm.command(FaultMcpServer.class, "stdio", "--token=" + ARGS);
        try (McpToolSource source = McpToolSource.stdio("faulty", faulty.get(0), faulty.subList(1, faulty.size()),
                Map.of());
                Resilience resilience = Resilience.builder().circuitBreakerRegistry(CircuitBreakerRegistry.of(
                        CircuitBreakerConfig.custom().slidingWindowSize(2).minimumNumberOfCalls(2)
                                .waitDurationInOpenState(Duration.ofMinutes(1)).build())).build();
                CodeMode codeMode = codeMode(source).resilience(resilience).directTools("faulty.ok").build()) {
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = faulty.ok()")).text())
                    .contains("\"result\":\"ok\"");
            seen.add(codeMode.call("executeToolCode", Map.of("code", "result = faulty.exit()")).text());
            waitUntilExited(ARGS);
            for (int i = 0; i < 3; i++) { // the breaker opens on the way
                seen.add(codeMode.call("executeToolCode", Map.of("code", "result = faulty.ok()")).text());
                seen.add(codeMode.call("faulty__ok", Map.of()).text());
            }
            codeMode.catalog().refresh();
            seeEverything(codeMode, "faulty");
            assertThat(seen).anyMatch(o -> o.contains("circuit open"));
            assertThat(codeMode.catalog().view().servers().get(0).error()).isNotNull();
        }
        assertNeverShown(ARGS);
        assertThat(reason).isEqualTo("exited before it answered the MCP handshake");
    }

    @Test
    void should_keep_an_environment_secret_the_server_echoes_on_stderr_out_of_reasons_errors_and_log() {
        List<String> dying = DyingStdioServer.command();
        String reason = connectFailure(() -> McpToolSource.stdio("env", dying.get(0), dying.subList(1, dying.size()),
                Map.of("LEAK_TOKEN", ENV)));

        assertNeverShown(ENV);
        assertThat(reason).isEqualTo("exited before it answered the MCP handshake");
        assertThat(log.lines()).as("the stderr lines are logged, redacted").anyMatch(l -> l.contains("LEAK_TOKEN=***"));
    }

    /** Builds a source that fails to connect; keeps its messages, returns the reason a caller would show. */
    private String connectFailure(Supplier<McpToolSource> connect) {
        try {
            connect.get().close();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t == e || t instanceof ToolCallException) {
                    seen.add(t.getMessage()); // ours: the SDK's own exceptions further down are not shown
                }
            }
            String reason = Failures.reason(e);
            seen.add(reason);
            return reason;
        }
        throw new AssertionError("connecting was expected to fail");
    }

    /** A client the caller owns, not connected yet: the catalog lists it (and fails) when Code Mode is built. */
    private static McpSyncClient client(String baseUrl, String endpoint, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl).endpoint(endpoint)
                        .requestBuilder(request).build())
                .requestTimeout(Duration.ofSeconds(5))
                .initializationTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Code Mode over a server that cannot be reached: every meta-tool, and a script calling it. */
    private CatalogServer exercise(String name, McpSyncClient client) {
        try (client; CodeMode codeMode = codeMode(McpToolSource.of(name, client)).build()) {
            seeEverything(codeMode, name);
            seen.add(codeMode.call("executeToolCode", Map.of("code", "result = " + name + ".lookup(id=\"c1\")")).text());
            CatalogServer server = codeMode.catalog().view().servers().get(0);
            assertThat(server.isAvailable()).isFalse();
            seen.add(server.error());
            return server;
        }
    }

    private CodeMode.Builder codeMode(McpToolSource source) {
        return CodeMode.builder().toolSources(source).approvalHandler(ApprovalHandler.allowAll()).auditSink(audit);
    }

    private void seeEverything(CodeMode codeMode, String server) {
        seen.add(codeMode.call("listToolFiles", Map.of()).text());
        seen.add(codeMode.call("listToolFiles", Map.of("query", server + " lookup")).text());
        seen.add(codeMode.call("readToolFile", Map.of("fileName", "servers/" + server + ".pyi")).text());
        seen.add(codeMode.call("getToolDocs", Map.of("server", server, "tool", "ok")).text());
        seen.add(codeMode.call("executeToolCode", Map.of("code", "result = dir(" + server + ")")).text());
        seen.add(codeMode.call("executeToolCode", Map.of("code", "v, e = try_call(" + server + ".ok)\nresult = e")).text());
        codeMode.auditLog().orElseThrow().flush();
    }

    private void assertNeverShown(String marker) {
        assertThat(seen).as("what was shown").isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(marker));
        assertThat(audit.records().toString()).as("audit records").doesNotContain(marker);
        assertThat(log.lines()).as("Code Mode's log lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(marker));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The FaultMcpServer process ends 200 ms after answering exit (no call meanwhile: it would wait out its timeout). */
    private static void waitUntilExited(String marker) throws Exception {
        List<ProcessHandle> server = ChildProcesses.running(FaultMcpServer.class.getName()).stream()
                .filter(p -> ChildProcesses.commandLine(p).contains(marker)).toList();
        for (ProcessHandle p : server) {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * The log lines Code Mode's own loggers write while it is open (slf4j-simple writes to whatever
     * {@code System.err} is at the time). The MCP SDK's loggers are the SDK's: not checked here.
     */
    static final class LogCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        static LogCapture start() {
            LogCapture capture = new LogCapture();
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    capture.original.write(b);
                    synchronized (capture.captured) {
                        capture.captured.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    capture.original.write(b, off, len);
                    synchronized (capture.captured) {
                        capture.captured.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8));
            return capture;
        }

        List<String> lines() {
            String text;
            synchronized (captured) {
                text = captured.toString(StandardCharsets.UTF_8);
            }
            return text.lines().filter(l -> l.contains(" dev.codemode.")).toList();
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
