package dev.codemode.samples.servers;

import dev.codemode.audit.ToolCallRecord;
import dev.codemode.json.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Estimates, per chat turn, the input tokens a standard tool-calling agent would send for what the turn
 * actually did: the conversation so far and the user's message, then the upstream tool calls the turn's
 * scripts made (their real arguments and results) as assistant tool calls and tool results, one request
 * per round of calls, with every tool's definition on every request; then one request for the answer.
 * Calls that overlapped in time (a script's {@code parallel(...)}) form one round, as an agent sends
 * independent calls together. The conversation carries over: the next turn starts from this turn's
 * standard transcript, not Code Mode's. Both chatbots use it; not thread-safe, one per conversation.
 */
public final class StandardToolCallingEstimate {

    /** One upstream tool call as a script made it: arguments and result (or error) as JSON text. */
    public record Call(String server, String tool, String arguments, String result, Instant started,
            Duration latency) {

        /** From an audit record. */
        public static Call of(ToolCallRecord r) {
            return new Call(r.server(), r.tool(), JsonValues.write(r.arguments()),
                    r.isError() ? r.error() : JsonValues.write(r.result()), r.timestamp(), r.latency());
        }

        Instant ended() {
            return started.plus(latency);
        }
    }

    /** One turn's estimate. */
    public record Turn(int requests, int inputTokens, int toolCalls, int tools) {
    }

    private final ToIntFunction<String> counter;
    private int history;

    /**
     * @param counter      tokens of a text (the chatbots pass jtokkit's o200k_base)
     * @param systemPrompt the system message every request starts with, or null
     */
    public StandardToolCallingEstimate(ToIntFunction<String> counter, String systemPrompt) {
        this.counter = counter;
        this.history = systemPrompt == null || systemPrompt.isEmpty() ? 0 : count("system") + count(systemPrompt);
    }

    /**
     * The turn's estimate, and the conversation extended with it.
     *
     * @param definitionTokens the tokens of every tool's definition ({@code MetaToolSpec.definitionTokens} of
     *                         {@code CodeMode.directSpecs(caller)}), sent on each request
     * @param tools            how many tools those are
     */
    public Turn turn(String userMessage, List<Call> calls, String answer, int definitionTokens, int tools) {
        int transcript = history + count("user") + count(userMessage);
        int input = 0;
        int requests = 0;
        for (List<Call> round : rounds(calls)) {
            input += transcript + definitionTokens;
            requests++;
            transcript += count("assistant");
            for (Call call : round) {
                String name = call.server() + "__" + call.tool();
                transcript += count(name) + count(call.arguments());
                transcript += count("tool") + count(name) + count(call.result());
            }
        }
        input += transcript + definitionTokens;
        requests++;
        history = transcript + count("assistant") + count(answer);
        return new Turn(requests, input, calls.size(), tools);
    }

    /** Calls in order of start; a call that starts before every call of the current round has ended joins it. */
    static List<List<Call>> rounds(List<Call> calls) {
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparing(Call::started));
        List<List<Call>> rounds = new ArrayList<>();
        Instant roundEnd = null;
        for (Call call : sorted) {
            if (roundEnd != null && call.started().isBefore(roundEnd)) {
                rounds.get(rounds.size() - 1).add(call);
                roundEnd = roundEnd.isAfter(call.ended()) ? roundEnd : call.ended();
            } else {
                List<Call> round = new ArrayList<>();
                round.add(call);
                rounds.add(round);
                roundEnd = call.ended();
            }
        }
        return rounds;
    }

    /**
     * The line both chatbots print, e.g. "Code Mode 4,348 in (4 requests) / standard tool calling ~4,612 in
     * (estimated: 12 tool definitions on each of 4 requests, the same 4 tool calls and results)".
     */
    public static String line(int codeModeInput, int codeModeRequests, Turn standard) {
        return String.format(Locale.ROOT, "Code Mode %,d in (%s) / standard tool calling ~%,d in (estimated: %d tool"
                        + " definitions on each of %s, the same %s and results)", codeModeInput,
                plural(codeModeRequests, "request"), standard.inputTokens(), standard.tools(),
                standard.requests() == 1 ? "1 request" : standard.requests() + " requests",
                plural(standard.toolCalls(), "tool call"));
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private int count(String text) {
        return text == null || text.isEmpty() ? 0 : counter.applyAsInt(text);
    }
}
