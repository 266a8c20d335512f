package dev.codemode.samples.chatbot;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offline, deterministic stand-in for a model: for a request about a customer it does what a
 * good model does with Code Mode, in four steps: list the stub files, read the ones it needs, run
 * one script, answer from the result. It reads nothing but the conversation it is sent, like a
 * real model, so the flow shows exactly what Code Mode returns.
 */
final class ReplayChatModel implements ChatModel {

    static final String LABEL = "offline replay model (deterministic; set OPENAI_API_KEY for a real model)";
    private static final Pattern CUSTOMER = Pattern.compile("\\bc\\d+\\b");
    private static final List<String> NEEDED_SERVERS = List.of("crm", "orders", "billing", "email");
    private static final List<String> NEEDED_TOOLS = List.of("lookup_customer", "order_history", "apply_discount",
            "send_confirmation");

    private int ids;

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String user = "";
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m instanceof UserMessage u) {
                user = u.singleText();
                results.clear();
            } else if (m instanceof ToolExecutionResultMessage r) {
                results.add(r);
            }
        }
        Matcher customer = CUSTOMER.matcher(user);
        if (!customer.find()) {
            return answer("(replay) I can only replay the demo task. Try: \"Give customer c42 a loyalty discount and"
                    + " email them.\"");
        }
        String customerId = customer.group();
        if (results.isEmpty()) {
            return call("listToolFiles", "{}");
        }
        ToolExecutionResultMessage last = results.get(results.size() - 1);
        return switch (last.toolName()) {
            case "listToolFiles" -> readNeededFiles(last.text());
            case "readToolFile" -> call("executeToolCode", "{\"code\": " + json(SeedScript.forCustomer(customerId)) + "}");
            case "executeToolCode" -> answer(SeedScript.summarise(last.text()));
            default -> answer("(replay) unexpected tool result from " + last.toolName());
        };
    }

    /** One readToolFile per listed file that holds a tool the task needs, in one turn. */
    private ChatResponse readNeededFiles(String listing) {
        List<ToolExecutionRequest> reads = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            String path = line.split("\\s+")[0];
            boolean serverFile = NEEDED_SERVERS.stream().anyMatch(s -> path.equals("servers/" + s + ".pyi"));
            boolean toolFile = NEEDED_TOOLS.stream().anyMatch(t -> path.endsWith("/" + t + ".pyi"));
            if (serverFile || toolFile) {
                reads.add(request("readToolFile", "{\"fileName\": " + json(path) + "}"));
            }
        }
        if (reads.isEmpty()) {
            return answer("(replay) the tools this task needs are not available to you.");
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(reads)).build();
    }

    private ChatResponse call(String tool, String arguments) {
        return ChatResponse.builder().aiMessage(AiMessage.from(List.of(request(tool, arguments)))).build();
    }

    private ToolExecutionRequest request(String tool, String arguments) {
        return ToolExecutionRequest.builder().id("call-" + ++ids).name(tool).arguments(arguments).build();
    }

    private static ChatResponse answer(String text) {
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
