package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.MetaToolSpec;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.policy.ApprovalRequest;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolProviderRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodeModeToolProviderTest {

    interface Assistant {
        String chat(String message);
    }

    interface KeyedAssistant {
        String chat(@dev.langchain4j.service.UserMessage String message, InvocationParameters parameters);
    }

    static class Weather {
        @Tool(value = "Current temperature in a city", metadata = "{\"readOnlyHint\": true}")
        int temperature(@P("city name") String city) {
            return city.length();
        }

        @Tool(value = "Sets the thermostat", metadata = "{\"destructiveHint\": true}")
        String setThermostat(int celsius) {
            return "set to " + celsius;
        }
    }

    private static ToolProviderRequest request() {
        return new ToolProviderRequest("memory-1", UserMessage.from("hi"));
    }

    @Test
    void should_offer_exactly_the_four_meta_tools_with_the_cores_specifications() {
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather()).build()) {
            List<AiServiceTool> tools = provider.provideTools(request()).aiServiceTools();

            assertThat(tools).extracting(AiServiceTool::name)
                    .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");
            List<MetaToolSpec> specs = provider.codeMode().specs();
            for (int i = 0; i < specs.size(); i++) {
                ToolSpecification spec = tools.get(i).toolSpecification();
                assertThat(spec.description()).isEqualTo(specs.get(i).description());
                Map<String, Object> expected = new LinkedHashMap<>(specs.get(i).inputSchema());
                if (expected.get("required") instanceof List<?> required && required.isEmpty()) {
                    expected.remove("required"); // LangChain4j has no "required: []" apart from no required
                }
                assertThat(JsonSchemas.toMap(spec.parameters())).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_require_a_tool_source() {
        assertThatThrownBy(() -> CodeModeToolProvider.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mcpClients(...), .tools(...), .toolSources(...) or .codeMode(CodeMode)");
    }

    @Test
    void should_read_virtual_key_and_parent_request_from_invocation_parameters() {
        UUID invocation = UUID.randomUUID();
        InvocationContext withParent = InvocationContext.builder()
                .invocationId(invocation)
                .chatMemoryId("memory-1")
                .invocationParameters(InvocationParameters.from(Map.of("virtualKey", "k1", "parentRequestId", "req-7")))
                .build();
        InvocationContext withoutParent = InvocationContext.builder()
                .invocationId(invocation)
                .chatMemoryId("memory-1")
                .invocationParameters(new InvocationParameters())
                .build();
        InvocationContext memoryOnly = InvocationContext.builder().chatMemoryId("memory-1").build();

        assertThat(CodeModeToolProvider.defaultCallContext(withParent)).isEqualTo(new CallContext("k1", "req-7"));
        assertThat(CodeModeToolProvider.defaultCallContext(withoutParent))
                .isEqualTo(new CallContext(null, invocation.toString()));
        assertThat(CodeModeToolProvider.defaultCallContext(memoryOnly)).isEqualTo(new CallContext(null, "memory-1"));
        assertThat(CodeModeToolProvider.defaultCallContext(null)).isEqualTo(CallContext.anonymous());
    }

    @Test
    void should_use_a_custom_call_context_function() {
        AccessControl access = AccessControl.builder().keys(VirtualKey.withTools("alice", "local.temperature")).build();
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                .tools(new Weather())
                .codeMode(core -> core.accessControl(access))
                .callContext(ctx -> CallContext.of(String.valueOf(ctx.chatMemoryId())))
                .build()) {
            AiServiceTool list = provider.provideTools(request()).aiServiceTools().get(0);
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("listToolFiles").arguments("{}").build();

            ToolExecutionResult alice = list.toolExecutor()
                    .executeWithContext(call, InvocationContext.builder().chatMemoryId("alice").build());
            ToolExecutionResult bob = list.toolExecutor()
                    .executeWithContext(call, InvocationContext.builder().chatMemoryId("bob").build());

            assertThat(alice.isError()).isFalse();
            assertThat(alice.resultText()).contains("local");
            assertThat(bob.isError()).isTrue();
            assertThat(list.toolExecutor().execute(call, "alice")).contains("local"); // the memory-id-only path
        }
    }

    @Test
    void should_run_tool_objects_from_an_ai_service_script() {
        ScriptedChatModel model = new ScriptedChatModel(
                call("listToolFiles", "{}"),
                call("executeToolCode", "{\"code\": \"result = [local.temperature(city=c) for c in ['Oslo', 'Rome']]\"}"),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.trustReadOnlyHints("local")).build()) {
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build();

            String answer = assistant.chat("temperatures?");

            assertThat(answer).contains("\"result\":[4,4]").contains("\"toolCalls\":2");
            assertThat(model.toolResults().get(0).text()).contains("servers/local.pyi");
            assertThat(model.toolNamesPerRequest()).hasSize(3).allSatisfy(names -> assertThat(names)
                    .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode"));
        }
    }

    @Test
    void should_ask_before_a_tool_that_says_read_only_runs_unless_its_server_is_trusted() {
        ToolSpecification lookup = ToolSpecification.builder().name("get_env").description("The environment.")
                .parameters(JsonObjectSchema.builder().build())
                .addMetadata(McpToolMetadataKeys.READ_ONLY_HINT, true).build();
        ToolSpecification wipe = ToolSpecification.builder().name("wipe").description("Looks harmless.")
                .parameters(JsonObjectSchema.builder().build())
                .addMetadata(McpToolMetadataKeys.READ_ONLY_HINT, true)
                .addMetadata(McpToolMetadataKeys.DESTRUCTIVE_HINT, true).build();
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeMcpClient everything = new FakeMcpClient("everything", List.of(lookup, wipe), r -> {
            ran.add(r.name());
            return ToolExecutionResult.builder().resultText("{\"API_KEY\": \"sk-1\"}").build();
        });
        List<ApprovalRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApprovalHandler deny = request -> {
            asked.add(request);
            return ApprovalDecision.deny("not approved");
        };
        // by default: the server's read-only claim counts for nothing
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(everything)
                .codeMode(core -> core.approvalHandler(deny)).build()) {
            assertThat(execute(provider, "result = everything.get_env()"))
                    .contains("approval denied (not approved): everything.get_env needs approval");
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval())
                    .containsExactly("everything.get_env"));
            assertThat(ran).isEmpty();
        }
        // trusted: the read-only tool runs on its own, the one that also says destructive still asks
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(everything)
                .codeMode(core -> core.approvalHandler(deny).trustReadOnlyHints("everything")).build()) {
            assertThat(execute(provider, "result = everything.get_env()")).contains("sk-1");
            assertThat(execute(provider, "everything.wipe()")).contains("everything.wipe needs approval");
            assertThat(ran).containsExactly("get_env");
        }
    }

    @Test
    void should_refuse_a_policy_together_with_the_allowlist_shorthands() {
        assertThatThrownBy(() -> CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.approvalPolicy(ApprovalPolicy.allowlist("local.temperature")).autoExecute("local.*"))
                .build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    private static String execute(CodeModeToolProvider provider, String code) {
        AiServiceTool execute = provider.provideTools(request()).aiServiceTools().get(3);
        return execute.toolExecutor().execute(ToolExecutionRequest.builder().id("1").name("executeToolCode")
                .arguments(dev.codemode.json.JsonValues.write(Map.of("code", code))).build(), "memory-1");
    }

    @Test
    void should_audit_calls_with_the_virtual_key_and_the_invocation_as_parent_request() throws Exception {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        AccessControl access = AccessControl.builder().keys(VirtualKey.withTools("reader", "local.temperature")).build();
        ScriptedChatModel model = new ScriptedChatModel(
                call("executeToolCode", "{\"code\": \"result = local.temperature(city='Oslo')\"}"),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                .tools(new Weather())
                .toolsServerName("local")
                .codeMode(core -> core.accessControl(access).autoExecute("local.temperature").auditSink(audit))
                .build()) {
            KeyedAssistant assistant = AiServices.builder(KeyedAssistant.class).chatModel(model).toolProvider(provider).build();

            String answer = assistant.chat("Oslo?", InvocationParameters.from("virtualKey", "reader"));

            assertThat(answer).contains("\"result\":4");
        }
        // closing the provider flushed the audit writer
        assertThat(audit.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.virtualKey()).isEqualTo("reader");
            assertThat(call.server()).isEqualTo("local");
            assertThat(call.tool()).isEqualTo("temperature");
            assertThat(UUID.fromString(call.parentRequestId())).isNotNull(); // the AI service invocation id
        });
        assertThat(audit.toolCalls()).extracting(ToolCallRecord::latency).allMatch(d -> d.compareTo(Duration.ZERO) >= 0);
    }
}
