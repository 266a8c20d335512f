package dev.codemode.mcp.testserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw JSON-lines client for an in-process stdio MCP server: {@link #serverIn()} and {@link #serverOut()}
 * are the server's stdin and stdout (NIO pipes, no thread affinity); lines are sent as written and the
 * server's lines are collected.
 */
public final class LineClient implements AutoCloseable {

    private final Pipe toServer;
    private final Pipe fromServer;
    private final OutputStream send;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    public LineClient() throws IOException {
        toServer = Pipe.open();
        fromServer = Pipe.open();
        send = Channels.newOutputStream(toServer.sink());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    Channels.newInputStream(fromServer.source()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                }
            } catch (IOException e) {
                // closed
            }
        }, "line-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public InputStream serverIn() {
        return Channels.newInputStream(toServer.source());
    }

    public OutputStream serverOut() {
        return Channels.newOutputStream(fromServer.sink());
    }

    public void send(String line) throws IOException {
        send.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        send.flush();
    }

    /** The first line received from now on that contains {@code marker}, or null after {@code within}. */
    public String await(String marker, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = received.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.contains(marker)) {
                return line;
            }
        }
    }

    /** initialize (with the given client capabilities JSON) and notifications/initialized. */
    public String initialize(String capabilitiesJson) throws IOException, InterruptedException {
        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":" + capabilitiesJson + ",\"clientInfo\":{\"name\":\"lines\",\"version\":\"1\"}}}");
        String reply = await("\"id\":\"init\"", Duration.ofSeconds(10));
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return reply;
    }

    /** Ends the server's stdin (MCP's stdio shutdown). */
    public void closeInput() throws IOException {
        send.close();
    }

    @Override
    public void close() throws IOException {
        send.close();
        fromServer.source().close();
        toServer.source().close();
        fromServer.sink().close();
    }
}
