package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.mcp.testserver.LineClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link StdioServer} in process, over pipes: a line that is not a JSON-RPC message no longer ends the
 * session (the SDK's own transport stops reading at the first one), and the server ends with its input.
 */
class StdioServerTest {

    static final McpServerFeatures.SyncToolSpecification ECHO = McpServerFeatures.SyncToolSpecification.builder()
            .tool(McpSchema.Tool.builder("echo", Map.of("type", "object")).description("Echoes.").build())
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                    .addTextContent("echo:" + request.arguments().get("text")).build())
            .build();

    @Test
    void should_answer_after_malformed_lines_and_end_when_stdin_ends() throws Exception {
        try (LineClient client = new LineClient()) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try {
                    StdioServer.serve(client.serverIn(), client.serverOut(), transport -> McpServer.sync(transport)
                            .serverInfo("echo", "1").capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                            .tools(ECHO).build());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(client.initialize("{}")).contains("\"serverInfo\"");

            client.send("this is not json");
            client.send("{\"jsonrpc\":\"2.0\",\"id\":");
            client.send("");
            client.send("[1, 2, 3]");
            client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"text\":\"still here\"}}}");
            assertThat(client.await("\"id\":2", Duration.ofSeconds(10))).contains("echo:still here");

            client.closeInput();
            served.get(5, TimeUnit.SECONDS);
        }
    }
}
