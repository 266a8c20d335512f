package dev.codemode.samples.cli;

import static dev.codemode.samples.cli.ServeFixture.ALICE_TOKEN;
import static dev.codemode.samples.cli.ServeFixture.BOB_TOKEN;
import static dev.codemode.samples.cli.ServeFixture.CHAIN;
import static dev.codemode.samples.cli.ServeFixture.META_TOOLS;
import static dev.codemode.samples.cli.ServeFixture.call;
import static dev.codemode.samples.cli.ServeFixture.names;
import static dev.codemode.samples.cli.ServeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code codemode serve --http 0} from the shaded jar, over its upstream servers as stdio processes,
 * driven by clients this project did not write (MCP Java SDK, TypeScript SDK, Inspector CLI) and by raw
 * HTTP for what a client library would not send. Two bearer tokens name two virtual keys with different
 * views; the last test stops the server with SIGTERM and checks that no upstream process is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeHttpIT {

    ServeFixture f;
    Process serve;
    Path stderr;
    String url;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        f = new ServeFixture();
        stderr = f.dir.resolve("serve-stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(f.command(List.of("--direct-tool", "crm.lookup_customer"),
                List.of("--http", "0", "--approval-timeout", "20", "--upstream-concurrency", "50")))
                .redirectError(stderr.toFile()).redirectOutput(f.dir.resolve("serve-stdout.txt").toFile());
        pb.environment().put(ServeFixture.TOKEN_ENV, ALICE_TOKEN);
        serve = pb.start();
        Pattern serving = Pattern.compile("serving MCP at (http://\\S+/mcp)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (url == null && System.nanoTime() < deadline && serve.isAlive()) {
            Matcher m = serving.matcher(Files.readString(stderr));
            if (m.find()) {
                url = m.group(1);
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(url).as("the bound URL on stderr: " + Files.readString(stderr)).isNotNull();
    }

    @AfterAll
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.descendants().forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly();
        }
    }

    McpSyncClient client(String token, Boolean approve) {
        return ServeFixture.javaClient(ServeFixture.http(url, token), approve, null);
    }

    @Test
    @Order(1)
    void should_show_each_token_only_its_keys_tools() {
        try (McpSyncClient alice = client(ALICE_TOKEN, null); McpSyncClient bob = client(BOB_TOKEN, null)) {
            assertThat(names(alice)).containsAll(META_TOOLS).contains("crm__lookup_customer");
            assertThat(names(bob)).containsExactlyInAnyOrderElementsOf(META_TOOLS);
            // hidden from bob's listing, and refused by the core when called by name all the same
            McpSchema.CallToolResult r = call(bob, "crm__lookup_customer", Map.of("customer_id", "c42"));
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).startsWith("no tool crm__lookup_customer");
            String bobsListing = text(call(bob, "listToolFiles", Map.of()));
            assertThat(bobsListing).contains("servers/orders.pyi").doesNotContain("crm");
        }
    }

    @Test
    @Order(2)
    void should_read_a_stub_and_chain_two_servers_in_one_script() {
        try (McpSyncClient alice = client(ALICE_TOKEN, null)) {
            assertThat(text(call(alice, "readToolFile", Map.of("fileName", "servers/orders.pyi"))))
                    .contains("def order_history(");
            McpSchema.CallToolResult r = call(alice, "executeToolCode", Map.of("code", CHAIN));
            assertThat(r.isError()).as(text(r)).isFalse();
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) JsonValues.parse(text(r))).get("result");
            assertThat(result.get("name")).isNotNull();
            assertThat(((Number) result.get("orders")).intValue()).isPositive();
        }
    }

    @Test
    @Order(3)
    void should_ask_through_elicitation_and_run_only_what_the_user_approved() {
        String delete = "result = crm.delete_customer(customer_id=\"c7\")";
        try (McpSyncClient declining = client(ALICE_TOKEN, false)) {
            McpSchema.CallToolResult r = call(declining, "executeToolCode", Map.of("code", delete));
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).contains("approval denied").contains("crm.delete_customer");
        }
        try (McpSyncClient approving = client(ALICE_TOKEN, true)) {
            McpSchema.CallToolResult r = call(approving, "executeToolCode", Map.of("code", delete));
            assertThat(r.isError()).as(text(r)).isFalse();
            assertThat(text(r)).contains("c7");
        }
    }

    @Test
    @Order(4)
    void should_refuse_a_tool_outside_the_allowlist_for_a_client_that_cannot_be_asked() throws Exception {
        String out = f.inspector(List.of(url, "--transport", "http", "--method", "tools/call", "--tool-name",
                "executeToolCode", "--tool-arg", "code=result = crm.delete_customer(customer_id=\"c8\")",
                "--header", "Authorization: Bearer " + ALICE_TOKEN));
        assertThat(out).contains("approval denied").contains("crm.delete_customer").doesNotContain("\"deleted\"");
        String list = f.inspector(List.of(url, "--transport", "http", "--method", "tools/list",
                "--header", "Authorization: Bearer " + BOB_TOKEN));
        assertThat(list).contains("executeToolCode").doesNotContain("crm__lookup_customer");
    }

    @Test
    @Order(5)
    void should_serve_the_typescript_sdk_with_elicitation_and_list_changed() throws Exception {
        Map<?, ?> out = f.typescript(Map.of("mode", "http", "url", url, "token", ALICE_TOKEN, "elicitation", "accept",
                "steps", List.of(List.of("list"),
                        List.of("call", "executeToolCode", Map.of("code", CHAIN)),
                        List.of("call", "executeToolCode", Map.of("code", "result = crm.delete_customer(customer_id=\"c5\")")),
                        List.of("call", "executeToolCode", Map.of("code", "result = lab.add_tool(name=\"ts_added\")")),
                        List.of("waitListChanged", 15000))));
        List<?> results = (List<?>) out.get("results");
        assertThat((List<?>) results.get(0)).containsAll((List) META_TOOLS);
        assertThat(results.get(1).toString()).contains("isError=false");
        assertThat(results.get(2).toString()).contains("isError=false").contains("c5");
        assertThat((List<?>) out.get("elicitations")).hasSize(1);
        assertThat(out.get("elicitations").toString()).contains("crm.delete_customer");
        assertThat(((Number) out.get("listChanged")).intValue()).as(out.toString()).isPositive();
    }

    @Test
    @Order(6)
    void should_notify_a_java_client_when_an_upstream_server_changes_its_tools() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        try (McpSyncClient alice = ServeFixture.javaClient(ServeFixture.http(url, ALICE_TOKEN), null,
                tools -> changed.countDown())) {
            names(alice);
            call(alice, "executeToolCode", Map.of("code", "result = lab.add_tool(name=\"java_added\")"));
            assertThat(changed.await(15, TimeUnit.SECONDS)).as("tools/list_changed").isTrue();
            assertThat(text(call(alice, "readToolFile", Map.of("fileName", "servers/lab.pyi")))).contains("java_added");
        }
    }

    HttpResponse<String> post(String token, String body, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    /** A raw session: initialize and the initialized notification; returns the session id. */
    String session(String token) throws Exception {
        HttpResponse<String> init = post(token, INIT, null);
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
        return session;
    }

    @Test
    @Order(7)
    void should_answer_401_without_a_tool_list_for_a_missing_or_unknown_token() throws Exception {
        for (String token : new String[] {null, "not-a-token", ALICE_TOKEN + "x"}) {
            HttpResponse<String> r = post(token, INIT, null);
            assertThat(r.statusCode()).as("token " + token).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(r.body()).doesNotContain("executeToolCode").doesNotContain("Tomcat").doesNotContain("Exception");
            assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
        }
        String session = session(ALICE_TOKEN);
        HttpResponse<String> other = post(BOB_TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", session);
        assertThat(other.statusCode()).as("bob using alice's session").isIn(401, 403, 404);
        assertThat(other.body()).doesNotContain("crm__lookup_customer");
    }

    @Test
    @Order(8)
    void should_answer_bad_input_with_clean_json_rpc_errors() throws Exception {
        String session = session(ALICE_TOKEN);
        HttpResponse<String> malformed = post(ALICE_TOKEN, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": ", session);
        assertThat(malformed.statusCode()).isBetween(400, 499);
        assertClean(malformed.body());
        HttpResponse<String> unknown = post(ALICE_TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"foo/bar\"}", session);
        assertThat(unknown.body()).contains("-32601");
        assertClean(unknown.body());
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                + "\"arguments\":{\"code\":\"" + "x".repeat(2_000_000) + "\"}}}";
        HttpResponse<String> tooBig = post(ALICE_TOKEN, huge, session);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertClean(tooBig.body());
        HttpResponse<String> noSession = post(ALICE_TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}", null);
        assertThat(noSession.statusCode()).isBetween(400, 499);
        assertClean(noSession.body());
        HttpResponse<String> fromAPage = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + ALICE_TOKEN).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromAPage.statusCode()).as("a browser page's request (DNS rebinding)").isEqualTo(403);
        assertClean(fromAPage.body());
        // the server still serves
        HttpResponse<String> list = post(ALICE_TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}", session);
        assertThat(list.body()).contains("executeToolCode");
    }

    static void assertClean(String body) {
        assertThat(body).doesNotContain("stackTrace").doesNotContain("Tomcat").doesNotContain("java.")
                .doesNotContain("Exception");
    }

    @Test
    @Order(9)
    void should_cancel_and_audit_the_script_of_a_client_that_left() throws Exception {
        String session = session(ALICE_TOKEN);
        String slow = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                + "\"arguments\":{\"code\":\"lab.slow(ms=20000)\\nlab.add_tool(name=\\\"ghost\\\")\\nresult = 1\"}}}";
        URI uri = URI.create(url);
        byte[] body = slow.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Authorization: Bearer " + ALICE_TOKEN + "\r\nMcp-Session-Id: " + session
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            Thread.sleep(1500);
        } // the client goes away mid-script
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<?, ?> cancelled = null;
        while (cancelled == null && System.nanoTime() < deadline) {
            cancelled = f.auditRecords().stream().filter(r -> "cancelled".equals(r.get("outcome"))
                    && String.valueOf(r.get("script")).contains("ghost")).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertThat(cancelled).as("a cancelled execution in the audit: " + f.auditRecords()).isNotNull();
        assertThat(cancelled.get("virtualKey")).isEqualTo("alice");
    }

    @Test
    @Order(10)
    void should_answer_every_one_of_50_concurrent_clients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> replies = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                String token = i % 2 == 0 ? ALICE_TOKEN : BOB_TOKEN;
                String code = i % 2 == 0 ? CHAIN : "result = len(orders.order_history(customer_id=\"c42\")[\"orders\"])";
                replies.add(pool.submit(() -> {
                    try (McpSyncClient c = client(token, null)) {
                        ready.countDown();
                        ready.await(60, TimeUnit.SECONDS);
                        return text(call(c, "executeToolCode", Map.of("code", code)));
                    }
                }));
            }
            List<String> failed = new ArrayList<>();
            for (Future<String> reply : replies) {
                String text = reply.get(120, TimeUnit.SECONDS);
                assertThat(text).as("a reply").isNotBlank();
                if (!text.contains("\"result\"")) {
                    failed.add(text);
                }
            }
            // with --upstream-concurrency 50 no call is turned away as busy
            assertThat(failed).as("replies without a result").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(11)
    void should_keep_tokens_out_of_stderr_and_the_audit_and_stop_everything_on_sigterm() throws Exception {
        List<ProcessHandle> upstream = serve.descendants().toList();
        assertThat(upstream).as("upstream server processes").isNotEmpty();
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve exits on SIGTERM").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (upstream.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(upstream.stream().filter(ProcessHandle::isAlive)).as("upstream processes after serve ended").isEmpty();
        String err = Files.readString(stderr);
        String audit = Files.exists(f.audit) ? Files.readString(f.audit) : "";
        assertThat(audit).contains("\"virtualKey\":\"alice\"").contains("\"virtualKey\":\"bob\"");
        for (String secret : List.of(ALICE_TOKEN, BOB_TOKEN, "not-a-token")) {
            assertThat(err).doesNotContain(secret);
            assertThat(audit).doesNotContain(secret);
        }
    }
}
