package dev.codemode.spring;

import java.util.List;
import java.util.Map;

import dev.codemode.mcp.StdioServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A stand-in for the filesystem MCP server the README's {@code application.yml} starts with
 * {@code npx}: a real MCP server over stdio named {@code files} with the tools the README's settings
 * name ({@code read_text_file}, read-only) and one that writes (destructive). It touches no file.
 */
public final class FilesStdioServer {

    private FilesStdioServer() {
    }

    public static void main(String[] args) throws Exception {
        // stdout carries the protocol: log through slf4j-simple, which writes to stderr, not Logback's console.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        // Serves until the client closes stdin (MCP's stdio shutdown), then the process ends.
        StdioServer.serve(transport -> McpServer.sync(transport)
                .serverInfo(new McpSchema.Implementation("files", "1.0.0"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("read_text_file", "Read a text file.", true), tool("write_file", "Write a file.", false))
                .build());
        System.exit(0);
    }

    private static SyncToolSpecification tool(String name, String description, boolean readOnly) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string")),
                        "required", List.of("path")))
                .annotations(new McpSchema.ToolAnnotations(null, readOnly, !readOnly, readOnly, false, null))
                .build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("(" + name + " " + request.arguments().get("path") + ")").build())
                .build();
    }
}
