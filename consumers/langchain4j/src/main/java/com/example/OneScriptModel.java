package com.example;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;

/**
 * An offline stand-in for a model: it asks for one {@code executeToolCode} call with its script, then
 * answers with the tool's result as it came back, so the caller can check what Code Mode returned.
 */
final class OneScriptModel implements ChatModel {

    private final String script;

    OneScriptModel(String script) {
        this.script = script;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof ToolExecutionResultMessage result) {
            return ChatResponse.builder().aiMessage(AiMessage.from(result.text())).finishReason(FinishReason.STOP).build();
        }
        boolean offered = request.toolSpecifications().stream().anyMatch(t -> t.name().equals("executeToolCode"));
        if (!offered) {
            return ChatResponse.builder().aiMessage(AiMessage.from("executeToolCode was not offered"))
                    .finishReason(FinishReason.STOP).build();
        }
        String arguments = "{\"code\": " + jsonString(script) + "}";
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-1").name("executeToolCode")
                .arguments(arguments).build();
        return ChatResponse.builder().aiMessage(AiMessage.from(call)).finishReason(FinishReason.TOOL_EXECUTION).build();
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
