package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.CodeMode;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.samples.servers.DemoServers;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole Spring wiring against real MCP servers over streamable HTTP: Spring AI's MCP client
 * starter connects to the demo servers and to a probe server, the starter's raw tool callbacks stay
 * off, a {@link ChatClient} offers the model exactly the four meta-tools, a script runs end to end,
 * audit rows land in H2, a virtual key from the tool context hides tools and never reaches an
 * upstream server, and metrics and the actuator endpoint report it all. Only the allowlisted tools run
 * without approval.
 */
@SpringBootTest(classes = CodeModeSpringBootIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:codemode-it;DB_CLOSE_DELAY=-1",
                "spring.ai.codemode.tool-groups.reading[0]=crm.lookup_customer",
                "spring.ai.codemode.tool-groups.reading[1]=orders.*",
                "spring.ai.codemode.tool-groups.reading[2]=probe.*",
                "spring.ai.codemode.virtual-keys.support.groups[0]=reading",
                "spring.ai.codemode.virtual-keys.admin.tools[0]=*",
                "spring.ai.codemode.tool-costs[crm.lookup_customer]=0.002",
                "spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                "spring.ai.codemode.auto-execute.tools[1]=orders.*",
                "spring.ai.codemode.auto-execute.tools[2]=probe.*",
                "management.endpoints.web.exposure.include=codemode,metrics",
                "resilience4j.circuitbreaker.instances.orders.sliding-window-size=4" })
class CodeModeSpringBootIT {

    private static final DemoServers.Http DEMO = start();
    private static final EmbeddedMcpHttp PROBE = probe();

    @DynamicPropertySource
    static void mcpConnections(DynamicPropertyRegistry registry) {
        for (String server : List.of("crm", "orders", "billing", "email")) {
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".url",
                    () -> "http://127.0.0.1:" + DEMO.port());
            registry.add("spring.ai.mcp.client.streamable-http.connections." + server + ".endpoint",
                    () -> "/" + server + "/mcp");
        }
        registry.add("spring.ai.mcp.client.streamable-http.connections.probe.url", PROBE::baseUrl);
        registry.add("spring.ai.mcp.client.streamable-http.connections.probe.endpoint", () -> "/mcp");
    }

    @AfterAll
    static void stopServers() throws Exception {
        DEMO.close();
        PROBE.close();
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    ScriptedModel model;
    @Autowired
    ChatClient chatClient;
    @Autowired
    AuditLog auditLog;
    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        model.requests.clear();
    }

    @Test
    void theModelIsOfferedExactlyFourToolsAndAScriptRunsEndToEnd() {
        model.script = """
                c = crm.lookup_customer(customer_id="c42")
                history = orders.order_history(customer_id="c42")
                print({"name": c["name"], "orders": len(history["orders"])})
                """;
        String answer = chatClient.prompt().user("How many orders has customer c42?")
                .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "admin",
                        CodeModeToolCallbacks.PARENT_REQUEST_ID, "turn-1"))
                .call().content();

        assertThat(model.requests).hasSize(2);
        assertThat(model.requests.get(0).toolNames()).containsExactlyInAnyOrder("listToolFiles", "readToolFile",
                "getToolDocs", "executeToolCode");
        assertThat(context.getBeansOfType(ToolCallbackProvider.class)).containsOnlyKeys("codeModeToolCallbacks");
        assertThat(answer).contains("\"toolCalls\":2").containsPattern("orders.{0,4}: \\d+");

        auditLog.flush();
        JdbcAuditSink sink = (JdbcAuditSink) context.getBean(AuditSink.class);
        assertThat(sink.recentToolCalls(10)).extracting(JdbcAuditSink.ToolCallRow::tool)
                .contains("lookup_customer", "order_history");
        assertThat(sink.recentToolCalls(10)).filteredOn(r -> r.tool().equals("lookup_customer")).first()
                .satisfies(r -> assertThat(r.cost()).isEqualByComparingTo("0.002"));
    }

    @Test
    void aVirtualKeyFromTheToolContextHidesToolsAndNeverTravelsUpstream() {
        model.script = "print(probe.echo_request(note=\"hi\"))";
        String answer = chatClient.prompt().user("probe")
                .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "support",
                        CodeModeToolCallbacks.PARENT_REQUEST_ID, "turn-2"))
                .call().content();
        assertThat(answer).contains("meta").contains("hi").doesNotContain("support").doesNotContain("turn-2");

        model.script = "crm.delete_customer(customer_id=\"c1\")";
        String refused = chatClient.prompt().user("delete")
                .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "support")).call().content();
        assertThat(refused).contains("delete_customer").doesNotContain("Deleted");

        CodeModeToolCallbacks callbacks = context.getBean(CodeModeToolCallbacks.class);
        ToolCallback list = callbacks.getToolCallbacks()[0];
        String supportView = list.call("{\"query\": \"customer\"}",
                new org.springframework.ai.chat.model.ToolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "support")));
        assertThat(supportView).contains("crm").doesNotContain("billing").doesNotContain("servers/email", "email.");
    }

    @Test
    void metricsAndTheActuatorEndpointReportTheCatalogBreakersAndAudit() throws Exception {
        model.script = "print(crm.lookup_customer(customer_id=\"c7\")[\"name\"])";
        chatClient.prompt().user("who is c7").toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "admin"))
                .call().content();
        auditLog.flush();

        Map<?, ?> endpoint = (Map<?, ?>) JsonValues.parse(get("/actuator/codemode"));
        List<?> servers = (List<?>) endpoint.get("servers");
        List<Object> names = servers.stream().map(s -> ((Map<?, ?>) s).get("name")).map(Object.class::cast).toList();
        assertThat(names).containsExactlyInAnyOrder("crm", "orders", "billing", "email", "probe");
        Map<?, ?> crm = (Map<?, ?>) servers.stream().filter(s -> ((Map<?, ?>) s).get("name").equals("crm"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(crm.get("tools"))).contains("lookup_customer", "delete_customer");
        assertThat(String.valueOf(((Map<?, ?>) endpoint.get("breakers")).keySet())).contains("crm");
        assertThat(((Number) ((Map<?, ?>) endpoint.get("audit")).get("written")).longValue()).isPositive();

        Map<?, ?> calls = (Map<?, ?>) JsonValues.parse(get("/actuator/metrics/codemode.tool.calls?tag=tool:lookup_customer"));
        Map<?, ?> count = (Map<?, ?>) ((List<?>) calls.get("measurements")).get(0);
        assertThat(((Number) count.get("value")).doubleValue()).isGreaterThanOrEqualTo(1);
        assertThat(get("/actuator/metrics/codemode.executions")).contains("outcome");
        assertThat(get("/actuator/metrics/codemode.breaker.open")).contains("server");

        // The breaker of a server named in resilience4j properties keeps that configuration.
        var registry = context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class);
        model.script = "orders.order_history(customer_id=\"c7\")";
        chatClient.prompt().user("orders").toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "admin"))
                .call().content();
        assertThat(registry.circuitBreaker("orders").getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(4);
        assertThat(registry.circuitBreaker("crm").getCircuitBreakerConfig().getSlidingWindowSize())
                .isEqualTo(dev.codemode.resilience.Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG.getSlidingWindowSize());
        assertThat(context.getBean(CodeMode.class).breakerStates()).containsKeys("crm", "orders");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static DemoServers.Http start() {
        try {
            return DemoServers.startHttp(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An MCP server whose one tool, {@code echo_request}, answers with the {@code _meta} and arguments it
     * received: what an upstream server learns about the caller.
     */
    private static EmbeddedMcpHttp probe() {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("echo_request")
                .description("Returns the _meta and arguments of the request it received.")
                .inputSchema(Map.of("type", "object", "properties", Map.of("note", Map.of("type", "string"))))
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build();
        try {
            return EmbeddedMcpHttp.start(0, provider -> McpServer.sync(provider)
                    .serverInfo(new McpSchema.Implementation("probe", "1.0.0"))
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                    .tools(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
                        Map<String, Object> echo = new java.util.LinkedHashMap<>();
                        echo.put("meta", request.meta() == null ? Map.of() : request.meta());
                        echo.put("arguments", request.arguments() == null ? Map.of() : request.arguments());
                        return McpSchema.CallToolResult.builder().structuredContent(echo)
                                .addTextContent(String.valueOf(echo)).build();
                    }).build())
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one request to the model carried. */
    record Request(List<String> toolNames, List<Message> messages) {
    }

    /**
     * A model that runs one script and answers with its result: the first request gets an
     * {@code executeToolCode} call, the request carrying the tool result gets that result as the answer.
     */
    static final class ScriptedModel implements ChatModel {
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        volatile String script;

        @Override
        public ChatResponse call(Prompt prompt) {
            List<String> tools = prompt.getOptions() instanceof ToolCallingChatOptions options
                    && options.getToolCallbacks() != null
                    ? options.getToolCallbacks().stream().map(c -> c.getToolDefinition().name()).toList() : List.of();
            requests.add(new Request(tools, prompt.getInstructions()));
            Message last = prompt.getInstructions().get(prompt.getInstructions().size() - 1);
            if (last instanceof ToolResponseMessage response) {
                return new ChatResponse(List.of(new Generation(new AssistantMessage(
                        response.getResponses().get(0).responseData()))));
            }
            AssistantMessage call = AssistantMessage.builder().content("")
                    .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "executeToolCode",
                            JsonValues.write(Map.of("code", script)))))
                    .build();
            return new ChatResponse(List.of(new Generation(call)));
        }

        @Override
        public ChatOptions getOptions() {
            return ToolCallingChatOptions.builder().build();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ScriptedModel scriptedModel() {
            return new ScriptedModel();
        }

        @Bean
        ChatClient chatClient(ScriptedModel model, CodeModeToolCallbacks codeMode) {
            return ChatClient.builder(model).defaultTools(codeMode).build();
        }
    }
}
