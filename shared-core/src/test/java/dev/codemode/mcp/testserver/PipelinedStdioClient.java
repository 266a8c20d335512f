package dev.codemode.mcp.testserver;

import dev.codemode.json.JsonValues;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A hand-written JSON-RPC client for a stdio MCP server that keeps many {@code tools/call} requests in
 * flight on one connection, written by one thread: it loads the server's side of the connection
 * (many handlers answering at once) without any client library in the way. Every reply is matched to
 * its request by id and checked against what that request asked for.
 */
public final class PipelinedStdioClient {

    /** One call: the tool, its arguments, and a text its reply must contain. */
    public record Call(String tool, Map<String, Object> arguments, String expected) {
    }

    /**
     * What came back.
     *
     * @param answered   replies that matched their request
     * @param mismatched replies for an unknown id or without the expected text, with the first few
     * @param lost       requests sent and never answered within the wait
     * @param unsent     requests never sent because the window stayed full for the whole wait
     */
    public record Outcome(int answered, int mismatched, int lost, int unsent, List<String> examples) {
    }

    private PipelinedStdioClient() {
    }

    /**
     * Runs {@code total} calls made by {@code call} (given the call's index) with at most {@code window}
     * in flight, against the server started as {@code command}; waits at most {@code patience} for
     * progress (a full window or the last replies) before counting the rest as lost, then closes the
     * server's stdin and stops it. The server's stderr goes to {@code stderr}.
     */
    public static Outcome run(List<String> command, int total, int window, IntFunction<Call> call, Duration patience,
            File stderr) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(stderr).start();
        try {
            OutputStream out = process.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            write(out, Map.of("jsonrpc", "2.0", "id", "init", "method", "initialize", "params", Map.of(
                    "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "pipelined-test-client", "version", "1"))));
            String first = in.readLine();
            if (first == null || !first.contains("\"init\"")) {
                throw new IOException("no answer to initialize: " + first);
            }
            write(out, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));

            Map<String, String> pending = new ConcurrentHashMap<>();
            Semaphore slots = new Semaphore(window);
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger mismatched = new AtomicInteger();
            List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        Object id = JsonValues.parse(line) instanceof Map<?, ?> reply ? reply.get("id") : null;
                        String expected = id == null ? null : pending.remove(String.valueOf(id));
                        if (expected != null && line.contains(expected) && !line.contains("\"error\"")) {
                            answered.incrementAndGet();
                        } else {
                            mismatched.incrementAndGet();
                            if (examples.size() < 5) {
                                examples.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                            }
                        }
                        if (expected != null) {
                            slots.release();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    examples.add("reader stopped: " + e);
                }
            }, "pipelined-client-reader");
            reader.setDaemon(true);
            reader.start();

            int sent = 0;
            for (; sent < total; sent++) {
                if (!slots.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    break; // the server stopped answering: what is in flight is lost
                }
                Call c = call.apply(sent);
                String id = "call-" + sent;
                pending.put(id, c.expected());
                write(out, Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                        "params", Map.of("name", c.tool(), "arguments", c.arguments())));
            }
            long deadline = System.nanoTime() + patience.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return new Outcome(answered.get(), mismatched.get(), pending.size(), total - sent, List.copyOf(examples));
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void write(OutputStream out, Map<String, Object> message) throws IOException {
        out.write((JsonValues.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
