package dev.codemode.spring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An MCP server over streamable HTTP whose one tool, {@code echo_request}, answers with the
 * {@code _meta} and arguments it received: what an upstream server learns about the caller.
 */
final class MetaProbeServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final int port;

    MetaProbeServer() throws Exception {
        Path baseDir = Files.createTempDirectory("codemode-probe");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint("/probe/mcp").sessionSweepInterval(null).build();
        McpSchema.Tool tool = McpSchema.Tool.builder().name("echo_request")
                .description("Returns the _meta and arguments of the request it received.")
                .inputSchema(Map.of("type", "object", "properties", Map.of("note", Map.of("type", "string"))))
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build();
        server = McpServer.sync(provider)
                .serverInfo(new McpSchema.Implementation("probe", "1.0.0"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
                    Map<String, Object> echo = new LinkedHashMap<>();
                    echo.put("meta", request.meta() == null ? Map.of() : request.meta());
                    echo.put("arguments", request.arguments() == null ? Map.of() : request.arguments());
                    return McpSchema.CallToolResult.builder().structuredContent(echo)
                            .addTextContent(String.valueOf(echo)).build();
                }).build())
                .build();
        Tomcat.addServlet(context, "probe", provider).setAsyncSupported(true);
        context.addServletMappingDecoded("/probe/*", "probe");
        tomcat.start();
        port = connector.getLocalPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
