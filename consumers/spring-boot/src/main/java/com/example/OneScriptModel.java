package com.example;

import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * An offline stand-in for a model: it asks for one {@code executeToolCode} call with its script, then
 * answers with the tool's result as it came back, and keeps that answer for the caller to check.
 */
final class OneScriptModel implements ChatModel {

    private final String script;
    private volatile String lastAnswer;

    OneScriptModel(String script) {
        this.script = script;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        Message last = messages.get(messages.size() - 1);
        AssistantMessage reply;
        if (last instanceof ToolResponseMessage results) {
            lastAnswer = results.getResponses().get(0).responseData();
            reply = new AssistantMessage(lastAnswer);
        } else {
            String arguments = "{\"code\": " + jsonString(script) + "}";
            reply = AssistantMessage.builder().content("")
                    .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "executeToolCode", arguments)))
                    .build();
        }
        return new ChatResponse(List.of(new Generation(reply)));
    }

    /** Tool-calling options, so that the {@code ChatClient} offers this model its tools. */
    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }

    /** The last answer given: the result of executeToolCode. */
    String lastAnswer() {
        return lastAnswer;
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
