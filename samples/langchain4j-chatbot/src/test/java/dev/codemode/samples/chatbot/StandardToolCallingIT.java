package dev.codemode.samples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.json.JsonValues;
import dev.codemode.langchain4j.CodeModeToolProvider;
import dev.codemode.samples.replay.DemoTask;
import dev.codemode.samples.servers.DemoServers;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo task with standard tool calling, for real: LangChain4j's own {@code McpToolProvider} offers
 * the model every tool of the four demo servers, and a scripted model does the task the standard way
 * (look the customer and their orders up, apply the discount, send the email, answer), reading each
 * step's input from the tool results it is sent. Its requests are counted as the console chatbot
 * counts (same message counting, the same definitions counted by the core), and compared with what
 * the chatbot prints for the same task: Code Mode's figure and its estimate of standard tool calling,
 * the figures docs/samples.md quotes.
 */
class StandardToolCallingIT {

    interface Assistant {
        String chat(String message);
    }

    /** Plays the demo task with the servers' own tools, from the conversation alone. */
    static final class StandardDemoModel implements ChatModel {
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            Map<String, Object> results = new HashMap<>();
            for (ChatMessage message : request.messages()) {
                if (message instanceof ToolExecutionResultMessage r) {
                    results.put(r.toolName(), JsonValues.parseOrText(r.text()));
                }
            }
            AiMessage reply;
            if (results.isEmpty()) {
                reply = AiMessage.from(call("lookup_customer", Map.of("customer_id", "c42")),
                        call("order_history", Map.of("customer_id", "c42")));
            } else if (!results.containsKey("apply_discount")) {
                double spent = 0;
                for (Object order : (List<?>) ((Map<?, ?>) results.get("order_history")).get("orders")) {
                    spent += ((Number) ((Map<?, ?>) order).get("total")).doubleValue();
                }
                reply = AiMessage.from(call("apply_discount", Map.of("customer_id", "c42", "percent", spent > 500 ? 10 : 5,
                        "reason", "loyalty")));
            } else if (!results.containsKey("send_confirmation")) {
                Map<?, ?> customer = (Map<?, ?>) results.get("lookup_customer");
                Map<?, ?> discount = (Map<?, ?>) results.get("apply_discount");
                reply = AiMessage.from(call("send_confirmation", Map.of("to", customer.get("email"),
                        "subject", "A " + discount.get("percent") + "% discount for you",
                        "body", "Hello " + customer.get("name") + ", your code is " + discount.get("code") + ".")));
            } else {
                reply = AiMessage.from("Done. " + ((Map<?, ?>) results.get("lookup_customer")).get("name")
                        + " (c42) got a loyalty discount, code " + ((Map<?, ?>) results.get("apply_discount")).get("code")
                        + ", and an email.");
            }
            return ChatResponse.builder().aiMessage(reply).build();
        }

        private ToolExecutionRequest call(String tool, Map<String, Object> arguments) {
            return ToolExecutionRequest.builder().id("call-" + tool).name(tool).arguments(JsonValues.write(arguments))
                    .build();
        }
    }

    @Test
    void should_match_the_chatbots_estimate_within_ten_percent_on_the_demo_task()
            throws Exception {
        // given what the console chatbot prints for the demo task through Code Mode
        TurnFigures codeMode = TurnFigures.parse(ConsoleChatbotTest.run(DemoTask.PROMPT + "\ny\nquit\n"));

        // when the same task runs with standard tool calling
        StandardDemoModel model = new StandardDemoModel();
        int standardRun = 0;
        try (DemoServers.Http servers = DemoServers.startHttp(0)) {
            List<McpClient> clients = new ArrayList<>();
            for (String server : DemoServers.NAMES) {
                clients.add(DefaultMcpClient.builder().key(server)
                        .transport(StreamableHttpMcpTransport.builder().url(servers.url(server)).build()).build());
            }
            try (CodeModeToolProvider counting = CodeModeToolProvider.builder().mcpClients(clients).build()) {
                Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                        .toolProvider(McpToolProvider.builder().mcpClients(clients).build()).build();
                String answer = assistant.chat(DemoTask.PROMPT);
                assertThat(answer).startsWith("Done. Margaret Hamilton (c42)").contains("SAVE10-C42");

                // counted as the chatbot counts: the messages, and every tool's definition by the core
                List<MetaToolSpec> definitions = counting.codeMode().directSpecs(CallContext.anonymous());
                assertThat(definitions).hasSize(12);
                assertThat(model.requests).allSatisfy(r -> assertThat(r.toolSpecifications()).hasSize(12));
                TokenReportingChatModel counter = new TokenReportingChatModel(model,
                        Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE), counting.codeMode(),
                        CallContext.anonymous(), System.out);
                for (ChatRequest request : model.requests) {
                    standardRun += request.messages().stream().mapToInt(counter::tokens).sum()
                            + MetaToolSpec.definitionTokens(definitions);
                }
            } finally {
                for (McpClient client : clients) {
                    client.close();
                }
            }
        }

        // then the chatbot's estimate of standard tool calling, built from the calls its script made, is within
        // 10% of the real run; on these 12 small tools the real run costs about what Code Mode costs
        System.out.printf("demo task, input tokens: Code Mode %d in %d requests; standard tool calling estimated %d"
                        + " in %d requests; run for real %d in %d requests%n", codeMode.codeMode(),
                codeMode.requests().size(), codeMode.standard(), codeMode.standardRequests(), standardRun,
                model.requests.size());
        assertThat(model.requests).hasSize(4);
        assertThat((double) codeMode.standard()).isCloseTo(standardRun, org.assertj.core.data.Percentage.withPercentage(10));
    }
}
