package dev.codemode.resilience.faults;

import dev.codemode.mcp.StdioServer;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.catalina.LifecycleException;

/**
 * An MCP server that fails on purpose, written with the MCP Java SDK, for the resilience integration
 * tests. Tools:
 * <ul>
 *   <li>{@code ok} answers {@code "ok"};</li>
 *   <li>{@code fail} throws inside its handler, so the server answers with a JSON-RPC error (a
 *       protocol failure, not a tool error reply);</li>
 *   <li>{@code flaky(n)} fails like {@code fail} for its first {@code n} calls, then answers
 *       {@code "recovered"};</li>
 *   <li>{@code hang} never answers (until the server closes);</li>
 *   <li>{@code die} ends the server's process in the middle of the call;</li>
 *   <li>{@code slow(ms)} answers {@code "slow"} after {@code ms} milliseconds;</li>
 *   <li>{@code huge(chars)} answers a text of {@code chars} characters;</li>
 *   <li>{@code exit} answers {@code "bye"} and then ends the server's process, between calls;</li>
 *   <li>{@code stats} says how often each tool was called, so a test can tell that a call never
 *       reached the server.</li>
 * </ul>
 *
 * <p>{@code main("stdio")} serves over stdin/stdout until stdin ends; {@code main("http", port)} serves streamable HTTP
 * at {@code /mcp} on 127.0.0.1 and prints {@code PORT <n>} on stdout, for a server in a process of its
 * own that {@code die} can end, also until its stdin ends. {@link #startHttp(int)} serves HTTP inside the test JVM.
 */
public final class FaultMcpServer {

    public static final String NAME = "faulty";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    /** Released when the server closes, so hanging handlers end with it. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private FaultMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("stdio")) {
            FaultMcpServer faults = new FaultMcpServer();
            StdioServer.serve(transport -> faults.build(McpServer.sync(transport)));
            System.exit(0);
        } else if (args.length >= 2 && args[0].equals("http")) {
            try (HttpServer server = startHttp(Integer.parseInt(args[1]))) {
                System.out.println("PORT " + server.port());
                System.out.flush();
                // Up until stdin ends, like the stdio servers: a test JVM that dies takes this process along.
                while (System.in.read() >= 0) {
                    // what the parent writes, if anything, is not for us
                }
            }
            System.exit(0);
        } else {
            System.err.println("usage: FaultMcpServer stdio | http <port>");
            System.exit(2);
        }
    }

    /** A new JVM running {@code main} of {@code type} with the test class path (see {@link ChildJvm}). */
    public static List<String> command(Class<?> type, String... args) {
        return ChildJvm.command(type, args);
    }

    /** Serves streamable HTTP on 127.0.0.1:{@code port} (0 for a free port) in this JVM until closed. */
    public static HttpServer startHttp(int port) throws LifecycleException {
        FaultMcpServer faults = new FaultMcpServer();
        return new HttpServer(EmbeddedMcpHttp.start(port, provider -> faults.build(McpServer.sync(provider))), faults);
    }

    /** A server running in this JVM; {@link #close()} stops it and ends hanging calls. */
    public static final class HttpServer implements AutoCloseable {

        private final EmbeddedMcpHttp http;
        private final FaultMcpServer faults;

        HttpServer(EmbeddedMcpHttp http, FaultMcpServer faults) {
            this.http = http;
            this.faults = faults;
        }

        public int port() {
            return http.port();
        }

        public String baseUrl() {
            return http.baseUrl();
        }

        /** Connections the server holds open right now. */
        public long openConnections() {
            return http.openConnections();
        }

        /** Calls per tool so far, as the server counted them. */
        public int calls(String tool) {
            AtomicInteger n = faults.calls.get(tool);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            faults.closing.countDown();
            http.close();
        }
    }

    private <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec) {
        return spec
                .serverInfo(new McpSchema.Implementation("fault-server", "Fault-injecting test server", "1.0.0"))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools())
                .build();
    }

    private List<SyncToolSpecification> tools() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool("ok", "Answers ok.", Map.of(), (exchange, request) -> text("ok")));
        tools.add(tool("fail", "Always fails with a JSON-RPC error.", Map.of(), (exchange, request) -> {
            throw new IllegalStateException("injected failure");
        }));
        tools.add(tool("flaky", "Fails for its first n calls, then answers.",
                Map.of("n", Map.of("type", "integer")), (exchange, request) -> {
                    int n = ((Number) request.arguments().get("n")).intValue();
                    if (flakyCalls.incrementAndGet() <= n) {
                        throw new IllegalStateException("injected failure " + flakyCalls.get() + " of " + n);
                    }
                    return text("recovered");
                }));
        tools.add(tool("hang", "Never answers.", Map.of(), (exchange, request) -> {
            try {
                closing.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text("too late");
        }));
        tools.add(tool("die", "Ends the server process in the middle of the call.", Map.of(), (exchange, request) -> {
            Runtime.getRuntime().halt(3);
            return text("unreachable");
        }));
        tools.add(tool("slow", "Answers after ms milliseconds.", Map.of("ms", Map.of("type", "integer")),
                (exchange, request) -> {
                    try {
                        Thread.sleep(((Number) request.arguments().get("ms")).longValue());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return text("slow");
                }));
        tools.add(tool("huge", "Answers a text of the given length.", Map.of("chars", Map.of("type", "integer")),
                (exchange, request) -> text("x".repeat(((Number) request.arguments().get("chars")).intValue()))));
        tools.add(tool("exit", "Answers, then ends the server process.", Map.of(), (exchange, request) -> {
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(200); // time for the answer to go out
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(0);
            });
            exit.setDaemon(true);
            exit.start();
            return text("bye");
        }));
        tools.add(tool("stats", "Calls per tool so far.", Map.of(), (exchange, request) -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            calls.forEach((tool, n) -> counts.put(tool, n.get()));
            return CallToolResult.builder().structuredContent(counts).addTextContent(counts.toString()).build();
        }));
        return tools;
    }

    private SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build())
                .callHandler((exchange, request) -> {
                    if (!name.equals("stats")) {
                        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return handler.apply(exchange, request);
                })
                .build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }
}
