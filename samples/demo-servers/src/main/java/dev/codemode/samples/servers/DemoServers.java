package dev.codemode.samples.servers;

import dev.codemode.mcp.StdioServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs the demo MCP servers ({@code crm}, {@code orders}, {@code billing}, {@code email}):
 *
 * <pre>
 * java -jar samples/demo-servers/target/codemode-demo-servers.jar stdio crm     one server over stdio, until
 *     stdin ends (the process exits when its client closes stdin or dies)
 * java -jar samples/demo-servers/target/codemode-demo-servers.jar http [PORT]   all four over streamable
 *     HTTP on 127.0.0.1:PORT (default 8931), at /crm/mcp, /orders/mcp, /billing/mcp, /email/mcp
 * </pre>
 */
public final class DemoServers {

    public static final List<String> NAMES = List.of("crm", "orders", "billing", "email");
    public static final int DEFAULT_PORT = 8931;

    private DemoServers() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("stdio") && NAMES.contains(args[1])) {
            // Until the client closes stdin (MCP's stdio shutdown); then the process ends at once.
            StdioServer.serve(transport -> build(args[1], McpServer.sync(transport)));
            System.exit(0);
        } else if (args.length >= 1 && args.length <= 2 && args[0].equals("http")) {
            int port = args.length > 1 ? port(args[1]) : DEFAULT_PORT;
            Http http;
            try {
                http = startHttp(port);
            } catch (LifecycleException e) {
                // Fail fast: nothing listens, so nothing should keep running.
                System.err.println("demo servers: " + e.getMessage() + ". Stop what holds it, or choose another port:"
                        + " http PORT (0 picks a free one)");
                System.exit(1);
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(http::close));
            for (String name : NAMES) {
                System.err.println(name + ": " + http.url(name));
            }
            new CountDownLatch(1).await();
        } else {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: stdio <" + String.join("|", NAMES) + "> | http [port]");
        System.exit(2);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        System.err.println("demo servers: port must be a number from 0 to 65535 (0 picks a free one), got " + text);
        usage();
        return -1;
    }

    /** How many tools the demo server {@code server} offers, without starting it. */
    public static int toolCount(String server) {
        return new DemoTools().forServer(server).size();
    }

    /** The command line that runs one server over stdio in a new JVM with this JVM's class path. */
    public static List<String> stdioCommand(String server) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-cp", classPath, DemoServers.class.getName(), "stdio", server);
    }

    /**
     * All four servers over streamable HTTP on 127.0.0.1:{@code port} (0 for a free port), until closed.
     *
     * @throws LifecycleException when they cannot listen on that port (taken by another process, or not
     *                            allowed), with a message that says which port and why; nothing is left
     *                            running
     */
    public static Http startHttp(int port) throws LifecycleException {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("codemode-demo-servers");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        // A connector that cannot bind fails start() instead of logging and leaving Tomcat up on port -1.
        connector.setThrowOnFailure(true);
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        List<McpSyncServer> servers = new ArrayList<>();
        for (String name : NAMES) {
            HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(McpJsonDefaults.getMapper())
                    .mcpEndpoint("/" + name + "/mcp")
                    .sessionSweepInterval(null) // SDK 2.1.0's sweeper thread is non-daemon and never stopped
                    .build();
            servers.add(build(name, McpServer.sync(provider)));
            Tomcat.addServlet(context, name, provider).setAsyncSupported(true);
            context.addServletMappingDecoded("/" + name + "/*", name);
        }
        Http http = new Http(tomcat, servers, -1, baseDir);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            http.closeAfterFailure();
            throw new LifecycleException(cannotListen(port, e), e);
        }
        if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() < 0) {
            http.closeAfterFailure();
            throw new LifecycleException(cannotListen(port, null));
        }
        return new Http(tomcat, servers, connector.getLocalPort(), baseDir);
    }

    /** Why the servers cannot listen on {@code port}; callers add the fix in their own terms (option, property). */
    private static String cannotListen(int port, Throwable failure) {
        String reason = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                reason = bind.getMessage() != null && bind.getMessage().contains("in use") ? ": the port is in use"
                        : ": " + bind.getMessage();
                break;
            }
        }
        return "cannot listen on 127.0.0.1:" + port + reason;
    }

    private static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(String name,
            McpServer.SyncSpecification<S> spec) {
        return spec.serverInfo(new McpSchema.Implementation(name, "Demo " + name + " server", "1.0.0"))
                .instructions(DemoTools.instructions(name))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(new DemoTools().forServer(name))
                .build();
    }

    /** The four servers running over HTTP; {@link #close()} stops them. */
    public static final class Http implements AutoCloseable {
        private final Tomcat tomcat;
        private final List<McpSyncServer> servers;
        private final int port;
        private final Path baseDir;

        Http(Tomcat tomcat, List<McpSyncServer> servers, int port, Path baseDir) {
            this.tomcat = tomcat;
            this.servers = servers;
            this.port = port;
            this.baseDir = baseDir;
        }

        public int port() {
            return port;
        }

        /** The streamable HTTP endpoint of one server, e.g. {@code http://127.0.0.1:8931/crm/mcp}. */
        public String url(String server) {
            if (!NAMES.contains(server)) {
                throw new IllegalArgumentException("no demo server " + server + "; servers: " + NAMES);
            }
            return "http://127.0.0.1:" + port + "/" + server + "/mcp";
        }

        @Override
        public synchronized void close() {
            for (McpSyncServer server : servers) {
                try {
                    server.close();
                } catch (RuntimeException ignored) {
                    // stopping Tomcat below is what counts
                }
            }
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
            delete(baseDir.toFile());
        }

        /** Stops what a failed start left, keeping the start's failure the one reported. */
        void closeAfterFailure() {
            try {
                close();
            } catch (RuntimeException ignored) {
                delete(baseDir.toFile());
            }
        }

        private static void delete(File file) {
            File[] children = file.listFiles();
            if (children != null) {
                for (File child : children) {
                    delete(child);
                }
            }
            file.delete();
        }
    }
}
