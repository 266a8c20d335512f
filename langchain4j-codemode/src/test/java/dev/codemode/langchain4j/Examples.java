package dev.codemode.langchain4j;

import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.Slf4jAuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Every code sample of docs/langchain4j.md, compiled with the tests so the docs cannot drift. */
final class Examples {

    private Examples() {
    }

    interface Assistant {
        String chat(String message);
    }

    interface KeyedAssistant {
        String chat(@UserMessage String message, InvocationParameters parameters);
    }

    static class Clock {
        @Tool(value = "The current time, ISO-8601", metadata = "{\"readOnlyHint\": true}")
        String now() {
            return java.time.Instant.now().toString();
        }
    }

    // --- docs/langchain4j.md: the README section (also compiled, as written, by consumers/langchain4j) ---
    static List<McpClient> readmeClients(String crmUrl) {
        List<McpClient> mcpClients = List.of(DefaultMcpClient.builder()
                .key("crm")                                  // the server's name in scripts: crm.lookup_customer(...)
                .transport(StreamableHttpMcpTransport.builder().url(crmUrl).build())   // e.g. "http://localhost:8931/crm/mcp"
                .build());
        return mcpClients;
    }

    static Assistant readme(ChatModel model, List<McpClient> mcpClients) {
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(model)
                .toolProvider(CodeModeToolProvider.builder()
                        .mcpClients(mcpClients)
                        .codeMode(core -> core.autoExecute("crm.lookup_customer"))   // the allowlist; all else asks
                        .build())
                .build();
        return assistant;
    }

    // --- docs/langchain4j.md: MCP clients ---
    static McpClient crmClient() {
        McpClient crm = DefaultMcpClient.builder()
                .key("crm")                                  // the server name scripts use: crm.lookup_customer(...)
                .transport(StdioMcpTransport.builder().command(List.of("java", "-jar", "crm-server.jar")).build())
                .toolExecutionTimeout(Duration.ofSeconds(20))
                .build();
        return crm;
    }

    // --- docs/langchain4j.md: every option ---
    static CodeModeToolProvider everyOption(List<McpClient> mcpClients) {
        CodeModeToolProvider codeMode = CodeModeToolProvider.builder()
                .mcpClients(mcpClients)                                   // LangChain4j MCP clients, any transport
                .tools(new Clock())                                       // @Tool objects: server "local"
                .toolsServerName("local")
                .callContext(ctx -> CallContext.of(ctx.invocationParameters().get("virtualKey")))
                .codeMode(core -> core                                    // every option of CodeMode.builder()
                        .bindingLevel(BindingLevel.SERVER)
                        .limits(Limits.builder().timeout(Duration.ofSeconds(10)).maxToolCalls(20).build())
                        .autoExecute("crm.lookup_customer", "orders.*")   // only these run without approval
                        .trustReadOnlyHints("local")                      // and local read-only tools (our own code)
                        .approvalHandler(ApprovalHandler.asking(request -> askTheUser(request.needApproval())))
                        .accessControl(AccessControl.builder()
                                .groups(ToolGroup.of("read", "crm.lookup_customer", "crm.search_customers", "orders.*"))
                                .keys(VirtualKey.withGroups("support-key", "read"), VirtualKey.withTools("admin-key", "*"))
                                .build())
                        .auditSink(new Slf4jAuditSink())
                        .toolCosts(ToolCosts.builder().price("billing.*", new BigDecimal("0.01")).build()))
                .build();
        return codeMode;
    }

    // --- docs/langchain4j.md: a CodeMode of your own ---
    static CodeModeToolProvider ownCodeMode(McpClient crm, Resilience resilience) {
        CodeMode core = CodeMode.builder()
                .toolSources(McpClientToolSource.of("crm", crm))
                .resilience(resilience)                                   // e.g. on your CircuitBreakerRegistry
                .autoExecute("crm.lookup_customer")
                .build();
        core.warmUp();                                                    // at start-up, off the request path
        CodeModeToolProvider codeMode = CodeModeToolProvider.builder().codeMode(core).build();
        return codeMode;                                                  // closing it leaves core open: you close it
    }

    // --- docs/langchain4j.md: virtual keys ---
    static String keyed(ChatModel model, CodeModeToolProvider codeMode) {
        KeyedAssistant assistant = AiServices.builder(KeyedAssistant.class)
                .chatModel(model)
                .toolProvider(codeMode)
                .build();
        String answer = assistant.chat("Delete customer c3",
                InvocationParameters.from(CodeModeToolProvider.VIRTUAL_KEY, "support-key"));
        return answer;
    }

    private static boolean askTheUser(List<String> tools) {
        return false;
    }
}
