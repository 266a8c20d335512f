package dev.codemode.samples.cli;

import static dev.codemode.samples.cli.ServeFixture.CHAIN;
import static dev.codemode.samples.cli.ServeFixture.META_TOOLS;
import static dev.codemode.samples.cli.ServeFixture.call;
import static dev.codemode.samples.cli.ServeFixture.names;
import static dev.codemode.samples.cli.ServeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code codemode serve} over stdio from the shaded jar, started by the clients themselves as a desktop
 * client would (command + args): the MCP Java SDK, the TypeScript SDK and the Inspector CLI; and a raw
 * pipe for malformed input and a client that goes away mid-script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeStdioIT {

    ServeFixture f;

    @BeforeAll
    void setUp() throws Exception {
        f = new ServeFixture();
    }

    List<String> serve(String key, String... serveArgs) {
        return f.command(key == null ? List.of() : List.of("--key", key), List.of(serveArgs));
    }

    @Test
    void should_list_read_chain_and_ask_through_elicitation_for_the_java_sdk() {
        try (McpSyncClient alice = ServeFixture.javaClient(ServeFixture.stdio(serve("alice")), true, null)) {
            assertThat(names(alice)).containsExactlyInAnyOrderElementsOf(META_TOOLS);
            assertThat(text(call(alice, "listToolFiles", Map.of()))).contains("servers/crm.pyi").contains("servers/files.pyi");
            assertThat(text(call(alice, "readToolFile", Map.of("fileName", "servers/crm.pyi"))))
                    .contains("def lookup_customer(");
            McpSchema.CallToolResult chained = call(alice, "executeToolCode", Map.of("code", CHAIN));
            assertThat(chained.isError()).as(text(chained)).isFalse();
            assertThat(text(chained)).contains("\"orders\"");
            McpSchema.CallToolResult approved = call(alice, "executeToolCode",
                    Map.of("code", "result = crm.delete_customer(customer_id=\"c3\")"));
            assertThat(approved.isError()).as(text(approved)).isFalse();
            assertThat(text(approved)).contains("c3");
        }
    }

    @Test
    void should_show_the_view_of_the_key_chosen_by_the_flag() {
        try (McpSyncClient bob = ServeFixture.javaClient(ServeFixture.stdio(serve("bob")), null, null)) {
            String listing = text(call(bob, "listToolFiles", Map.of()));
            assertThat(listing).contains("servers/orders.pyi").doesNotContain("crm").doesNotContain("files");
            McpSchema.CallToolResult r = call(bob, "executeToolCode", Map.of("code", CHAIN));
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).contains("crm");
        }
    }

    @Test
    void should_serve_the_inspector_cli_and_refuse_what_it_cannot_be_asked_about() throws Exception {
        List<String> command = serve("alice");
        List<String> list = new java.util.ArrayList<>(List.of(command.get(0), "--method", "tools/list", "--"));
        list.addAll(command.subList(1, command.size()));
        assertThat(f.inspector(list)).contains("executeToolCode").contains("readToolFile");
        List<String> refused = new java.util.ArrayList<>(List.of(command.get(0), "--method", "tools/call", "--tool-name",
                "executeToolCode", "--tool-arg", "code=result = crm.delete_customer(customer_id=\"c4\")", "--"));
        refused.addAll(command.subList(1, command.size()));
        assertThat(f.inspector(refused)).contains("approval denied").contains("crm.delete_customer")
                .doesNotContain("\"deleted\"");
    }

    @Test
    void should_send_list_changed_to_the_typescript_sdk_after_an_upstream_change() throws Exception {
        List<String> command = serve("alice");
        Map<?, ?> out = f.typescript(Map.of("mode", "stdio", "command", command.get(0),
                "args", command.subList(1, command.size()), "elicitation", "accept",
                "steps", List.of(List.of("list"),
                        List.of("call", "executeToolCode", Map.of("code", CHAIN)),
                        List.of("call", "executeToolCode", Map.of("code", "result = lab.add_tool(name=\"stdio_added\")")),
                        List.of("waitListChanged", 15000),
                        List.of("call", "readToolFile", Map.of("fileName", "servers/lab.pyi")))));
        List<?> results = (List<?>) out.get("results");
        assertThat((List<?>) results.get(0)).containsAll((List) META_TOOLS);
        assertThat(results.get(1).toString()).contains("isError=false");
        assertThat(((Number) out.get("listChanged")).intValue()).as(out.toString()).isPositive();
        assertThat(results.get(4).toString()).contains("stdio_added");
    }

    /** A raw pipe: lines in, replies out. */
    static final class Pipe implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

        Pipe(List<String> command, Path stderr) throws Exception {
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        replies.add(line);
                    }
                } catch (Exception e) {
                    // the process ended
                }
            }, "serve-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) throws Exception {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** The next line that answers {@code id}. */
        Map<?, ?> reply(int id) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = replies.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith("{")) {
                    Map<?, ?> message = (Map<?, ?>) JsonValues.parse(line);
                    if (message.get("id") instanceof Number n && n.intValue() == id) {
                        return message;
                    }
                }
            }
            throw new AssertionError("no reply to request " + id);
        }

        void initialize() throws Exception {
            send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            assertThat(reply(1).get("result")).isNotNull();
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    @Test
    void should_survive_malformed_input_and_unknown_methods_and_end_with_stdin() throws Exception {
        Path stderr = f.dir.resolve("malformed-stderr.txt");
        try (Pipe pipe = new Pipe(serve("alice"), stderr)) {
            pipe.initialize();
            pipe.send("this is not json");
            pipe.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"foo/bar\"}");
            Map<?, ?> unknown = pipe.reply(2);
            assertThat(((Map<?, ?>) unknown.get("error")).get("code")).isEqualTo(-32601);
            pipe.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                    + "\"arguments\":{\"code\":\"" + "x = 1\\n".repeat(200_000) + "\"}}}");
            Map<?, ?> huge = pipe.reply(3);
            assertThat(JsonValues.write(huge)).contains("isError").doesNotContain("Exception");
            pipe.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
            assertThat(JsonValues.write(pipe.reply(4))).contains("executeToolCode");
            List<ProcessHandle> upstream = pipe.process.descendants().toList();
            pipe.in.close(); // the client ends
            assertThat(pipe.process.waitFor(30, TimeUnit.SECONDS)).as("serve ends with stdin").isTrue();
            assertThat(pipe.process.exitValue()).isZero();
            awaitGone(upstream);
        }
        assertThat(Files.readString(stderr)).doesNotContain("Exception");
    }

    @Test
    void should_cancel_and_audit_a_script_whose_client_went_away() throws Exception {
        try (Pipe pipe = new Pipe(serve("alice"), f.dir.resolve("cancel-stderr.txt"))) {
            pipe.initialize();
            pipe.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"executeToolCode\","
                    + "\"arguments\":{\"code\":\"lab.slow(ms=20000)\\nlab.add_tool(name=\\\"stdio_ghost\\\")\\nresult = 1\"}}}");
            Thread.sleep(1500);
            List<ProcessHandle> upstream = pipe.process.descendants().toList();
            pipe.in.close(); // mid-script
            assertThat(pipe.process.waitFor(30, TimeUnit.SECONDS)).as("serve ends with stdin").isTrue();
            awaitGone(upstream);
        }
        assertThat(f.auditRecords()).anySatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("cancelled");
            assertThat(String.valueOf(r.get("script"))).contains("stdio_ghost");
            assertThat(r.get("virtualKey")).isEqualTo("alice");
        });
    }

    @Test
    void should_refuse_a_public_bind_without_tokens_and_bind_without_http() throws Exception {
        Path open = Files.writeString(f.dir.resolve("open.json"), Files.readString(f.config)
                .replaceAll(",\"codemode\":.*}$", "}"));
        assertThat(open).content().doesNotContain("\"codemode\"");
        CliRun publicBind = CliRun.ofJar(f.dir, Duration.ofSeconds(60), "", List.of("--config", open.toString(),
                "serve", "--http", "0", "--bind", "0.0.0.0"));
        assertThat(publicBind.exit()).isEqualTo(2);
        assertThat(publicBind.err()).contains("--bind 0.0.0.0 is not a loopback address").contains("tokens");
        CliRun bindStdio = CliRun.ofJar(f.dir, Duration.ofSeconds(60), "", List.of("--config", open.toString(),
                "serve", "--bind", "127.0.0.2"));
        assertThat(bindStdio.exit()).isEqualTo(2);
        assertThat(bindStdio.err()).contains("--bind applies to --http only");
    }

    @Test
    void should_list_a_server_that_is_down_and_serve_the_others() throws Exception {
        List<String> crm = dev.codemode.samples.servers.DemoServers.stdioCommand("crm");
        List<String> orders = dev.codemode.samples.servers.DemoServers.stdioCommand("orders");
        Path withDead = Files.writeString(f.dir.resolve("with-dead.json"), JsonValues.write(Map.of("mcpServers", Map.of(
                "crm", Map.of("command", crm.get(0), "args", crm.subList(1, crm.size())),
                "orders", Map.of("command", orders.get(0), "args", orders.subList(1, orders.size())),
                "dead", Map.of("command", "false")))));
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                CliRun.JAR.toAbsolutePath().toString(), "--config", withDead.toString(), "--timeout", "10", "--auto-execute",
                "crm.lookup_customer", "serve");
        try (McpSyncClient client = ServeFixture.javaClient(ServeFixture.stdio(command), null, null)) {
            assertThat(text(call(client, "listToolFiles", Map.of()))).contains("servers/crm.pyi").contains("dead")
                    .contains("unavailable");
            McpSchema.CallToolResult r = call(client, "executeToolCode",
                    Map.of("code", "result = crm.lookup_customer(customer_id=\"c42\")[\"id\"]"));
            assertThat(text(r)).contains("c42");
        }
    }

    static void awaitGone(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive)).as("upstream processes left").isEmpty();
    }
}
