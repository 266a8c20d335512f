package dev.codemode.samples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.langchain4j.CodeModeToolProvider;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.samples.servers.DemoServers;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AiServices with a scripted model against the four demo servers as separate processes over
 * stdio: discovery, stub reading and the four-step workflow in one executeToolCode call, with only
 * the meta-tools ever offered to the model.
 */
class DemoServersOverStdioIT {

    interface Assistant {
        String chat(String message);
    }

    /** Records every request before the replay model answers it. */
    static final class Recording implements ChatModel {
        final ChatModel delegate = new ReplayChatModel();
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            return delegate.chat(request);
        }
    }

    @Test
    void should_run_the_seed_workflow_in_one_script_with_only_the_meta_tools_offered() {
        List<McpClient> clients = new ArrayList<>();
        for (String server : DemoServers.NAMES) {
            clients.add(DefaultMcpClient.builder().key(server)
                    .transport(StdioMcpTransport.builder().command(DemoServers.stdioCommand(server)).build())
                    .build());
        }
        Recording model = new Recording();
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().mcpClients(clients)
                .codeMode(core -> core.approvalHandler(ApprovalHandler.allowAll())).build()) {
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build();

            String answer = assistant.chat("Give customer c42 a loyalty discount and email them");

            assertThat(answer).startsWith("Done. ").contains("(c42)").contains("loyalty discount, code SAVE");
            assertThat(model.requests).allSatisfy(request -> assertThat(request.toolSpecifications())
                    .extracting(ToolSpecification::name)
                    .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode"));
            // the last request holds the whole turn: one listing, the stub reads, ONE script
            List<String> turn = new ArrayList<>();
            model.requests.get(model.requests.size() - 1).messages().stream().filter(AiMessage.class::isInstance)
                    .map(AiMessage.class::cast).filter(AiMessage::hasToolExecutionRequests)
                    .forEach(m -> m.toolExecutionRequests().forEach(t -> turn.add(t.name())));
            assertThat(turn).containsExactly("listToolFiles", "readToolFile", "readToolFile", "readToolFile",
                    "readToolFile", "executeToolCode");
        } finally {
            clients.forEach(client -> {
                try {
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
