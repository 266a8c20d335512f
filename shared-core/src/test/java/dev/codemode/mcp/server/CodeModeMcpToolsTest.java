package dev.codemode.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.CodeMode;
import dev.codemode.Exposure;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.mcp.StdioServer;
import dev.codemode.mcp.testserver.LineClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link CodeModeMcpTools} registers, without a network. */
class CodeModeMcpToolsTest {

    static final Map<String, Object> ODD = Map.of("type", "object",
            "properties", Map.of("x", Map.of("type", "nonsense")));
    static final Map<String, Object> FINE = Map.of("type", "object",
            "properties", Map.of("x", Map.of("type", "string")));

    static CodeMode direct() {
        FunctionToolSource odd = FunctionToolSource.builder("odd")
                .tool("weird", "A tool with a schema JSON Schema refuses.", ODD, args -> "w")
                .tool("plain", "A tool with a usual schema.", FINE, args -> "p")
                .build();
        return CodeMode.builder().toolSources(odd).exposure(Exposure.DIRECT).autoExecute("*").build();
    }

    @Test
    void an_upstream_schema_the_sdk_refuses_is_left_out_and_the_server_still_starts() throws Exception {
        try (CodeMode codeMode = direct(); CodeModeMcpTools tools = CodeModeMcpTools.builder(codeMode).build();
                LineClient client = new LineClient()) {
            List<String> names = tools.specifications().stream().map(s -> s.tool().name()).toList();
            assertThat(names).contains("odd__plain").doesNotContain("odd__weird");

            McpSyncServer server = tools.configure(McpServer.sync(StdioServer.transport(client.serverIn(),
                    client.serverOut(), () -> { })).serverInfo("codemode", "1")).build();
            try {
                client.initialize("{}");
                client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
                assertThat(client.await("\"id\":2", Duration.ofSeconds(10))).contains("odd__plain")
                        .doesNotContain("odd__weird");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void without_the_filter_the_sdk_would_refuse_the_whole_server() throws Exception {
        try (CodeMode codeMode = direct(); LineClient client = new LineClient()) {
            McpServerFeatures.SyncToolSpecification weird = McpServerFeatures.SyncToolSpecification.builder()
                    .tool(io.modelcontextprotocol.spec.McpSchema.Tool.builder("odd__weird", ODD).build())
                    .callHandler((exchange, request) -> null).build();
            assertThatThrownBy(() -> McpServer.sync(StdioServer.transport(client.serverIn(), client.serverOut(), () -> { }))
                    .serverInfo("x", "1").tools(weird).build()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void a_call_beyond_max_in_flight_gets_a_busy_error_at_once() throws Exception {
        FunctionToolSource lab = FunctionToolSource.builder("lab")
                .tool("wait", "Waits a while.", Map.of("type", "object"), args -> {
                    Thread.sleep(2_000);
                    return "done";
                })
                .build();
        try (CodeMode codeMode = CodeMode.builder().toolSources(lab).autoExecute("*").build();
                CodeModeMcpTools tools = CodeModeMcpTools.builder(codeMode).maxInFlight(1).build();
                LineClient client = new LineClient()) {
            McpSyncServer server = tools.configure(McpServer.sync(StdioServer.transport(client.serverIn(),
                    client.serverOut(), () -> { })).serverInfo("codemode", "1")).build();
            try {
                client.initialize("{}");
                client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"executeToolCode\",\"arguments\":{\"code\":\"result = lab.wait()\"}}}");
                Thread.sleep(300);
                long started = System.nanoTime();
                client.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"listToolFiles\",\"arguments\":{}}}");
                String busy = client.await("\"id\":3", Duration.ofSeconds(5));
                assertThat(busy).contains("busy").contains("\"isError\":true");
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_500);
                assertThat(client.await("\"id\":2", Duration.ofSeconds(10))).contains("done")
                        .contains("\"isError\":false");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void builder_refuses_nonsense() {
        try (CodeMode codeMode = direct()) {
            assertThatThrownBy(() -> CodeModeMcpTools.builder(codeMode).maxInFlight(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CodeModeMcpTools.builder(codeMode).approvalTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
