package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.samples.servers.DemoServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the serve ITs share: an mcpServers file with the demo servers crm and orders, a test server
 * {@code lab} (slow calls, tools added at run time) and the npm server-filesystem, all over stdio, plus a
 * {@code "codemode"} section with two keys (alice: everything; bob: orders only) and their bearer tokens
 * (alice's from an environment variable, bob's as a SHA-256 digest); the shaded jar's command line; and
 * the clients this project did not write: the MCP Java SDK, the TypeScript SDK and the Inspector CLI.
 */
final class ServeFixture {

    static final Path NPM = Path.of(System.getProperty("cli.npm", "target/npm")).toAbsolutePath();
    static final Path FILESYSTEM = NPM.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
    static final Path INSPECTOR = NPM.resolve("node_modules/@modelcontextprotocol/inspector-cli/build");
    static final String ALICE_TOKEN = "alice-" + java.util.UUID.randomUUID();
    static final String BOB_TOKEN = "bob-" + java.util.UUID.randomUUID();
    static final String TOKEN_ENV = "CODEMODE_TEST_TOKEN_ALICE";
    static final List<String> META_TOOLS = List.of("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");
    /** crm and orders in one script: what a model would otherwise do in two round trips. */
    static final String CHAIN = """
            c = crm.lookup_customer(customer_id="c42")
            history = orders.order_history(customer_id=c["id"])["orders"]
            result = {"name": c["name"], "orders": len(history)}
            """;

    final Path dir;
    final Path config;
    final Path audit;
    final Path root;

    ServeFixture() throws Exception {
        assertThat(CliRun.JAR).as("the shaded jar (mvn package)").exists();
        assertThat(FILESYSTEM).as("server-filesystem, installed by the build's npm install").exists();
        dir = Files.createTempDirectory("codemode-serve-it").toRealPath();
        root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("notes.txt"), "first line\n");
        audit = dir.resolve("audit.jsonl");
        Map<String, Object> servers = new LinkedHashMap<>();
        for (String name : List.of("crm", "orders")) {
            List<String> command = DemoServers.stdioCommand(name);
            servers.put(name, Map.of("command", command.get(0), "args", command.subList(1, command.size())));
        }
        List<String> lab = ChildJvm.command(TestMcpServer.class, "stdio");
        servers.put("lab", Map.of("command", lab.get(0), "args", lab.subList(1, lab.size())));
        servers.put("files", Map.of("command", "node", "args", List.of(FILESYSTEM.toString(), root.toString())));
        Map<String, Object> codemode = new LinkedHashMap<>();
        codemode.put("toolGroups", Map.of("orders", List.of("orders.*")));
        codemode.put("virtualKeys", Map.of(
                "alice", Map.of("tools", List.of("crm.*", "lab.*", "files.*"), "groups", List.of("orders")),
                "bob", Map.of("groups", List.of("orders"))));
        codemode.put("tokens", Map.of("alice", Map.of("env", TOKEN_ENV), "bob", Map.of("sha256", sha256(BOB_TOKEN))));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("mcpServers", servers);
        file.put("codemode", codemode);
        config = Files.writeString(dir.resolve("mcp.json"), JsonValues.write(file));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code java -jar codemode-cli.jar --config … --audit … <options> serve <serveArgs>}. */
    List<String> command(List<String> options, List<String> serveArgs) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                CliRun.JAR.toAbsolutePath().toString(), "--config", config.toString(), "--audit", audit.toString(),
                "--auto-execute", "crm.lookup_customer", "--auto-execute", "orders.*", "--auto-execute", "lab.*"));
        command.addAll(options);
        command.add("serve");
        command.addAll(serveArgs);
        return command;
    }

    /** The audit file's records (one JSON object per line). */
    List<Map<?, ?>> auditRecords() throws Exception {
        if (!Files.exists(audit)) {
            return List.of();
        }
        List<Map<?, ?>> records = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            if (!line.isBlank()) {
                records.add((Map<?, ?>) JsonValues.parse(line));
            }
        }
        return records;
    }

    /** A Java SDK client (requests may outlast the approval timeout) that approves or declines questions. */
    static McpSyncClient javaClient(McpClientTransport transport, Boolean approve, Consumer<List<McpSchema.Tool>> changes) {
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(90)) // serve connects every upstream server first
                .toolsChangeConsumer(changes == null ? tools -> { } : changes);
        if (approve != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(request -> approve
                            ? new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("approve", true))
                            : new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null));
        }
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    static McpClientTransport http(String url, String token) {
        java.net.URI uri = java.net.URI.create(url);
        HttpClientStreamableHttpTransport.Builder b = HttpClientStreamableHttpTransport
                .builder(uri.getScheme() + "://" + uri.getAuthority()).endpoint(uri.getPath());
        if (token != null) {
            b.addHttpRequestCustomizer((request, method, u, body, context) -> request.header("Authorization", "Bearer " + token));
        }
        return b.build();
    }

    static McpClientTransport stdio(List<String> command) {
        StdioClientTransport t = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).build(), McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        return t;
    }

    static String text(McpSchema.CallToolResult r) {
        return r.content().stream().map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    static List<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    /** The TypeScript SDK client ({@code client.mjs}) with one JSON spec; returns its JSON output. */
    Map<?, ?> typescript(Map<String, Object> spec) throws Exception {
        Path script = NPM.resolve("client.mjs"); // ESM resolves @modelcontextprotocol/sdk from the script's folder
        try (var in = ServeFixture.class.getResourceAsStream("/mcp-clients/client.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        String out = run(List.of("node", script.toString(), JsonValues.write(spec)), null, Map.of());
        return (Map<?, ?>) JsonValues.parse(out);
    }

    /** The Inspector CLI (run from its build folder, as it needs); returns stdout, or throws with its stderr. */
    String inspector(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "index.js"));
        command.addAll(args);
        return run(command, INSPECTOR, Map.of());
    }

    /** Runs a command to its end (60 s at most); stdout, or an AssertionError with exit code and stderr. */
    String run(List<String> command, Path cwd, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not end within 60 s: " + command.get(1));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + ": " + Files.readString(err) + Files.readString(out));
        }
        return Files.readString(out);
    }
}
