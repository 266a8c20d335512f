package dev.codemode.mcp.testserver;

import dev.codemode.mcp.StdioServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.LifecycleException;

/**
 * A real MCP server (MCP Java SDK) whose one tool, {@code what_i_got}, answers with what its
 * {@code tools/call} request carried: the request's {@code _meta} and, over HTTP, the
 * {@code traceparent}/{@code tracestate} request headers. {@code main("stdio")} serves stdio in a
 * child JVM ({@link #stdioCommand()}); {@link #startHttp()} serves streamable HTTP in this JVM.
 */
public final class TraceRecordingMcpServer {

    public static final String NAME = "traced";
    private static final List<String> HEADERS = List.of("traceparent", "tracestate");

    private TraceRecordingMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        StdioServer.serve(transport -> build(McpServer.sync(transport)));
        System.exit(0);
    }

    public static List<String> stdioCommand() {
        return ChildJvm.command(TraceRecordingMcpServer.class, "stdio");
    }

    public static EmbeddedMcpHttp startHttp() throws LifecycleException {
        return EmbeddedMcpHttp.start(0, request -> {
            Map<String, Object> headers = new LinkedHashMap<>();
            for (String name : HEADERS) {
                if (request.getHeader(name) != null) {
                    headers.put(name, request.getHeader(name));
                }
            }
            return McpTransportContext.create(Map.of("headers", headers));
        }, provider -> build(McpServer.sync(provider)));
    }

    private static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("what_i_got")
                .description("What the request carried: its _meta and its trace headers.")
                .inputSchema(Map.of("type", "object", "properties", Map.of()))
                .build();
        return spec.serverInfo(new McpSchema.Implementation("trace-recorder", "Trace recorder", "1.0.0"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
                    Map<String, Object> got = new LinkedHashMap<>();
                    got.put("meta", request.meta() == null ? Map.of() : request.meta());
                    McpTransportContext context = exchange.transportContext();
                    Object headers = context == null ? null : context.get("headers");
                    got.put("headers", headers == null ? Map.of() : headers);
                    return McpSchema.CallToolResult.builder().structuredContent(got).build();
                }).build())
                .build();
    }
}
