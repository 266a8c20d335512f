package dev.codemode.samples.chatbot;

import com.knuddels.jtokkit.api.Encoding;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.PrintStream;

/**
 * Prints, for each request to the model, the tools it offers and the input tokens it carries:
 * counted with jtokkit (o200k_base) over the messages and tool definitions, and as the API reports
 * them when it does.
 */
final class TokenReportingChatModel implements ChatModel {

    private final ChatModel delegate;
    private final Encoding encoding;
    private final PrintStream out;

    TokenReportingChatModel(ChatModel delegate, Encoding encoding, PrintStream out) {
        this.delegate = delegate;
        this.encoding = encoding;
        this.out = out;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        int tokens = 0;
        for (ChatMessage m : request.messages()) {
            tokens += encoding.countTokens(String.valueOf(m));
        }
        int tools = 0;
        for (ToolSpecification spec : request.toolSpecifications()) {
            tokens += encoding.countTokens(spec.name() + " " + spec.description() + " " + spec.parameters());
            tools++;
        }
        ChatResponse response = delegate.chat(request);
        String reported = response.tokenUsage() == null ? ""
                : ", API: " + response.tokenUsage().inputTokenCount() + " in / " + response.tokenUsage().outputTokenCount()
                        + " out";
        out.println("  [request: " + request.messages().size() + " messages, " + tools + " tools, ~" + tokens
                + " input tokens" + reported + "]");
        return response;
    }
}
