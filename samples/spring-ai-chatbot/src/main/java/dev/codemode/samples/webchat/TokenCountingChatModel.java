package dev.codemode.samples.webchat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.knuddels.jtokkit.api.Encoding;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
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
 * reply, in tokens. The model's own usage figures when it reports them; otherwise counted with jtokkit
 * (o200k_base) over the messages sent and the reply, plus the tool definitions as an OpenAI-compatible
 * {@code tools} array counted by the core ({@link MetaToolSpec#definitionTokens}). The turn and the
 * caller come from the tool context (parent request id, virtual key); the estimate of standard tool
 * calling is made when the turn ends ({@link ChatService}).
 */
final class TokenCountingChatModel implements ChatModel {

    private final ChatModel delegate;
    private final Encoding encoding;
    private final TurnLog turns;
    private final CodeMode codeMode;

    TokenCountingChatModel(ChatModel delegate, Encoding encoding, TurnLog turns, CodeMode codeMode) {
        this.delegate = delegate;
        this.encoding = encoding;
        this.turns = turns;
        this.codeMode = codeMode;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        List<ToolDefinition> tools = prompt.getOptions() instanceof ToolCallingChatOptions options
                && options.getToolCallbacks() != null
                        ? options.getToolCallbacks().stream().map(ToolCallback::getToolDefinition).toList()
                        : List.of();
        CallContext caller = caller(prompt);
        // The request's tools are those Code Mode offers this caller (the ChatClient has no others).
        Set<String> names = tools.stream().map(ToolDefinition::name).collect(Collectors.toSet());
        List<MetaToolSpec> offered = codeMode.specs(caller).stream().filter(s -> names.contains(s.name())).toList();
        int offeredDefinitions = MetaToolSpec.definitionTokens(offered);
        ChatResponse response = delegate.call(prompt);
        Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        int in;
        int out;
        String source;
        if (usage != null && usage.getTotalTokens() != null && usage.getTotalTokens() > 0) {
            in = orZero(usage.getPromptTokens());
            out = orZero(usage.getCompletionTokens());
            source = "API";
        } else {
            in = prompt.getInstructions().stream().mapToInt(this::tokens).sum() + offeredDefinitions;
            out = response.getResults().stream().map(Generation::getOutput).mapToInt(this::tokens).sum();
            source = encoding.getName();
        }
        Turn.ModelCall call = new Turn.ModelCall(prompt.getInstructions().size(), tools.size(), in, out, source);
        turns.find(caller.parentRequestId()).ifPresent(turn -> turn.modelCalled(call));
        return response;
    }

    @Override
    public ChatOptions getOptions() {
        return delegate.getOptions();
    }

    private static CallContext caller(Prompt prompt) {
        if (prompt.getOptions() instanceof ToolCallingChatOptions options && options.getToolContext() != null) {
            Map<String, Object> context = options.getToolContext();
            Object key = context.get(CodeModeToolCallbacks.VIRTUAL_KEY);
            Object id = context.get(CodeModeToolCallbacks.PARENT_REQUEST_ID);
            return new CallContext(key == null ? null : key.toString(), id == null ? null : id.toString());
        }
        return CallContext.anonymous();
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
