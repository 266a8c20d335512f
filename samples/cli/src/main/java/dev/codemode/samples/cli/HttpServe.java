package dev.codemode.samples.cli;

import dev.codemode.mcp.server.CodeModeMcpTools;
import dev.codemode.mcp.server.McpHttpGuard;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * {@code serve --http}: an embedded Tomcat with one endpoint, {@code /mcp}, behind {@link McpHttpGuard}
 * (bearer tokens, clean error bodies). Tomcat's own error pages say nothing about the server.
 */
final class HttpServe implements AutoCloseable {

    static final String ENDPOINT = "/mcp";

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final String url;
    private final Path baseDir;
    private boolean closed;

    private HttpServe(Tomcat tomcat, McpSyncServer server, String url, Path baseDir) {
        this.tomcat = tomcat;
        this.server = server;
        this.url = url;
        this.baseDir = baseDir;
    }

    static HttpServe start(CodeModeMcpTools tools, McpHttpGuard guard, String bind, int port, boolean loopback,
            int maxRequestBytes, String name, String version) throws IOException {
        HttpServletStreamableServerTransportProvider.Builder transport = HttpServletStreamableServerTransportProvider
                .builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(ENDPOINT)
                .contextExtractor(McpHttpGuard::context)
                .maxRequestSize(maxRequestBytes)
                // Sessions of clients that left without saying so are dropped; the process ends with System.exit,
                // which also ends the sweeper's thread.
                .sessionSweepInterval(Duration.ofMinutes(5));
        if (loopback) {
            // DNS rebinding: a web page's request to 127.0.0.1 carries its own Host (and an Origin): refused.
            transport.httpHeaderValidator(DefaultServerTransportSecurityValidator.builder()
                    .allowedHosts(List.of("127.0.0.1:*", "localhost:*", "[::1]:*")).build());
        }
        HttpServletStreamableServerTransportProvider provider = transport.build();
        McpSyncServer server = tools.configure(McpServer.sync(provider)).serverInfo(name, version)
                .immediateExecution(true).build();
        tools.attach(server);

        Path baseDir = Files.createTempDirectory("codemode-serve");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setThrowOnFailure(true); // a port that cannot be bound fails start(), not a log line
        connector.setPort(port);
        connector.setProperty("address", bind);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        FilterDef def = new FilterDef();
        def.setFilterName("codemode-guard");
        def.setFilter(guard);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("codemode-guard");
        map.addURLPatternDecoded("/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "mcp", provider).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        ErrorReportValve quiet = new ErrorReportValve();
        quiet.setShowReport(false);
        quiet.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(quiet);
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        HttpServe serve = new HttpServe(tomcat, server, null, baseDir);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            serve.close();
            throw new ConfigException(cannotListen(bind, port, e));
        }
        if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() < 0) {
            serve.close();
            throw new ConfigException(cannotListen(bind, port, null));
        }
        return new HttpServe(tomcat, server, "http://" + host + ":" + connector.getLocalPort() + ENDPOINT, baseDir);
    }

    String url() {
        return url;
    }

    /** Stops Tomcat (no new request, open streams end), then the MCP server. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException | RuntimeException e) {
            // shutting down: what could not stop ends with the process
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            // its transport is gone with Tomcat
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static String cannotListen(String bind, int port, Throwable failure) {
        String reason = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                reason = b.getMessage() != null && b.getMessage().contains("in use") ? ": the port is in use"
                        : ": " + b.getMessage();
                break;
            }
        }
        return "cannot listen on " + bind + ":" + port + reason + "; choose another port with --http PORT (0 picks a"
                + " free one)";
    }
}
