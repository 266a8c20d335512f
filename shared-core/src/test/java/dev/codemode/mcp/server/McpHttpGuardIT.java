package dev.codemode.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.BearerTokens;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link McpHttpGuard} over real HTTP (embedded Tomcat, the SDK's streamable transport behind it), attacked:
 * every way of not presenting exactly one known bearer token gets 401 before any MCP processing, a session
 * cannot be used by another key, and error bodies say nothing about the server's insides. Tokens never
 * reach the logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpHttpGuardIT {

    static final String ALICE = "s3cret-alice-7f1e2d";
    static final String BOB = "s3cret-bob-9c8b7a";
    static final String INIT = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
    static final String WHOAMI = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";

    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr;
    EmbeddedMcpHttp served;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new CodeModeMcpServerIT.TeeStream(originalErr, logs), true, StandardCharsets.UTF_8));
        BearerTokens tokens = BearerTokens.builder().token("alice", ALICE).sha256("bob", sha256Hex(BOB)).build();
        McpServerFeatures.SyncToolSpecification whoami = McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("whoami", Map.of("type", "object")).description("The caller's key id.").build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("key=" + McpHttpGuard.keyId(exchange.transportContext())).build())
                .build();
        served = EmbeddedMcpHttp.start(0, McpHttpGuard::context, McpHttpGuard.bearer(tokens),
                provider -> McpServer.sync(provider).serverInfo("guarded", "1").immediateExecution(true)
                        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                        .tools(whoami).build());
    }

    @AfterAll
    void stop() {
        try {
            if (served != null) {
                served.close();
            }
        } finally {
            System.setErr(originalErr);
        }
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(ALICE).doesNotContain(BOB);
    }

    HttpRequest.Builder post(String body, String... headers) {
        return postTo("/mcp", body, headers);
    }

    HttpRequest.Builder postTo(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).as("no session was created").isEmpty();
        assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":")
                .contains("unauthorized").doesNotContain("whoami").doesNotContain("guarded");
        CodeModeMcpServerIT.assertClean(response.body());
    }

    String session(String token) throws Exception {
        HttpResponse<String> init = send(post(INIT, "Authorization", "Bearer " + token));
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Authorization", "Bearer " + token, "Mcp-Session-Id", session));
        return session;
    }

    @Test
    void a_known_token_reaches_the_tools_as_its_key_id() throws Exception {
        String session = session(ALICE);
        HttpResponse<String> call = send(post(WHOAMI, "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", session));
        assertThat(call.body()).contains("key=alice");

        String bobs = session(BOB);      // stored as a digest
        assertThat(send(post(WHOAMI, "Authorization", "bearer  " + BOB, "Mcp-Session-Id", bobs)).body())
                .as("scheme in any case, extra spaces before the token").contains("key=bob");
    }

    @Test
    void a_missing_header_gets_401_and_no_tool_list() throws Exception {
        assertUnauthorized(send(post(INIT)));
        assertUnauthorized(send(post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{}}")));
        assertUnauthorized(http.send(HttpRequest.newBuilder(URI.create(served.baseUrl() + "/mcp"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void unknown_prefixed_extended_and_empty_tokens_get_401() throws Exception {
        for (String header : List.of("Bearer nope", "Bearer " + ALICE.substring(0, ALICE.length() - 1),
                "Bearer " + ALICE.substring(0, 3), "Bearer " + ALICE + "x", "Bearer x" + ALICE, "Bearer ",
                "Bearer " + ALICE.toUpperCase(), "Bearer " + sha256Hex(BOB))) {
            assertUnauthorized(send(post(INIT, "Authorization", header)));
        }
    }

    @Test
    void another_scheme_or_a_bare_token_gets_401() throws Exception {
        for (String header : List.of("Basic " + ALICE, "Token " + ALICE, ALICE, "Bearer:" + ALICE, "Bearer" + ALICE)) {
            assertUnauthorized(send(post(INIT, "Authorization", header)));
        }
    }

    @Test
    void two_authorization_headers_get_401_even_if_both_are_valid() throws Exception {
        assertUnauthorized(send(post(INIT, "Authorization", "Bearer " + ALICE, "Authorization", "Bearer nope")));
        assertUnauthorized(send(post(INIT, "Authorization", "Bearer nope", "Authorization", "Bearer " + ALICE)));
        assertUnauthorized(send(post(INIT, "Authorization", "Bearer " + ALICE, "Authorization", "Bearer " + BOB)));
    }

    @Test
    void a_token_in_the_query_string_is_ignored() throws Exception {
        for (String query : List.of("?access_token=", "?token=", "?authorization=Bearer%20")) {
            assertUnauthorized(send(postTo("/mcp" + query + ALICE, INIT)));
        }
    }

    @Test
    void another_key_cannot_use_a_session_it_did_not_create() throws Exception {
        String alices = session(ALICE);
        HttpResponse<String> stolen = send(post(WHOAMI, "Authorization", "Bearer " + BOB, "Mcp-Session-Id", alices));
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("key=");
        CodeModeMcpServerIT.assertClean(stolen.body());
        HttpResponse<String> listen = http.send(HttpRequest.newBuilder(URI.create(served.baseUrl() + "/mcp"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + BOB)
                .header("Mcp-Session-Id", alices).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listen.statusCode()).as("bob cannot open alice's notification stream").isEqualTo(404);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(served.baseUrl() + "/mcp"))
                .header("Authorization", "Bearer " + BOB).header("Mcp-Session-Id", alices).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).as("bob cannot end alice's session").isEqualTo(404);

        assertThat(send(post(WHOAMI, "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", alices)).body())
                .as("alice's session still works").contains("key=alice");
    }

    @Test
    void error_bodies_are_short_json_rpc_errors_without_internals() throws Exception {
        String session = session(ALICE);
        HttpResponse<String> malformed = send(post("{not json", "Authorization", "Bearer " + ALICE,
                "Mcp-Session-Id", session));
        HttpResponse<String> noSession = send(post(WHOAMI, "Authorization", "Bearer " + ALICE));
        HttpResponse<String> unknownSession = send(post(WHOAMI, "Authorization", "Bearer " + ALICE,
                "Mcp-Session-Id", "no-such-session"));
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(served.baseUrl() + "/mcp"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "text/plain")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tooBig = send(post("{\"x\":\"" + "y".repeat(EmbeddedMcpHttp.MAX_REQUEST_BYTES) + "\"}",
                "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", session));
        for (HttpResponse<String> r : List.of(malformed, noSession, unknownSession, wrongType, tooBig)) {
            assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(400);
            assertThat(r.body()).as("status " + r.statusCode()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{")
                    .hasSizeLessThan(300);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            CodeModeMcpServerIT.assertClean(r.body());
        }
        assertThat(List.of(malformed.statusCode(), noSession.statusCode(), unknownSession.statusCode(),
                wrongType.statusCode(), tooBig.statusCode())).containsExactly(400, 400, 404, 415, 413);
    }

    @Test
    void tokens_are_never_in_to_string() {
        BearerTokens tokens = BearerTokens.builder().token("alice", ALICE).sha256("bob", sha256Hex(BOB)).build();
        assertThat(tokens.toString()).contains("alice").contains("bob").doesNotContain(ALICE)
                .doesNotContain(sha256Hex(BOB)).doesNotContain(sha256Hex(ALICE));
        assertThat(tokens.keyIds()).containsExactly("alice", "bob");
    }

    static String sha256Hex(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, d));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
