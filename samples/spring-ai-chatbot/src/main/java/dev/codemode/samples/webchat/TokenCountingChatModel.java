package dev.codemode.samples.webchat;

import java.util.List;
import java.util.Map;

import com.knuddels.jtokkit.api.Encoding;
import dev.codemode.spring.CodeModeToolCallbacks;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Records every request to the model on its turn: the messages and tool definitions sent and the
 * reply, in tokens. The model's own usage figures when it reports them; otherwise counted with
 * jtokkit over the text sent and returned. The turn comes from the tool context's parent request id.
 */
final class TokenCountingChatModel implements ChatModel {

    private final ChatModel delegate;
    private final Encoding encoding;
    private final TurnLog turns;

    TokenCountingChatModel(ChatModel delegate, Encoding encoding, TurnLog turns) {
        this.delegate = delegate;
        this.encoding = encoding;
        this.turns = turns;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        List<ToolDefinition> tools = prompt.getOptions() instanceof ToolCallingChatOptions options
                && options.getToolCallbacks() != null
                        ? options.getToolCallbacks().stream().map(ToolCallback::getToolDefinition).toList()
                        : List.of();
        ChatResponse response = delegate.call(prompt);
        Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        Turn.ModelCall call;
        if (usage != null && usage.getTotalTokens() != null && usage.getTotalTokens() > 0) {
            call = new Turn.ModelCall(prompt.getInstructions().size(), tools.size(), orZero(usage.getPromptTokens()),
                    orZero(usage.getCompletionTokens()), "API");
        } else {
            int in = prompt.getInstructions().stream().mapToInt(this::tokens).sum()
                    + tools.stream().mapToInt(t -> count(t.name() + " " + t.description() + " " + t.inputSchema())).sum();
            int out = response.getResults().stream().map(Generation::getOutput).mapToInt(this::tokens).sum();
            call = new Turn.ModelCall(prompt.getInstructions().size(), tools.size(), in, out,
                    encoding.getName());
        }
        turns.find(parentRequestId(prompt)).ifPresent(turn -> turn.modelCalled(call));
        return response;
    }

    @Override
    public ChatOptions getOptions() {
        return delegate.getOptions();
    }

    private static String parentRequestId(Prompt prompt) {
        if (prompt.getOptions() instanceof ToolCallingChatOptions options) {
            Map<String, Object> context = options.getToolContext();
            Object id = context == null ? null : context.get(CodeModeToolCallbacks.PARENT_REQUEST_ID);
            return id == null ? null : id.toString();
        }
        return null;
    }

    /** The text a message puts on the wire: its role and text, tool calls with arguments, tool results. */
    private int tokens(Message message) {
        int n = count(message.getMessageType().getValue()) + count(message.getText());
        if (message instanceof AssistantMessage assistant) {
            for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                n += count(call.name()) + count(call.arguments());
            }
        } else if (message instanceof ToolResponseMessage results) {
            for (ToolResponseMessage.ToolResponse result : results.getResponses()) {
                n += count(result.name()) + count(result.responseData());
            }
        }
        return n;
    }

    private int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
