package dev.codemode.mcp.testserver;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import jakarta.servlet.Filter;
import org.apache.coyote.AbstractProtocol;

/**
 * An MCP server over streamable HTTP in embedded Tomcat on 127.0.0.1, for tests: the test servers
 * build their {@link McpSyncServer} on the transport this class makes; {@link #close()} stops both.
 */
public final class EmbeddedMcpHttp implements AutoCloseable {

    /** The request size limit of a guarded server. */
    public static final int MAX_REQUEST_BYTES = 1_000_000;

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final int port;
    private final Path baseDir;

    private EmbeddedMcpHttp(Tomcat tomcat, McpSyncServer server, int port, Path baseDir) {
        this.tomcat = tomcat;
        this.server = server;
        this.port = port;
        this.baseDir = baseDir;
    }

    /** Serves {@code /mcp} on {@code port} (0 for a free one) with the server {@code build} makes. */
    public static EmbeddedMcpHttp start(int port, Function<HttpServletStreamableServerTransportProvider, McpSyncServer> build)
            throws LifecycleException {
        return start(port, null, build);
    }

    /** As {@link #start(int, Function)}, with what the server's tools see of each HTTP request ({@code exchange.transportContext()}). */
    public static EmbeddedMcpHttp start(int port, McpTransportContextExtractor<HttpServletRequest> requestContext,
            Function<HttpServletStreamableServerTransportProvider, McpSyncServer> build) throws LifecycleException {
        return start(port, requestContext, null, build);
    }

    /**
     * Serves {@code /mcp} behind {@code guard} (e.g. {@code McpHttpGuard}), with requests over
     * {@value #MAX_REQUEST_BYTES} bytes refused and Tomcat's own error pages quiet (no report, no server banner).
     */
    public static EmbeddedMcpHttp start(int port, McpTransportContextExtractor<HttpServletRequest> requestContext,
            Filter guard, Function<HttpServletStreamableServerTransportProvider, McpSyncServer> build)
            throws LifecycleException {
        HttpServletStreamableServerTransportProvider.Builder builder = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint("/mcp")
                .sessionSweepInterval(null); // SDK 2.1.0's sweeper thread is non-daemon and never stopped
        if (requestContext != null) {
            builder.contextExtractor(requestContext);
        }
        if (guard != null) {
            builder.maxRequestSize(MAX_REQUEST_BYTES);
        }
        HttpServletStreamableServerTransportProvider provider = builder.build();
        McpSyncServer server = build.apply(provider);
        Tomcat tomcat = new Tomcat();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("mcp-test-tomcat");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "mcp", provider).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        if (guard != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("guard");
            def.setFilter(guard);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("guard");
            map.addURLPatternDecoded("/*");
            context.addFilterMap(map);
            ErrorReportValve quiet = new ErrorReportValve();
            quiet.setShowReport(false);
            quiet.setShowServerInfo(false);
            tomcat.getHost().getPipeline().addValve(quiet);
        }
        tomcat.start();
        return new EmbeddedMcpHttp(tomcat, server, connector.getLocalPort(), baseDir);
    }

    public int port() {
        return port;
    }

    /** Connections Tomcat holds open right now (keep-alive idle ones included). */
    public long openConnections() {
        return ((AbstractProtocol<?>) tomcat.getConnector().getProtocolHandler()).getConnectionCount();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (RuntimeException ignored) {
            // stopping Tomcat below is what counts
        }
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        deleteQuietly(baseDir.toFile());
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
