package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.answer;
import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static dev.codemode.langchain4j.ScriptedChatModel.lastToolResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.stubs.BindingLevel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AiServices with a scripted chat model, Code Mode as its tool provider, and the core's CRM test
 * server as a real MCP server over stdio, reached with LangChain4j's own MCP client.
 */
class CodeModeToolProviderIT {

    interface Assistant {
        String chat(String message);
    }

    interface KeyedAssistant {
        String chat(@dev.langchain4j.service.UserMessage String message, InvocationParameters parameters);
    }

    private static final List<String> META_TOOLS = List.of("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");
    private static final List<String> RAW_TOOLS = List.of("lookup-customer", "lookup_customer", "search_customers",
            "delete_customer", "order_history", "echo", "fail", "slow", "add_tool", "chart");

    private static McpClient crm;

    @BeforeAll
    static void startServer() {
        crm = client(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopServer() throws Exception {
        crm.close();
    }

    private static McpClient client(Duration toolTimeout) {
        return DefaultMcpClient.builder()
                .key("crm")
                .transport(StdioMcpTransport.builder().command(TestMcpServer.stdioCommand()).build())
                .toolExecutionTimeout(toolTimeout)
                .build();
    }

    private static String code(String script) {
        return JsonValues.write(Map.of("code", script));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonValues.parse(text);
    }

    @Test
    void should_run_a_multi_call_workflow_in_one_script_and_never_show_the_model_raw_tools() {
        ScriptedChatModel model = new ScriptedChatModel(
                call("listToolFiles", "{}"),
                request -> {
                    String listing = lastToolResult(request).text();
                    String file = listing.lines().filter(l -> l.startsWith("servers/")).findFirst().orElseThrow()
                            .split("\\s+")[0];
                    return AiMessage.from(ToolExecutionRequest.builder().id("read").name("readToolFile")
                            .arguments(JsonValues.write(Map.of("fileName", file))).build());
                },
                call("executeToolCode", code("""
                        c = crm.lookup_customer(customer_id="c2")
                        orders = crm.order_history(customer_id=c["id"])
                        result = {"name": c["name"], "tier": c["tier"], "orders": len(orders),
                                  "spent": sum([o["total"] for o in orders])}
                        """)),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(crm)
                .codeMode(core -> core.autoExecute("crm.lookup_customer", "crm.order_history")).build()) {
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build();

            String answer = assistant.chat("What has Alan Turing spent?");

            Map<String, Object> result = json(answer);
            assertThat(result.get("result")).isEqualTo(Map.of("name", "Alan Turing", "tier", "pro", "orders", 2, "spent", 60));
            assertThat(result.get("toolCalls")).isEqualTo(2);
        }
        List<ToolExecutionResultMessage> results = model.toolResults();
        assertThat(results).extracting(ToolExecutionResultMessage::toolName)
                .containsExactly("listToolFiles", "readToolFile", "executeToolCode");
        assertThat(results.get(0).text()).contains("servers/crm.pyi").contains("Customer records");
        assertThat(results.get(1).text()).contains("def lookup_customer(").contains("def order_history(");
        assertThat(model.requests()).hasSize(4);
        for (ChatRequest request : model.requests()) {
            assertThat(request.toolSpecifications()).extracting(ToolSpecification::name).containsExactlyElementsOf(META_TOOLS);
            assertThat(request.toolSpecifications()).extracting(ToolSpecification::name).doesNotContainAnyElementsOf(RAW_TOOLS);
        }
    }

    @Test
    void should_ask_before_a_read_only_tool_runs_unless_the_server_is_trusted() {
        // the test server says lookup-customer is readOnlyHint: true; by default that counts for nothing
        String lookup = code("result = crm.lookup_customer(customer_id=\"c2\")[\"name\"]");
        List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
        ScriptedChatModel untrusted = new ScriptedChatModel(call("executeToolCode", lookup), echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(crm).codeMode(core -> core.approvalHandler(r -> {
            asked.add(r);
            return dev.codemode.policy.ApprovalDecision.deny(null);
        })).build()) {
            String answer = AiServices.builder(Assistant.class).chatModel(untrusted).toolProvider(provider).build()
                    .chat("who is c2?");
            assertThat(json(answer).get("error")).isEqualTo("approval denied: crm.lookup_customer needs approval");
        }
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval()).containsExactly("crm.lookup_customer"));

        ScriptedChatModel trusted = new ScriptedChatModel(call("executeToolCode", lookup), echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(crm)
                .codeMode(core -> core.trustReadOnlyHints("crm")).build()) {
            String answer = AiServices.builder(Assistant.class).chatModel(trusted).toolProvider(provider).build()
                    .chat("who is c2?");
            assertThat(json(answer).get("result")).isEqualTo("Alan Turing");
        }
    }

    @Test
    void should_deny_a_destructive_call_without_approval_and_run_it_after_approval() {
        String deleteScript = code("result = crm.delete_customer(customer_id=\"c3\")");
        ScriptedChatModel denied = new ScriptedChatModel(call("executeToolCode", deleteScript), echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(crm).build()) {
            String answer = AiServices.builder(Assistant.class).chatModel(denied).toolProvider(provider).build()
                    .chat("delete c3");

            assertThat(answer).contains("approval").contains("crm.delete_customer").doesNotContain("\"deleted\"");
            assertThat(denied.toolResults().get(0).isError()).isTrue();
        }

        List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
        ScriptedChatModel approved = new ScriptedChatModel(call("executeToolCode", deleteScript), echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                .mcpClients(List.of(crm))
                .codeMode(core -> core.approvalHandler(ApprovalHandler.asking(asked::add)))
                .build()) {
            String answer = AiServices.builder(Assistant.class).chatModel(approved).toolProvider(provider).build()
                    .chat("delete c3");

            assertThat(json(answer).get("result")).isEqualTo(Map.of("deleted", "c3"));
        }
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval()).contains("crm.delete_customer"));
    }

    @Test
    void should_hide_tools_outside_the_callers_virtual_key() {
        AccessControl access = AccessControl.builder()
                .keys(VirtualKey.withTools("support", "crm.lookup_customer", "crm.search_customers", "crm.order_history"),
                        VirtualKey.withTools("admin", "crm.*"))
                .build();
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                .mcpClients(crm)
                .codeMode(core -> core.bindingLevel(BindingLevel.SERVER).accessControl(access)
                        .approvalHandler(ApprovalHandler.allowAll()))
                .build()) {
            List<ToolExecutionResultMessage> support = browse(provider, "support");
            List<ToolExecutionResultMessage> admin = browse(provider, "admin");

            assertThat(support.get(0).text()).contains("servers/crm.pyi").contains("3 tools");
            assertThat(support.get(1).text()).contains("def lookup_customer(").doesNotContain("delete_customer");
            assertThat(support.get(2).isError()).isTrue();
            assertThat(support.get(2).text()).doesNotContain("\"deleted\"");
            assertThat(admin.get(1).text()).contains("def delete_customer(");
            assertThat(json(admin.get(2).text()).get("result")).isEqualTo(Map.of("deleted", "c1"));
        }
    }

    /** listToolFiles, readToolFile, then a script that deletes, as the holder of {@code key}. */
    private static List<ToolExecutionResultMessage> browse(CodeModeToolProvider provider, String key) {
        ScriptedChatModel model = new ScriptedChatModel(
                call("listToolFiles", "{}"),
                call("readToolFile", "{\"fileName\": \"servers/crm.pyi\"}"),
                call("executeToolCode", code("result = crm.delete_customer(customer_id=\"c1\")")),
                answer("done"));
        AiServices.builder(KeyedAssistant.class).chatModel(model).toolProvider(provider).build()
                .chat("look around", InvocationParameters.from(CodeModeToolProvider.VIRTUAL_KEY, key));
        return model.toolResults();
    }

    @Test
    void should_report_the_tools_own_error_as_a_tool_error() {
        ScriptedChatModel model = new ScriptedChatModel(
                call("executeToolCode", code("""
                        value, error = try_call(crm.fail, message="no such order")
                        result = {"value": value, "error": error}
                        """)),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(crm)
                .codeMode(core -> core.autoExecute("crm.fail")).build()) {
            String answer = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build().chat("fail");

            Map<String, Object> result = json(answer);
            assertThat(json(JsonValues.write(result.get("result")))).containsEntry("error", "crm.fail failed: no such order")
                    .containsEntry("value", null);
        }
        // the tool answered (isError), as opposed to a call that could not be made
        ToolResult direct = McpClientToolSource.of("crm", crm).callTool("fail", Map.of("message", "no such order"));
        assertThat(direct.error()).isEqualTo("no such order");
    }

    @Test
    void should_turn_protocol_errors_into_call_failures() {
        assertThatThrownBy(() -> McpClientToolSource.of("crm", crm).callTool("no_such_tool", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessageStartingWith("crm.no_such_tool ");
    }

    @Test
    void should_turn_a_langchain4j_timeout_into_an_error() throws Exception {
        McpClient impatient = client(Duration.ofMillis(300));
        try {
            ScriptedChatModel model = new ScriptedChatModel(
                    call("executeToolCode", code("result = crm.slow(ms=3000)")),
                    echoLastToolResult());
            try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                    .mcpClients(impatient)
                    .codeMode(core -> core.autoExecute("crm.slow"))
                    .build()) {
                String answer = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build()
                        .chat("be slow");

                assertThat(answer).contains("crm.slow timed out").doesNotContain("There was a timeout executing the tool\"}");
                assertThat(json(answer)).containsKey("error").doesNotContainKey("result");
                assertThat(model.toolResults().get(0).isError()).isTrue();
            }
        } finally {
            impatient.close();
        }
    }
}
