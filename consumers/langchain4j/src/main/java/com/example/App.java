package com.example;

import dev.codemode.langchain4j.CodeModeToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;

/**
 * Runs the README's LangChain4j code, as written, against the demo crm server: the model (an offline
 * stand-in) writes one script, Code Mode runs it, and the answer must be customer c42's name.
 *
 * <pre>java -cp ... com.example.App http://127.0.0.1:8931/crm/mcp</pre>
 * Exit code 0 when the answer is right, 1 otherwise.
 */
public final class App {

    static final String SCRIPT = "c = crm.lookup_customer(customer_id=\"c42\")\nresult = c[\"name\"]";
    static final String EXPECTED = "{\"result\":\"Margaret Hamilton\"";   // DemoData: c42

    private App() {
    }

    public static void main(String[] args) throws Exception {
        String crmUrl = args.length > 0 ? args[0] : "http://localhost:8931/crm/mcp";
        ChatModel model = new OneScriptModel(SCRIPT);

        // README, "LangChain4j", as written:
        List<McpClient> mcpClients = List.of(DefaultMcpClient.builder()
                .key("crm")                                  // the server's name in scripts: crm.lookup_customer(...)
                .transport(StreamableHttpMcpTransport.builder().url(crmUrl).build())   // e.g. "http://localhost:8931/crm/mcp"
                .build());
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(model)
                .toolProvider(CodeModeToolProvider.builder()
                        .mcpClients(mcpClients)
                        .codeMode(core -> core.autoExecute("crm.lookup_customer"))   // the allowlist; all else asks
                        .build())
                .build();

        String answer;
        try {
            answer = assistant.chat("What is the name of customer c42?");
        } finally {
            for (McpClient client : mcpClients) {
                client.close();
            }
        }
        System.out.println("answer: " + answer);
        if (answer == null || !answer.startsWith(EXPECTED)) {
            System.err.println("FAILED: expected an executeToolCode result starting with " + EXPECTED);
            System.exit(1);
        }
        System.out.println("OK: LangChain4j consumer ran one script through Code Mode");
        System.exit(0);
    }
}
