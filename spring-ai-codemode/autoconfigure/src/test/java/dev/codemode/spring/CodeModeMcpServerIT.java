package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.samples.servers.DemoServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with Spring AI's MCP client starter (connected to the demo servers and a test
 * server) and server starter becomes a Code Mode gateway with one property: an MCP client this project did
 * not write (the MCP Java SDK's, and the TypeScript SDK's) lists exactly the four meta-tools, runs a script that chains two upstream
 * servers, sees errors flagged, gets its own key's view from its bearer token, approves a script through
 * elicitation and hears {@code tools/list_changed} when an upstream server's tools change. Without a token:
 * 401. No token appears in the application's output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = CodeModeMcpServerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.codemode.mcp-server.enabled=true",
                "spring.ai.codemode.mcp-server.tokens.alice.sha256=" + CodeModeMcpServerIT.ALICE_DIGEST,
                "spring.ai.codemode.mcp-server.tokens.bob.env=CODEMODE_IT_BOB_TOKEN",
                "CODEMODE_IT_BOB_TOKEN=" + CodeModeMcpServerIT.BOB_TOKEN,
                "spring.ai.codemode.mcp-server.approval-timeout=20s",
                // A client that leaves without DELETE keeps its listening stream open: graceful shutdown would wait.
                "server.shutdown=immediate",
                "spring.ai.codemode.tool-groups.reading[0]=crm.lookup_customer",
                "spring.ai.codemode.tool-groups.reading[1]=orders.*",
                "spring.ai.codemode.virtual-keys.alice.tools[0]=*",
                "spring.ai.codemode.virtual-keys.bob.groups[0]=reading",
                "spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                "spring.ai.codemode.auto-execute.tools[1]=orders.*",
                "spring.ai.codemode.auto-execute.tools[2]=billing.list_customers",
                "spring.ai.codemode.direct-tools[0]=billing.list_customers" })
class CodeModeMcpServerIT {

    static final String ALICE_TOKEN = "alice-7f3c9a1e5b2d4f60";
    static final String ALICE_DIGEST = "5d450380b7e241f0d16273d65deb9f5aad04820361898bdb1d66902ce1f7a05a"; // checked below
    static final String BOB_TOKEN = "bob-2e8d6b4a9c1f3e75";
    private static final List<String> META_TOOLS = List.of("listToolFiles", "readToolFile", "getToolDocs",
            "executeToolCode");

    private static final DemoServers.Http DEMO = start();
    private static final EmbeddedMcpHttp LAB = lab();

    @DynamicPropertySource
    static void mcpConnections(DynamicPropertyRegistry registry) {
        for (String server : List.of("crm", "orders", "billing")) {
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".url",
                    () -> "http://127.0.0.1:" + DEMO.port());
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".endpoint",
                    () -> "/" + server + "/mcp");
        }
        registry.add("spring.ai.mcp.client.streamable-http.connections.lab.url", LAB::baseUrl);
        registry.add("spring.ai.mcp.client.streamable-http.connections.lab.endpoint", () -> "/mcp");
    }

    @AfterAll
    static void stopServersAndCheckTheOutput(CapturedOutput output) {
        DEMO.close();
        LAB.close();
        assertThat(output.getAll()).isNotEmpty().doesNotContain(ALICE_TOKEN).doesNotContain(BOB_TOKEN)
                .doesNotContain(ALICE_DIGEST);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void theDigestInThePropertiesIsAlicesToken() throws Exception {
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ALICE_TOKEN.getBytes(StandardCharsets.UTF_8)))).isEqualTo(ALICE_DIGEST);
    }

    @Test
    void aClientSeesExactlyTheFourMetaToolsAndRunsAScriptAcrossTwoServers() {
        try (McpSyncClient bob = client(BOB_TOKEN, null, null)) {
            List<String> names = bob.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(META_TOOLS).doesNotHaveDuplicates();
        }
        try (McpSyncClient alice = client(ALICE_TOKEN, null, null)) {
            // Alice's key sees billing, so its one direct tool is listed for her (and only for her).
            List<String> names = alice.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(META_TOOLS.stream(), java.util.stream.Stream.of(
                            "billing__list_customers")).toList()).doesNotHaveDuplicates();
            assertThat(context.getBeansOfType(ToolCallbackProvider.class)).containsOnlyKeys("codeModeToolCallbacks");

            McpSchema.CallToolResult chained = call(alice, "executeToolCode", Map.of("code", """
                    c = crm.lookup_customer(customer_id="c42")
                    history = orders.order_history(customer_id="c42")
                    result = {"name": c["name"], "orders": len(history["orders"])}
                    """));
            assertThat(chained.isError()).as(text(chained)).isFalse();
            assertThat(text(chained)).contains("\"toolCalls\":2").containsPattern("orders.{0,4}: ?\\d+");

            McpSchema.CallToolResult stub = call(alice, "readToolFile", Map.of("fileName", "servers/orders.pyi"));
            assertThat(stub.isError()).isFalse();
            assertThat(text(stub)).contains("def order_history");
        }
    }

    @Test
    void errorsAreFlaggedAsErrors() {
        try (McpSyncClient bob = client(BOB_TOKEN, null, null)) {
            McpSchema.CallToolResult syntax = call(bob, "executeToolCode", Map.of("code", "nope("));
            assertThat(syntax.isError()).isTrue();
            assertThat(text(syntax)).contains("syntax error").doesNotContain("Exception", "dev.codemode");

            McpSchema.CallToolResult missing = call(bob, "readToolFile", Map.of("fileName", "servers/nowhere.pyi"));
            assertThat(missing.isError()).isTrue();
        }
    }

    @Test
    void twoTokensTwoViewsAndAHiddenToolIsRefused() {
        try (McpSyncClient alice = client(ALICE_TOKEN, null, null); McpSyncClient bob = client(BOB_TOKEN, null, null)) {
            String aliceFiles = text(call(alice, "listToolFiles", Map.of()));
            String bobFiles = text(call(bob, "listToolFiles", Map.of()));
            assertThat(aliceFiles).contains("servers/billing.pyi", "servers/crm.pyi", "servers/orders.pyi");
            assertThat(bobFiles).contains("servers/crm.pyi", "servers/orders.pyi").doesNotContain("billing");

            McpSchema.CallToolResult refused = call(bob, "executeToolCode",
                    Map.of("code", "result = billing.list_customers()"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("billing");

            // Listing is not enforcement: the direct tool bob is not shown, called by name, is refused.
            McpSchema.CallToolResult hidden = call(bob, "billing__list_customers", Map.of());
            assertThat(hidden.isError()).isTrue();
            assertThat(text(hidden)).doesNotContain("\"customers\"");
            assertThat(call(alice, "billing__list_customers", Map.of()).isError()).isFalse();
        }
    }

    @Test
    void withoutAKnownTokenTheEndpointAnswers401AndNoTools() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
        for (String authorization : new String[] { null, "Bearer not-a-token", "Bearer " + ALICE_DIGEST,
                "Basic " + ALICE_TOKEN }) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(response.body()).contains("unauthorized").doesNotContain("listToolFiles", "Exception",
                    "Tomcat");
        }
    }

    @Test
    void aSessionStaysWithTheTokenThatOpenedIt() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpResponse<String> opened = post(ALICE_TOKEN, null, initialize);
        assertThat(opened.statusCode()).isEqualTo(200);
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(ALICE_TOKEN, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        HttpResponse<String> stolen = post(BOB_TOKEN, session, list);
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("listToolFiles", "Exception");
        HttpResponse<String> own = post(ALICE_TOKEN, session, list);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("listToolFiles");
    }

    private HttpResponse<String> post(String token, String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aScriptThatNeedsApprovalAsksTheUserThroughElicitation() {
        List<String> questions = new CopyOnWriteArrayList<>();
        try (McpSyncClient alice = client(ALICE_TOKEN, request -> {
            questions.add(request.message());
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("approve", true));
        }, null)) {
            McpSchema.CallToolResult approved = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c9\")"));
            assertThat(approved.isError()).as(text(approved)).isFalse();
            assertThat(questions).hasSize(1);
            assertThat(questions.get(0)).contains("crm.delete_customer", "customer_id=\"c9\"");
        }
        // A client that cannot be asked (no elicitation capability) gets the usual refusal: no ApprovalHandler bean.
        try (McpSyncClient alice = client(ALICE_TOKEN, null, null)) {
            McpSchema.CallToolResult refused = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c8\")"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("approval", "crm.delete_customer");
        }
    }

    @Test
    void anUpstreamToolListChangeReachesTheClient() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (McpSyncClient alice = client(ALICE_TOKEN, null, tools -> {
            seen.incrementAndGet();
            changed.countDown();
        })) {
            assertThat(text(call(alice, "readToolFile", Map.of("fileName", "servers/lab.pyi"))))
                    .doesNotContain("runtime_probe");
            assertThat(seen).hasValue(0);
            try (McpSyncClient upstream = McpClient.sync(HttpClientStreamableHttpTransport.builder(LAB.baseUrl())
                    .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build()) {
                upstream.initialize();
                upstream.callTool(McpSchema.CallToolRequest.builder("add_tool")
                        .arguments(Map.of("name", "runtime_probe")).build());
            }
            assertThat(changed.await(20, TimeUnit.SECONDS)).as("tools/list_changed received").isTrue();
            assertThat(text(call(alice, "readToolFile", Map.of("fileName", "servers/lab.pyi"))))
                    .contains("def runtime_probe");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTypeScriptSdkClientGetsTheSameRoute() throws Exception {
        Map<?, ?> alice = typeScript(Map.of("mode", "http", "url", "http://127.0.0.1:" + port + "/mcp",
                "token", ALICE_TOKEN, "elicitation", "accept", "steps", List.of(
                        List.of("list"),
                        List.of("call", "executeToolCode", Map.of("code", "c = crm.lookup_customer(customer_id=\"c42\")\n"
                                + "result = {\"name\": c[\"name\"], \"orders\": len(orders.order_history("
                                + "customer_id=\"c42\")[\"orders\"])}")),
                        List.of("call", "executeToolCode", Map.of("code", "nope(")),
                        List.of("call", "executeToolCode", Map.of("code",
                                "result = crm.delete_customer(customer_id=\"c7\")")))));
        List<Object> results = (List<Object>) alice.get("results");
        assertThat((List<Object>) results.get(0)).as(String.valueOf(alice)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(META_TOOLS.stream(), java.util.stream.Stream.of(
                        "billing__list_customers")).toList());
        assertThat((Map<Object, Object>) results.get(1)).containsEntry("isError", false);
        assertThat(String.valueOf(((Map<?, ?>) results.get(1)).get("text"))).contains("\"toolCalls\":2");
        assertThat((Map<Object, Object>) results.get(2)).containsEntry("isError", true);
        assertThat((Map<Object, Object>) results.get(3)).as(String.valueOf(results.get(3))).containsEntry("isError", false);
        assertThat((List<Object>) alice.get("elicitations")).singleElement().asString().contains("crm.delete_customer");

        Map<?, ?> anonymous = typeScript(Map.of("mode", "http", "url", "http://127.0.0.1:" + port + "/mcp",
                "steps", List.of(List.of("list"))));
        assertThat(String.valueOf(anonymous.get("results"))).contains("failure").contains("unauthorized")
                .doesNotContain("listToolFiles");
    }

    /** Runs the TypeScript SDK client (target/npm, installed by the build) with one JSON spec; its JSON answer. */
    private static Map<?, ?> typeScript(Map<String, Object> spec) throws Exception {
        java.nio.file.Path npm = java.nio.file.Path.of(System.getProperty("mcp.npm", "target/npm")).toAbsolutePath();
        assertThat(npm.resolve("node_modules/@modelcontextprotocol/sdk")).as("npm install ran (pre-integration-test)")
                .exists();
        java.nio.file.Path script = npm.resolve("client.mjs");
        try (var in = CodeModeMcpServerIT.class.getResourceAsStream("/mcp-clients/client.mjs")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process node = new ProcessBuilder("node", script.toString(), dev.codemode.json.JsonValues.write(spec))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (var stdout = node.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return (Map<?, ?>) dev.codemode.json.JsonValues.parse(out.strip());
    }

    private McpSyncClient client(String token,
            java.util.function.Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation,
            java.util.function.Consumer<List<McpSchema.Tool>> toolsChanged) {
        McpClient.SyncSpec spec = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .addHttpRequestCustomizer((b, method, uri, body, ctx) -> b.header("Authorization",
                                "Bearer " + token))
                        .build())
                .requestTimeout(Duration.ofSeconds(60));
        if (elicitation != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(elicitation);
        }
        if (toolsChanged != null) {
            spec.toolsChangeConsumer(toolsChanged);
        }
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    private static DemoServers.Http start() {
        try {
            return DemoServers.startHttp(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedMcpHttp lab() {
        try {
            return TestMcpServer.startHttp(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
