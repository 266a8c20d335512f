package dev.codemode.samples.webchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.servers.StandardToolCallingEstimate;

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

        /** While its script waits for a decision: the page shows the script once, on the approvals panel. */
        public boolean isOnApprovalsPanel() {
            return result == null && WAITING_FOR_APPROVAL.equals(approval);
        }
    }

    /** Where a script's approval stands while it waits. */
    static final String WAITING_FOR_APPROVAL = "waiting on the approvals panel";

    /**
     * One request to the model.
     *
     * @param source {@code API} when the model reported its usage, else the jtokkit encoding that counted
     */
    record ModelCall(int messages, int tools, int inputTokens, int outputTokens, String source) {
    }

    /**
     * What the page and the JSON API show.
     *
     * @param number   the turn's number in this conversation, from 1: the page says "turn 3"
     * @param standard the estimate of standard tool calling for this turn's tool calls; null until answered
     */
    record View(String id, int number, Instant started, String message, String virtualKey, Status status,
            String answer, String error, List<ToolCall> toolCalls, List<ModelCall> modelCalls, int inputTokens,
            int outputTokens, StandardToolCallingEstimate.Turn standard) {

        public boolean isRunning() {
            return status == Status.RUNNING;
        }

        /**
         * Code Mode's input tokens beside the estimate of standard tool calling, e.g. "Code Mode 3,915 in (4
         * requests) / standard tool calling ~4,100 in (estimated: 7 tool definitions on each of 4 requests, the
         * same 4 tool calls and results)"; Code Mode's alone until the turn is answered, empty before the first
         * request.
         */
        public String getTokenComparison() {
            if (modelCalls.isEmpty()) {
                return "";
            }
            return standard == null
                    ? String.format(Locale.ROOT, "Code Mode %,d in (%d request%s)", inputTokens, modelCalls.size(),
                            modelCalls.size() == 1 ? "" : "s")
                    : StandardToolCallingEstimate.line(inputTokens, modelCalls.size(), standard);
        }
    }

    private final String id;
    private final int number;
    private final Instant started = Instant.now();
    private final String message;
    private final String virtualKey;
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final List<ModelCall> modelCalls = new ArrayList<>();
    private Status status = Status.RUNNING;
    private String answer;
    private String error;
    private StandardToolCallingEstimate.Turn standard;

    Turn(String id, int number, String message, String virtualKey) {
        this.id = id;
        this.number = number;
        this.message = message;
        this.virtualKey = virtualKey;
    }

    String id() {
        return id;
    }

    int number() {
        return number;
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

    synchronized void estimated(StandardToolCallingEstimate.Turn estimate) {
        standard = estimate;
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
        return new View(id, number, started, message, virtualKey, status, answer, error, List.copyOf(toolCalls),
                List.copyOf(modelCalls), in, out, standard);
    }
}
