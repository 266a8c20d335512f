package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.ChildProcesses;
import dev.codemode.mcp.testserver.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link McpToolSource} against a real MCP server ({@link TestMcpServer}) over both transports: a
 * separate JVM over stdio, and embedded Tomcat over streamable HTTP. Every client and process is
 * closed; the stdio tests check that no server process outlives its source.
 */
class McpToolSourceIT {

    /** What both transports must do alike. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        McpToolSource source;

        /** A new source owning a new client to a server of this transport. */
        abstract McpToolSource open(Duration requestTimeout);

        /** A server of its own with a source on it, and a way to kill that server. */
        abstract Disposable openDisposable();

        record Disposable(McpToolSource source, Runnable kill) {
        }

        @BeforeAll
        void openShared() {
            source = open(Duration.ofSeconds(30));
        }

        @AfterAll
        void closeShared() {
            if (source != null) {
                source.close();
            }
        }

        @Test
        void should_list_tools_with_schemas_annotations_and_output_schema() {
            Map<String, ToolDescriptor> tools = source.listTools().stream()
                    .collect(Collectors.toMap(ToolDescriptor::name, d -> d));

            assertThat(tools).containsKeys("lookup-customer", "search_customers", "delete_customer",
                    "order_history", "echo", "fail", "slow", "add_tool", "chart");
            ToolDescriptor lookup = tools.get("lookup-customer");
            assertThat(lookup.server()).isEqualTo("crm");
            assertThat(lookup.description()).isEqualTo("One customer by id.");
            assertThat(lookup.inputSchema()).containsEntry("type", "object").containsEntry("required", List.of("customer_id"));
            assertThat(lookup.outputSchema()).containsEntry("type", "object");
            assertThat(new java.util.HashSet<Object>(((Map<?, ?>) lookup.outputSchema().get("properties")).keySet()))
                    .containsOnly("id", "name", "email", "tier");
            assertThat(lookup.annotations().isReadOnly()).isTrue();
            assertThat(lookup.annotations().openWorldHint()).isFalse();
            assertThat(tools.get("delete_customer").annotations().isDestructive()).isTrue();
            assertThat(tools.get("echo").outputSchema()).isNull();
            assertThat(source.description()).isEqualTo(TestMcpServer.INSTRUCTIONS);
        }

        @Test
        void should_return_structured_content_as_a_map() {
            ToolResult result = source.callTool("lookup-customer", Map.of("customer_id", "c2"));

            assertThat(result.isError()).isFalse();
            assertThat(result.value()).isEqualTo(TestMcpServer.CUSTOMERS.get("c2"));
        }

        @Test
        void should_parse_json_text_and_thread_one_result_into_the_next_call() {
            List<?> found = (List<?>) source.callTool("search_customers", Map.of("query", "grace")).value();
            assertThat(found).hasSize(1);
            Object id = ((Map<?, ?>) found.get(0)).get("id");

            List<?> orders = (List<?>) source.callTool("order_history", Map.of("customer_id", id)).value();

            assertThat(orders).hasSize(3);
            assertThat(((Map<?, ?>) orders.get(2)).get("order_id")).isEqualTo("c3-o3");
            assertThat(((Number) ((Map<?, ?>) orders.get(2)).get("total")).intValue()).isEqualTo(90);
        }

        @Test
        void should_keep_plain_text_as_a_string() {
            assertThat(source.callTool("echo", Map.of("text", "hello, world")).value()).isEqualTo("hello, world");
        }

        @Test
        void should_describe_images_without_the_bytes() {
            assertThat(source.callTool("chart", Map.of()).value())
                    .isEqualTo(Map.of("type", "image", "mimeType", "image/png", "bytes", (long) TestMcpServer.PNG.length));
        }

        @Test
        void should_turn_is_error_into_an_error_result_with_the_servers_message() {
            ToolResult result = source.callTool("fail", Map.of("message", "customer c9 is locked"));

            assertThat(result.isError()).isTrue();
            assertThat(result.error()).isEqualTo("customer c9 is locked");
        }

        @Test
        void should_throw_a_clear_one_line_message_for_an_unknown_tool() {
            assertThatThrownBy(() -> source.callTool("lookup_customr", Map.of()))
                    .isInstanceOf(ToolCallException.class)
                    .hasMessageStartingWith("crm.lookup_customr failed: ")
                    .hasMessageContaining("lookup_customr")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
        }

        @Test
        void should_time_out_with_the_request_timeout_and_stay_usable() {
            // The SDK bounds the initialize request by the request timeout too: leave room for a JVM to start.
            try (McpToolSource quick = open(Duration.ofSeconds(3))) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> quick.callTool("slow", Map.of("ms", 10_000)))
                        .isInstanceOf(ToolCallException.class)
                        .hasMessage("crm.slow timed out after 3 s");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));

                assertThat(quick.callTool("echo", Map.of("text", "still here")).value()).isEqualTo("still here");
            }
        }

        @Test
        void should_answer_every_call_correctly_from_8_threads() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    Callable<List<String>> calls = () -> {
                        List<String> wrong = new ArrayList<>();
                        for (int i = 0; i < 25; i++) {
                            String text = "t" + thread + "-" + i;
                            Object echoed = source.callTool("echo", Map.of("text", text)).value();
                            if (!text.equals(echoed)) {
                                wrong.add(text + " -> " + echoed);
                            }
                            String id = "c" + (1 + (thread + i) % 3);
                            Object customer = source.callTool("lookup-customer", Map.of("customer_id", id)).value();
                            if (!TestMcpServer.CUSTOMERS.get(id).equals(customer)) {
                                wrong.add(id + " -> " + customer);
                            }
                        }
                        return wrong;
                    };
                    futures.add(pool.submit(calls));
                }
                List<String> wrong = new ArrayList<>();
                for (Future<List<String>> f : futures) {
                    wrong.addAll(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(wrong).isEmpty();
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void should_refresh_the_catalog_when_the_server_announces_new_tools() throws Exception {
            try (McpToolSource own = open(Duration.ofSeconds(30))) {
                ToolCatalog catalog = ToolCatalog.of(own);
                assertThat(toolNames(catalog)).doesNotContain("added-later");

                own.callTool("add_tool", Map.of("name", "added-later"));

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!toolNames(catalog).contains("added-later") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(toolNames(catalog)).contains("added-later");
                assertThat(own.callTool("added-later", Map.of()).value()).isEqualTo("I am added-later");
            }
        }

        @Test
        void should_fail_calls_and_mark_the_server_unavailable_once_it_is_dead() {
            Disposable disposable = openDisposable();
            try (McpToolSource dying = disposable.source()) {
                assertThat(dying.callTool("echo", Map.of("text", "alive")).value()).isEqualTo("alive");

                disposable.kill().run();

                long start = System.nanoTime();
                assertThatThrownBy(() -> dying.callTool("echo", Map.of("text", "anyone?")))
                        .isInstanceOf(ToolCallException.class)
                        .hasMessage("server crm is not connected");
                CatalogServer server = ToolCatalog.of(dying).view().servers().get(0);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast, not by timeout")
                        .isLessThan(Duration.ofSeconds(4));
                assertThat(server.isAvailable()).isFalse();
                assertThat(server.error()).isEqualTo("server crm is not connected");
                assertThat(server.tools()).isEmpty();
            }
        }

        @Test
        void should_refuse_calls_after_close() {
            McpToolSource closing = open(Duration.ofSeconds(30));
            closing.close();
            closing.close();

            assertThatThrownBy(() -> closing.callTool("echo", Map.of("text", "x")))
                    .isInstanceOf(ToolCallException.class)
                    .hasMessage("server crm is not connected");
            assertThatThrownBy(closing::listTools).hasMessage("server crm is not connected");
        }

        static Set<String> toolNames(ToolCatalog catalog) {
            return catalog.view().servers().get(0).tools().stream()
                    .map(t -> t.descriptor().name())
                    .collect(Collectors.toSet());
        }
    }

    @Nested
    class Stdio extends Contract {

        @Override
        McpToolSource open(Duration requestTimeout) {
            List<String> command = TestMcpServer.stdioCommand();
            return McpToolSource.builder(TestMcpServer.NAME)
                    .stdio(command.get(0), command.subList(1, command.size()), Map.of())
                    .requestTimeout(requestTimeout)
                    .build();
        }

        @Override
        Disposable openDisposable() {
            Set<Long> before = serverProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
            McpToolSource source = open(Duration.ofSeconds(5));
            List<ProcessHandle> started = serverProcesses().stream().filter(p -> !before.contains(p.pid())).toList();
            assertThat(started).hasSize(1);
            return new Disposable(source, () -> {
                started.get(0).destroyForcibly();
                started.get(0).onExit().join();
            });
        }

        @Test
        void should_leave_no_server_process_behind_after_close() {
            Set<Long> before = serverProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
            McpToolSource own = open(Duration.ofSeconds(30));
            List<ProcessHandle> started = serverProcesses().stream().filter(p -> !before.contains(p.pid())).toList();
            assertThat(started).hasSize(1);
            assertThat(own.callTool("echo", Map.of("text", "hi")).value()).isEqualTo("hi");

            own.close();

            assertThat(started.get(0).isAlive()).isFalse();
        }

        @Test
        void should_fail_fast_and_leave_nothing_running_when_the_server_does_not_start() {
            assertThatThrownBy(() -> McpToolSource.builder("ghost")
                    .stdio(TestMcpServer.stdioCommand().get(0), List.of("-cp", "/nonexistent", "NoSuchMain"), Map.of())
                    .initializationTimeout(Duration.ofSeconds(30))
                    .build())
                    .isInstanceOf(IllegalStateException.class)
                    // noticed when the process exits, not after the 30 s handshake timeout, and told why;
                    // the command line and stderr go to the log only (they may hold credentials)
                    .hasMessage("server ghost exited before it answered the MCP handshake")
                    .hasMessageNotContaining("NoSuchMain");
        }

        @Test
        void should_connect_through_a_launcher_whose_child_is_the_server() {
            List<String> server = TestMcpServer.stdioCommand();
            String script = "\"$@\"; exit $?"; // sh stays as the parent, the server is its child
            List<String> launcher = new java.util.ArrayList<>(List.of("-c", script, "sh"));
            launcher.addAll(server);
            try (McpToolSource launched = McpToolSource.builder("launched").stdio("sh", launcher, Map.of())
                    .initializationTimeout(Duration.ofSeconds(30)).build()) {
                assertThat(launched.callTool("echo", Map.of("text", "hi")).value()).isEqualTo("hi");
            }
        }

        @Override
        @AfterAll
        void closeShared() {
            super.closeShared();
            assertThat(serverProcesses()).as("server processes left after every source closed").isEmpty();
        }

        List<ProcessHandle> serverProcesses() {
            return ChildProcesses.running(TestMcpServer.class.getName());
        }
    }

    @Nested
    class Http extends Contract {

        EmbeddedMcpHttp server;

        @Override
        @BeforeAll
        void openShared() {
            try {
                server = TestMcpServer.startHttp(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            super.openShared();
        }

        @Override
        @AfterAll
        void closeShared() {
            super.closeShared();
            server.close();
        }

        @Override
        McpToolSource open(Duration requestTimeout) {
            return McpToolSource.builder(TestMcpServer.NAME)
                    .streamableHttp(server.baseUrl())
                    .requestTimeout(requestTimeout)
                    .build();
        }

        @Override
        Disposable openDisposable() {
            EmbeddedMcpHttp own;
            try {
                own = TestMcpServer.startHttp(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            McpToolSource source = McpToolSource.builder(TestMcpServer.NAME)
                    .streamableHttp(own.baseUrl())
                    .requestTimeout(Duration.ofSeconds(5))
                    .build();
            return new Disposable(source, own::close);
        }

        @Test
        void should_wrap_a_callers_client_without_closing_it() {
            Function<String, McpSyncClient> newClient = url -> McpClient
                    .sync(HttpClientStreamableHttpTransport.builder(url).build())
                    .requestTimeout(Duration.ofSeconds(10))
                    .build();
            try (McpSyncClient client = newClient.apply(server.baseUrl())) {
                McpToolSource wrapped = McpToolSource.of("crm", client);
                assertThat(wrapped.listTools()).extracting(ToolDescriptor::name).contains("echo");

                wrapped.close();

                assertThat(client.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("echo",
                        Map.of("text", "mine"))).isError()).isNotEqualTo(Boolean.TRUE);
                assertThat(wrapped.description()).isEqualTo(TestMcpServer.INSTRUCTIONS);
            }
        }
    }
}
