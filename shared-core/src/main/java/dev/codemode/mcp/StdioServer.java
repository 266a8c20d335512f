package dev.codemode.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       forgot to stop it runs forever. {@link #serve} returns as soon as stdin ends (or the SDK closes
 *       the session), after closing the server; the caller's {@code main} then exits.</li>
 *   <li><b>a bad line is dropped, not fatal.</b> The SDK ends the session on the first line that is not a
 *       JSON-RPC message (and on a line over 16 MiB) and stops reading: one stray line from a client
 *       killed the server. Such lines (and blank ones) are dropped here, with a warning that does not
 *       quote them, and the next message is answered as usual. Lines over {@value #MAX_LINE_BYTES} bytes
 *       are dropped too.</li>
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

    /** The longest line passed to the SDK (below its own 16 MiB limit, which ends the session). */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(StdioServer.class);

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
     * A stdio transport provider over {@code in} and {@code out} that writes one message at a time, drops
     * lines that are not JSON-RPC messages, and runs {@code onEnd} once when {@code in} ends or fails or the
     * session is closed. For servers that manage their own life cycle.
     */
    public static McpServerTransportProvider transport(InputStream in, OutputStream out, Runnable onEnd) {
        Objects.requireNonNull(onEnd, "onEnd");
        AtomicBoolean ended = new AtomicBoolean();
        Runnable once = () -> {
            if (ended.compareAndSet(false, true)) {
                onEnd.run();
            }
        };
        InputStream watched = new EndWatchingInputStream(Objects.requireNonNull(in, "in"), once);
        InputStream messages = new MessageLines(watched);
        return OneWriterAtATime.server(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), messages,
                Objects.requireNonNull(out, "out")), once);
    }

    /** Passes on whole lines that are JSON-RPC messages; drops the rest. */
    private static final class MessageLines extends InputStream {
        private final InputStream in;
        private byte[] line = new byte[0];
        private int pos;
        private boolean eof;

        MessageLines(InputStream in) {
            this.in = new BufferedInputStream(in);
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, line.length - pos);
            System.arraycopy(line, pos, buffer, offset, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return line.length - pos;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /** True when bytes of an accepted line are ready; false at the end of the input. */
        private boolean fill() throws IOException {
            while (pos >= line.length) {
                if (eof) {
                    return false;
                }
                ByteArrayOutputStream next = new ByteArrayOutputStream();
                boolean tooLong = false;
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    if (next.size() < MAX_LINE_BYTES) {
                        next.write(b);
                    } else {
                        tooLong = true;
                    }
                }
                if (b < 0) {
                    eof = true;
                    if (next.size() == 0) {
                        return false;
                    }
                }
                if (tooLong) {
                    log.warn("Dropped an input line longer than {} bytes", MAX_LINE_BYTES);
                    continue;
                }
                String text = next.toString(StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), text);
                } catch (Exception e) {
                    log.warn("Dropped an input line that is not a JSON-RPC message ({} bytes)", next.size());
                    continue;
                }
                line = (text + "\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            return true;
        }
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
