package dev.codemode.samples.chatbot;

import dev.codemode.samples.replay.DemoTask;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * An offline, deterministic stand-in for a model: it plays {@link DemoTask} (list the stub files,
 * read the ones it needs, run one script, answer from the result), reading nothing but the
 * conversation it is sent, like a real model.
 */
final class ReplayChatModel implements ChatModel {

    static final String LABEL = "offline replay model (deterministic; set OPENAI_API_KEY for a real model)";

    private int ids;

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String user = "";
        List<DemoTask.ToolOutput> outputs = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                user = u.singleText();
                outputs.clear();
            } else if (m instanceof ToolExecutionResultMessage r) {
                outputs.add(new DemoTask.ToolOutput(r.toolName(), r.text()));
            }
        }
        DemoTask.Step step = DemoTask.next(user, outputs);
        AiMessage reply = step instanceof DemoTask.Calls calls
                ? AiMessage.from(calls.calls().stream()
                        .map(c -> ToolExecutionRequest.builder().id("call-" + ++ids).name(c.tool())
                                .arguments(c.arguments()).build())
                        .toList())
                : AiMessage.from(((DemoTask.Answer) step).text());
        return ChatResponse.builder().aiMessage(reply).build();
    }
}
