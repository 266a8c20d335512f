package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.samples.servers.DemoServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = CodeModeMcpServerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.ai.mcp.server.protocol=STREAMABLE")
class CodeModeMcpServerIT {

    private static final DemoServers.Http DEMO = start();

    @DynamicPropertySource
    static void mcpConnections(DynamicPropertyRegistry registry) {
        for (String server : List.of("crm", "orders")) {
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".url",
                    () -> "http://127.0.0.1:" + DEMO.port());
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".endpoint",
                    () -> "/" + server + "/mcp");
        }
    }

    @AfterAll
    static void stopServers() {
        DEMO.close();
    }

    @LocalServerPort
    int port;

    @Test
    void springAisServerRunsOnTheMcpSdkThisProjectPins() {
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            System.out.println("TOOLS " + names);
            McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder("executeToolCode")
                    .arguments(java.util.Map.of("code", "nope(")).build());
            System.out.println("RESULT " + r);
            assertThat(names).isNotEmpty();
        }
    }

    private static DemoServers.Http start() {
        try {
            return DemoServers.startHttp(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
