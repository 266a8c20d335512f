package dev.codemode.samples.webchat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.codemode.samples.replay.DemoTask;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * An offline, deterministic stand-in for a model: it plays {@link DemoTask} (list the stub files,
 * read the ones it needs, run one script, answer from the result), reading nothing but the
 * conversation it is sent, like a real model. Tools run through the {@code ChatClient}'s tool-calling
 * advisor, exactly as with a real model.
 */
final class ReplayChatModel implements ChatModel {

    static final String LABEL = "offline replay model (deterministic; set OPENAI_API_KEY for a real model)";

    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public ChatResponse call(Prompt prompt) {
        String user = "";
        List<DemoTask.ToolOutput> outputs = new ArrayList<>();
        for (Message message : prompt.getInstructions()) {
            if (message instanceof UserMessage u) {
                user = u.getText();
                outputs.clear();
            } else if (message instanceof ToolResponseMessage results) {
                results.getResponses().forEach(r -> outputs.add(new DemoTask.ToolOutput(r.name(), r.responseData())));
            }
        }
        DemoTask.Step step = DemoTask.next(user, outputs);
        AssistantMessage reply = step instanceof DemoTask.Calls calls
                ? AssistantMessage.builder().content("").toolCalls(calls.calls().stream()
                        .map(c -> new AssistantMessage.ToolCall("call-" + ids.incrementAndGet(), "function", c.tool(),
                                c.arguments()))
                        .toList()).build()
                : new AssistantMessage(((DemoTask.Answer) step).text());
        return new ChatResponse(List.of(new Generation(reply)));
    }

    /** Tool-calling options, so that the {@code ChatClient} offers this model its tools. */
    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }
}
