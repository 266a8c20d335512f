package dev.codemode.mcp.testserver;

import dev.codemode.mcp.StdioServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.catalina.LifecycleException;

/**
 * A real MCP server for integration tests, written with the MCP Java SDK: a small deterministic CRM
 * ({@code lookup-customer}, {@code search_customers}, {@code delete_customer}, {@code order_history})
 * plus tools that exercise the edges ({@code echo}, {@code fail}, {@code slow}, {@code add_tool},
 * {@code chart}).
 *
 * <p>{@code main("stdio")} serves over stdin/stdout (logs go to stderr) until stdin ends;
 * {@code main("stdio-lingering")} the same but stays up after stdin ends, as some servers do; {@code main("http", port)}
 * serves streamable HTTP at {@code /mcp} on 127.0.0.1. Tests start the HTTP server in-process with
 * {@link #startHttp(int)} and the stdio server as a separate JVM with {@link #stdioCommand()}.
 */
public final class TestMcpServer {

    public static final String NAME = "crm";
    public static final String INSTRUCTIONS = "Customer records and their orders (test data).";

    /** Tool calls this JVM's servers have answered (the HTTP server runs in the test's JVM). */
    public static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** The deterministic customers, by id. */
    public static final Map<String, Map<String, Object>> CUSTOMERS = customers();

    private TestMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("stdio")) {
            // Serves until the client closes stdin (MCP's stdio shutdown), then the process ends.
            StdioServer.serve(transport -> build(McpServer.sync(transport)));
            System.exit(0);
        } else if (args.length >= 1 && args[0].equals("stdio-lingering")) {
            // Like servers that ignore the end of stdin (the SDK's own stdio transport): up until killed.
            build(McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper())));
            new CountDownLatch(1).await();
        } else if (args.length >= 2 && args[0].equals("http")) {
            try (EmbeddedMcpHttp server = startHttp(Integer.parseInt(args[1]))) {
                System.err.println("MCP test server listening on " + server.baseUrl() + "/mcp");
                new CountDownLatch(1).await();
            }
        } else {
            System.err.println("usage: TestMcpServer stdio | stdio-lingering | http <port>");
            System.exit(2);
        }
    }

    /** The command line that runs the stdio server in a new JVM with this JVM's test class path. */
    public static List<String> stdioCommand() {
        return ChildJvm.command(TestMcpServer.class, "stdio");
    }

    /** Serves streamable HTTP on 127.0.0.1:{@code port} (0 for a free port) until closed. */
    public static EmbeddedMcpHttp startHttp(int port) throws LifecycleException {
        return EmbeddedMcpHttp.start(port, provider -> build(McpServer.sync(provider)));
    }

    private static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec) {
        AtomicReference<McpSyncServer> self = new AtomicReference<>();
        McpSyncServer server = spec
                .serverInfo(new McpSchema.Implementation("crm-test-server", "CRM test server", "1.0.0"))
                .instructions(INSTRUCTIONS + "\nUse lookup-customer for one customer.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools(self))
                .build();
        self.set(server);
        return server;
    }

    private static List<SyncToolSpecification> tools(AtomicReference<McpSyncServer> self) {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool(McpSchema.Tool.builder()
                .name("lookup-customer")
                .description("One customer by id.")
                .inputSchema(object(Map.of("customer_id", ordered("type", "string", "description", "e.g. c1")),
                        List.of("customer_id")))
                .outputSchema(object(ordered(
                        "id", Map.of("type", "string"),
                        "name", Map.of("type", "string"),
                        "email", Map.of("type", "string"),
                        "tier", ordered("type", "string", "enum", List.of("free", "pro", "enterprise"))),
                        List.of("id", "name", "email", "tier")))
                .annotations(new McpSchema.ToolAnnotations("Look up a customer", true, false, true, false, null))
                .build(), (exchange, request) -> {
                    String id = String.valueOf(request.arguments().get("customer_id"));
                    Map<String, Object> customer = CUSTOMERS.get(id);
                    if (customer == null) {
                        return error("no customer " + id);
                    }
                    return CallToolResult.builder()
                            .structuredContent(customer)
                            .addTextContent(json(customer))
                            .build();
                }));
        tools.add(tool(McpSchema.Tool.builder()
                .name("search_customers")
                .description("Customers whose name or email contains the query.")
                .inputSchema(object(ordered(
                        "query", Map.of("type", "string"),
                        "limit", ordered("type", "integer", "default", 10, "minimum", 1)), List.of("query")))
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build(), (exchange, request) -> {
                    String query = String.valueOf(request.arguments().get("query")).toLowerCase();
                    int limit = request.arguments().get("limit") instanceof Number n ? n.intValue() : 10;
                    List<Map<String, Object>> found = CUSTOMERS.values().stream()
                            .filter(c -> c.get("name").toString().toLowerCase().contains(query)
                                    || c.get("email").toString().contains(query))
                            .limit(limit)
                            .toList();
                    return text(json(found));
                }));
        tools.add(tool(McpSchema.Tool.builder()
                .name("delete_customer")
                .description("Delete a customer and their data.")
                .inputSchema(object(Map.of("customer_id", Map.of("type", "string")), List.of("customer_id")))
                .annotations(new McpSchema.ToolAnnotations(null, false, true, false, false, null))
                .build(), (exchange, request) -> text(json(Map.of("deleted", request.arguments().get("customer_id"))))));
        tools.add(tool(McpSchema.Tool.builder()
                .name("order_history")
                .description("The orders of one customer, oldest first.")
                .inputSchema(object(Map.of("customer_id", Map.of("type", "string")), List.of("customer_id")))
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build(), (exchange, request) -> text(json(orders(String.valueOf(request.arguments().get("customer_id")))))));
        tools.add(tool(McpSchema.Tool.builder()
                .name("echo")
                .description("Returns the text unchanged.")
                .inputSchema(object(Map.of("text", Map.of("type", "string")), List.of("text")))
                .build(), (exchange, request) -> text(String.valueOf(request.arguments().get("text")))));
        tools.add(tool(McpSchema.Tool.builder()
                .name("fail")
                .description("Always reports an error with the given message.")
                .inputSchema(object(Map.of("message", Map.of("type", "string")), List.of("message")))
                .build(), (exchange, request) -> error(String.valueOf(request.arguments().get("message")))));
        tools.add(tool(McpSchema.Tool.builder()
                .name("slow")
                .description("Sleeps for ms milliseconds, then answers.")
                .inputSchema(object(Map.of("ms", Map.of("type", "integer")), List.of("ms")))
                .build(), (exchange, request) -> {
                    long ms = ((Number) request.arguments().get("ms")).longValue();
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return text(json(Map.of("slept", ms)));
                }));
        tools.add(tool(McpSchema.Tool.builder()
                .name("add_tool")
                .description("Adds a tool named name at run time and announces the tool-list change.")
                .inputSchema(object(Map.of("name", Map.of("type", "string")), List.of("name")))
                .build(), (exchange, request) -> {
                    String name = String.valueOf(request.arguments().get("name"));
                    // addTool notifies list-changed itself, since the tools capability has listChanged.
                    self.get().addTool(tool(McpSchema.Tool.builder()
                            .name(name)
                            .description("Added at run time.")
                            .inputSchema(object(Map.of(), List.of()))
                            .build(), (ex, req) -> text("I am " + name)));
                    return text(json(Map.of("added", name)));
                }));
        tools.add(tool(McpSchema.Tool.builder()
                .name("chart")
                .description("A tiny PNG chart.")
                .inputSchema(object(Map.of(), List.of()))
                .build(), (exchange, request) -> CallToolResult.builder()
                        .addContent(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(PNG), "image/png"))
                        .build()));
        return tools;
    }

    /** 8 bytes of PNG signature: enough to be an image with a known size. */
    public static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public static List<Map<String, Object>> orders(String customerId) {
        if (!CUSTOMERS.containsKey(customerId)) {
            return List.of();
        }
        int n = Integer.parseInt(customerId.substring(1));
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("order_id", customerId + "-o" + i);
            order.put("customer_id", customerId);
            order.put("total", 10 * i * n);
            orders.add(order);
        }
        return orders;
    }

    private static Map<String, Map<String, Object>> customers() {
        Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
        String[][] rows = {
                {"c1", "Ada Lovelace", "ada@example.com", "enterprise"},
                {"c2", "Alan Turing", "alan@example.com", "pro"},
                {"c3", "Grace Hopper", "grace@example.com", "free"},
        };
        for (String[] row : rows) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", row[0]);
            c.put("name", row[1]);
            c.put("email", row[2]);
            c.put("tier", row[3]);
            customers.put(row[0], java.util.Collections.unmodifiableMap(c));
        }
        return java.util.Collections.unmodifiableMap(customers);
    }

    private static SyncToolSpecification tool(McpSchema.Tool tool,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            CALLS.incrementAndGet();
            return handler.apply(exchange, request);
        }).build();
    }

    /**
     * Keys in the order written, as a server's JSON lists them: properties, and the keywords of one
     * property's schema ({@code Map.of} order changes per JVM).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static String json(Object value) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
