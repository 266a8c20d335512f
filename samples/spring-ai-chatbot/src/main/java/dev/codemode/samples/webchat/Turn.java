package dev.codemode.samples.webchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.codemode.json.JsonValues;

/**
 * One chat turn as it happens: the user's message, every request to the model with its tokens, every
 * meta-tool call with its result, and the answer. Written by the turn's worker thread, read by page
 * requests through {@link #view()}.
 */
final class Turn {

    enum Status { RUNNING, DONE, FAILED }

    /**
     * One meta-tool call; {@code result} and {@code millis} are null while it runs.
     *
     * @param script   the script, for {@code executeToolCode}; null otherwise
     * @param approval where the script's approval stands, when it needed one; null otherwise
     */
    record ToolCall(String tool, String arguments, String script, String approval, String result, Long millis) {

        public boolean isRunning() {
            return result == null;
        }
    }

    /**
     * One request to the model.
     *
     * @param source {@code API} when the model reported its usage, else the jtokkit encoding that counted
     */
    record ModelCall(int messages, int tools, int inputTokens, int outputTokens, String source) {
    }

    /** What the page and the JSON API show. */
    record View(String id, Instant started, String message, String virtualKey, Status status, String answer,
            String error, List<ToolCall> toolCalls, List<ModelCall> modelCalls, int inputTokens, int outputTokens) {

        public boolean isRunning() {
            return status == Status.RUNNING;
        }
    }

    private final String id;
    private final Instant started = Instant.now();
    private final String message;
    private final String virtualKey;
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final List<ModelCall> modelCalls = new ArrayList<>();
    private Status status = Status.RUNNING;
    private String answer;
    private String error;

    Turn(String id, String message, String virtualKey) {
        this.id = id;
        this.message = message;
        this.virtualKey = virtualKey;
    }

    String id() {
        return id;
    }

    String message() {
        return message;
    }

    String virtualKey() {
        return virtualKey;
    }

    /** Records a call as it starts; returns its index for {@link #toolReturned}. */
    synchronized int toolCalled(String tool, String arguments) {
        String script = null;
        if ("executeToolCode".equals(tool) && JsonValues.parseOrText(arguments) instanceof Map<?, ?> args
                && args.get("code") instanceof String code) {
            script = code;
        }
        toolCalls.add(new ToolCall(tool, arguments, script, null, null, null));
        return toolCalls.size() - 1;
    }

    synchronized void toolReturned(int index, String result, long millis) {
        ToolCall call = toolCalls.get(index);
        toolCalls.set(index, new ToolCall(call.tool(), call.arguments(), call.script(), call.approval(), result, millis));
    }

    /** Notes where the approval of the running script stands ("waiting on the approvals panel", "approved"). */
    synchronized void approval(String state) {
        for (int i = toolCalls.size() - 1; i >= 0; i--) {
            ToolCall call = toolCalls.get(i);
            if (call.script() != null && call.isRunning()) {
                toolCalls.set(i, new ToolCall(call.tool(), call.arguments(), call.script(), state, null, null));
                return;
            }
        }
    }

    synchronized void modelCalled(ModelCall call) {
        modelCalls.add(call);
    }

    synchronized void answered(String text) {
        answer = text;
        status = Status.DONE;
    }

    synchronized void failed(String reason) {
        error = reason;
        status = Status.FAILED;
    }

    synchronized View view() {
        int in = modelCalls.stream().mapToInt(ModelCall::inputTokens).sum();
        int out = modelCalls.stream().mapToInt(ModelCall::outputTokens).sum();
        return new View(id, started, message, virtualKey, status, answer, error, List.copyOf(toolCalls),
                List.copyOf(modelCalls), in, out);
    }
}
