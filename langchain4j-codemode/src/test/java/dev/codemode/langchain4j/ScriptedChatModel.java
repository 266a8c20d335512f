package dev.codemode.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat model that plays pre-programmed turns and records every request it receives. A turn sees the
 * request, so it can use what the previous tool call returned (e.g. a file name from listToolFiles).
 */
final class ScriptedChatModel implements ChatModel {

    private final List<Function<ChatRequest, AiMessage>> turns;
    private final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger next = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    @SafeVarargs
    ScriptedChatModel(Function<ChatRequest, AiMessage>... turns) {
        List<Function<ChatRequest, AiMessage>> copy = new ArrayList<>();
        for (Function<ChatRequest, AiMessage> turn : turns) {
            copy.add(turn);
        }
        this.turns = List.copyOf(copy);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        int turn = next.getAndIncrement();
        if (turn >= turns.size()) {
            throw new IllegalStateException("the script has only " + turns.size() + " turns");
        }
        AiMessage message = turns.get(turn).apply(request);
        return ChatResponse.builder()
                .aiMessage(message)
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    /** Every request the model received, in order. */
    List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** A turn that calls one tool. */
    static Function<ChatRequest, AiMessage> call(String tool, String argumentsJson) {
        return request -> AiMessage.from(ToolExecutionRequest.builder()
                .id("call-" + IDS.incrementAndGet())
                .name(tool)
                .arguments(argumentsJson)
                .build());
    }

    /** A turn that answers with text. */
    static Function<ChatRequest, AiMessage> answer(String text) {
        return request -> AiMessage.from(text);
    }

    /** A turn that answers with the last tool result it received, so the test can read it. */
    static Function<ChatRequest, AiMessage> echoLastToolResult() {
        return request -> AiMessage.from(lastToolResult(request).text());
    }

    static ToolExecutionResultMessage lastToolResult(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage result) {
                return result;
            }
        }
        throw new IllegalStateException("no tool result in the request");
    }

    /** Names of the tools offered in every request, per request. */
    List<List<String>> toolNamesPerRequest() {
        return requests().stream()
                .map(r -> r.toolSpecifications().stream().map(ToolSpecification::name).toList())
                .toList();
    }

    /** Every tool result message the model received, in order (without repeats across requests). */
    List<ToolExecutionResultMessage> toolResults() {
        List<ChatRequest> all = requests();
        if (all.isEmpty()) {
            return List.of();
        }
        return all.get(all.size() - 1).messages().stream()
                .filter(ToolExecutionResultMessage.class::isInstance)
                .map(ToolExecutionResultMessage.class::cast)
                .toList();
    }
}
