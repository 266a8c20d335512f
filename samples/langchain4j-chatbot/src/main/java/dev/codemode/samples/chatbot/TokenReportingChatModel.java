package dev.codemode.samples.chatbot;

import com.knuddels.jtokkit.api.Encoding;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints, for each request to the model, the tools it offers and the input tokens it carries; and, per
 * turn, the total, for the chatbot to print beside the estimate of standard tool calling.
 *
 * <p>Counted with jtokkit (o200k_base): the messages as role, text, tool calls and tool results, plus
 * the tool definitions as an OpenAI-compatible {@code tools} array, counted by the core
 * ({@link MetaToolSpec#definitionTokens}). The API's own count is printed too when the model reports one.
 */
final class TokenReportingChatModel implements ChatModel {

    /** One turn's requests and Code Mode input tokens. */
    record TurnTokens(int requests, int codeModeInput) {
    }

    private final ChatModel delegate;
    private final Encoding encoding;
    private final CodeMode codeMode;
    private final CallContext caller;
    private final PrintStream out;
    private int requests;
    private int codeModeInput;

    /**
     * @param codeMode the core behind the tool provider: what it offers {@code caller}
     * @param caller   whose view the requests are made for (the virtual key of this chat)
     */
    TokenReportingChatModel(ChatModel delegate, Encoding encoding, CodeMode codeMode, CallContext caller,
            PrintStream out) {
        this.delegate = delegate;
        this.encoding = encoding;
        this.codeMode = codeMode;
        this.caller = caller;
        this.out = out;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        int messages = 0;
        for (ChatMessage m : request.messages()) {
            messages += tokens(m);
        }
        // The request's tools are the ones the provider offered this caller (the assistant has no others).
        Set<String> names = request.toolSpecifications().stream().map(ToolSpecification::name).collect(Collectors.toSet());
        List<MetaToolSpec> offered = codeMode.specs(caller).stream().filter(s -> names.contains(s.name())).toList();
        int in = messages + MetaToolSpec.definitionTokens(offered);
        ChatResponse response = delegate.chat(request);
        synchronized (this) {
            requests++;
            codeModeInput += in;
        }
        String reported = response.tokenUsage() == null ? ""
                : "; API: " + response.tokenUsage().inputTokenCount() + " in / " + response.tokenUsage().outputTokenCount()
                        + " out";
        out.printf(Locale.ROOT, "  [request: %d messages, %d tools, %,d input tokens%s]%n", request.messages().size(),
                offered.size(), in, reported);
        return response;
    }

    /** The turn's totals since the last call, and a fresh start for the next turn. */
    synchronized TurnTokens endTurn() {
        TurnTokens turn = new TurnTokens(requests, codeModeInput);
        requests = 0;
        codeModeInput = 0;
        return turn;
    }

    /** What a message puts on the wire: its role and text, tool calls with their arguments, tool results. */
    int tokens(ChatMessage message) {
        int n = count(message.type().name().toLowerCase(Locale.ROOT));
        if (message instanceof SystemMessage system) {
            n += count(system.text());
        } else if (message instanceof UserMessage user) {
            n += count(user.hasSingleText() ? user.singleText() : String.valueOf(user.contents()));
        } else if (message instanceof AiMessage ai) {
            n += count(ai.text());
            if (ai.hasToolExecutionRequests()) {
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    n += count(call.name()) + count(call.arguments());
                }
            }
        } else if (message instanceof ToolExecutionResultMessage result) {
            n += count(result.toolName()) + count(result.text());
        } else {
            n += count(String.valueOf(message));
        }
        return n;
    }

    int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
