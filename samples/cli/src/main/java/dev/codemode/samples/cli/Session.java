package dev.codemode.samples.cli;

import dev.codemode.CodeMode;
import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The configured servers, connected, and a {@link CodeMode} over them, for one command. Servers are
 * connected concurrently; one that fails stays in the catalog as unavailable (and is reported on
 * stderr) unless every server failed, which is a configuration error. Closing stops every client
 * and server process.
 */
final class Session implements AutoCloseable {

    private final List<ToolSource> sources;
    private final CodeMode codeMode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Session(List<ToolSource> sources, CodeMode codeMode) {
        this.sources = sources;
        this.codeMode = codeMode;
    }

    static Session open(McpServersConfig config, ServerConnector connector, Duration timeout,
            Function<List<ToolSource>, CodeMode> build, PrintWriter err) {
        List<ToolSource> sources = connect(config, connector, timeout);
        List<UnavailableServer> failed = sources.stream().filter(UnavailableServer.class::isInstance)
                .map(UnavailableServer.class::cast).toList();
        if (failed.size() == sources.size()) {
            throw new ConfigException("no server could be connected: " + String.join("; ", failed.stream()
                    .map(s -> s.serverName() + ": " + s.reason()).toList()));
        }
        for (UnavailableServer server : failed) {
            err.println("codemode: server " + server.serverName() + " is unavailable: " + server.reason());
        }
        err.flush();
        try {
            return new Session(sources, build.apply(sources));
        } catch (RuntimeException e) {
            closeAll(sources);
            throw e;
        }
    }

    CodeMode codeMode() {
        return codeMode;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            codeMode.close();
            closeAll(sources);
        }
    }

    private static List<ToolSource> connect(McpServersConfig config, ServerConnector connector, Duration timeout) {
        List<McpServersConfig.Server> servers = config.servers();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(servers.size(), 8), daemon("codemode-connect"));
        try {
            List<Future<ToolSource>> pending = new ArrayList<>();
            for (McpServersConfig.Server server : servers) {
                pending.add(pool.submit(() -> connectOne(server, connector, timeout)));
            }
            List<ToolSource> sources = new ArrayList<>();
            for (Future<ToolSource> f : pending) {
                sources.add(f.get());
            }
            return sources;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while connecting to the servers");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // connectOne catches what a connector throws
        } finally {
            pool.shutdown();
        }
    }

    private static ToolSource connectOne(McpServersConfig.Server server, ServerConnector connector, Duration timeout) {
        try {
            return connector.connect(server, timeout);
        } catch (RuntimeException e) {
            return new UnavailableServer(server.name(), reason(e));
        }
    }

    /**
     * Why a server could not be connected, in one line that does not repeat its name: a cause class
     * ("connection refused", "timed out after 30 s", "HTTP 401", "exited before it answered the MCP
     * handshake"). Never the URL, the command line, the environment or the server's stderr: they may hold
     * credentials, and this line reaches stderr and, through the listing, the model.
     */
    static String reason(RuntimeException e) {
        return Failures.reason(e);
    }

    /** Concurrently: a stdio server may take a moment to stop, and each one is independent. */
    private static void closeAll(List<ToolSource> sources) {
        List<Thread> closing = new ArrayList<>();
        for (ToolSource source : sources) {
            Thread t = daemon("codemode-close").newThread(source::close);
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
