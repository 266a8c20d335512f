package dev.codemode.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs an MCP server written with the MCP Java SDK over stdin and stdout, the way a stdio client
 * expects it to behave. The demo servers and the test servers of this project use it; so can any
 * SDK server that Code Mode connects to over stdio.
 *
 * <p>It adds two things to the SDK's {@code StdioServerTransportProvider} (2.1.0):
 * <ul>
 *   <li><b>one reply written at a time.</b> The SDK loses every reply from some point on when many
 *       handlers answer at once; replies are serialised per connection (docs/security.md, "Busy stdio connections").</li>
 *   <li><b>the server ends with its input.</b> MCP's stdio shutdown is the client closing the server's
 *       stdin. The SDK stops reading then but keeps the process up, so a server whose client crashed or
 *       forgot to stop it runs forever. {@link #serve} returns as soon as stdin ends, after closing the
 *       server; the caller's {@code main} then exits.</li>
 * </ul>
 *
 * <pre>
 * public static void main(String[] args) {
 *     StdioServer.serve(transport -&gt; McpServer.sync(transport).serverInfo(...).tools(...).build());
 *     System.exit(0);
 * }
 * </pre>
 */
public final class StdioServer {

    private StdioServer() {
    }

    /**
     * Builds the server on a stdio transport over {@code System.in} and {@code System.out}, serves until
     * stdin ends (or fails), then closes the server and returns. Handlers still running are abandoned:
     * the client that would read their replies has gone.
     */
    public static void serve(Function<McpServerTransportProvider, McpSyncServer> build) throws InterruptedException {
        serve(System.in, System.out, build);
    }

    /** As {@link #serve(Function)}, over the given streams. */
    public static void serve(InputStream in, OutputStream out, Function<McpServerTransportProvider, McpSyncServer> build)
            throws InterruptedException {
        Objects.requireNonNull(build, "build");
        CountDownLatch ended = new CountDownLatch(1);
        McpServerTransportProvider transport = transport(in, out, ended::countDown);
        McpSyncServer server = build.apply(transport);
        try {
            ended.await();
        } finally {
            try {
                server.close();
            } catch (RuntimeException e) {
                // the process is about to end; nothing to report to a client that has gone
            }
        }
    }

    /**
     * A stdio transport provider over {@code in} and {@code out} that writes one message at a time and
     * runs {@code onEnd} once when {@code in} ends or fails. For servers that manage their own life cycle.
     */
    public static McpServerTransportProvider transport(InputStream in, OutputStream out, Runnable onEnd) {
        Objects.requireNonNull(onEnd, "onEnd");
        InputStream watched = new EndWatchingInputStream(Objects.requireNonNull(in, "in"), onEnd);
        return OneWriterAtATime.server(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), watched,
                Objects.requireNonNull(out, "out")));
    }

    /** Runs its callback once when the stream ends or a read fails. */
    private static final class EndWatchingInputStream extends FilterInputStream {
        private final Runnable onEnd;
        private boolean ended;

        EndWatchingInputStream(InputStream in, Runnable onEnd) {
            super(in);
            this.onEnd = onEnd;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b < 0) {
                    end();
                }
                return b;
            } catch (IOException e) {
                end();
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    end();
                }
                return n;
            } catch (IOException e) {
                end();
                throw e;
            }
        }

        private synchronized void end() {
            if (!ended) {
                ended = true;
                onEnd.run();
            }
        }
    }
}
