package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One task's conversation with a model, billed the way a chat completions API bills it: every
 * request pays for the tool definitions it carries and the whole history; every assistant message
 * (one or several tool calls, or the answer) is output.
 *
 * <p>Counting (o200k_base): a request = tokens of the JSON of its {@code tools} array + for each
 * message 4 tokens (role and separators) + its text + for each tool call in an assistant message its
 * name, its arguments JSON and 4 more, + 3 tokens priming the reply. The output of a turn = the tool
 * calls' names and arguments, or the answer's text, + 4.
 *
 * <p>Prompt caching: a request's cached prefix is everything the previous request of the same task
 * sent (definitions, system prompt, history), as providers cache the longest prefix already seen;
 * the first request of a task finds the definitions and system prompt cached when the agent's
 * previous task sent the same ones (an application serving many requests keeps them warm). Prefixes
 * shorter than {@value #MIN_CACHED} tokens are not cached (both providers' documented minimum); the
 * uncached part of a request at least that long is written to the cache (priced at the provider's
 * write multiplier), a shorter request is billed at the plain input price.
 * Definitions a tool search finds join the prompt where they were found (as Anthropic's tool search
 * does), so they do not break the cached prefix.
 *
 * <p>The conversation also keeps every text the model was shown (the definitions it was offered and
 * each tool message), which the knowledge rule checks scripts against.
 */
public final class Conversation {

    static final int PER_MESSAGE = 4;
    static final int PER_CALL = 4;
    static final int REPLY_PRIMING = 3;
    /** The shortest prefix providers cache, in tokens. */
    public static final int MIN_CACHED = 1024;

    /** One tool call of an assistant message. */
    public record Call(String name, Map<String, Object> arguments) {
    }

    /**
     * One request as sent and answered: the names of the tools it offered, the calls the model made
     * in its reply (empty for the answer), the input tokens billed and read from the cache, and the
     * tool messages the calls got back, in call order (what the model was shown next).
     */
    public record Request(List<String> offered, List<Call> calls, long inputTokens, long cachedTokens,
            List<String> results) {
        public Request {
            results = List.copyOf(results);
        }
    }

    /** What an agent's earlier task left in the provider's cache: the key of its first prefix. */
    public static final class Cache {
        private String warmPrefix;
    }

    private final TokenMeter meter;
    private final Toolbox toolbox;
    private final Cache cache;
    private final int systemTokens;
    private final StringBuilder shown = new StringBuilder();
    private String lastTools = "";
    private List<Map<String, Object>> lastToolList;
    private long historyTokens;
    private long previousInput;
    private long inputTokens;
    private long cachedInputTokens;
    private long cacheWriteTokens;
    private long outputTokens;
    private int requests;
    private int toolCalls;
    private int roundTrips;
    private String answer;
    private final List<Request> transcript = new ArrayList<>();

    public Conversation(TokenMeter meter, Toolbox toolbox, String system, String user) {
        this(meter, toolbox, new Cache(), system, user);
    }

    public Conversation(TokenMeter meter, Toolbox toolbox, Cache cache, String system, String user) {
        this.meter = meter;
        this.toolbox = toolbox;
        this.cache = cache;
        this.systemTokens = PER_MESSAGE + meter.count(system);
        historyTokens = systemTokens + PER_MESSAGE + meter.count(user);
    }

    /** The model answers with one tool call; the call runs and its result joins the history. */
    public String toolCall(String name, Map<String, Object> arguments) {
        return step(List.of(new Call(name, arguments))).get(0);
    }

    /** The model answers with these calls in one message; they run and their results join the history. */
    public List<String> step(List<Call> calls) {
        return step(calls, c -> toolbox.call(c.name(), c.arguments()));
    }

    /**
     * The model answers with these calls in one message, whose results {@code results} gives (a
     * recording of the calls when they already ran); the results join the history in call order.
     */
    public List<String> step(List<Call> calls, Function<Call, String> results) {
        if (calls.isEmpty()) {
            return List.of();
        }
        bill(calls);
        int message = PER_MESSAGE;
        for (Call c : calls) {
            message += PER_CALL + meter.count(c.name()) + meter.count(JsonValues.write(c.arguments()));
        }
        outputTokens += message;
        historyTokens += message;
        toolCalls += calls.size();
        roundTrips++;
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            String result = results.apply(c);
            historyTokens += PER_MESSAGE + meter.count(result);
            shown.append(result).append('\n');
            out.add(result);
        }
        Request sent = transcript.get(transcript.size() - 1);
        transcript.set(transcript.size() - 1, new Request(sent.offered(), sent.calls(), sent.inputTokens(),
                sent.cachedTokens(), out));
        return out;
    }

    /** The model is asked and answers with text; the conversation ends. */
    public void answer(String text) {
        bill(List.of());
        int out = PER_MESSAGE + meter.count(text);
        outputTokens += out;
        historyTokens += out;
        answer = text;
    }

    private void bill(List<Call> calls) {
        List<Map<String, Object>> tools = toolbox.tools();
        // the same list as last time (standard calling offers one list throughout): its JSON is known
        String toolsJson = tools == lastToolList ? lastTools : tools.isEmpty() ? "" : JsonValues.write(tools);
        lastToolList = tools;
        if (!toolsJson.equals(lastTools)) {
            shown.append(toolsJson).append('\n');
            lastTools = toolsJson;
        }
        long input = historyTokens + REPLY_PRIMING + meter.count(toolsJson);
        long cached;
        if (requests == 0) {
            String prefix = toolsJson + '\u0000' + systemTokens;
            cached = prefix.equals(cache.warmPrefix) ? meter.count(toolsJson) + systemTokens : 0;
            cache.warmPrefix = prefix;
        } else {
            cached = previousInput - REPLY_PRIMING;
        }
        cached = cached >= MIN_CACHED ? cached : 0;
        cachedInputTokens += cached;
        if (input >= MIN_CACHED) {
            cacheWriteTokens += input - cached;
        }
        inputTokens += input;
        previousInput = input;
        requests++;
        transcript.add(new Request(tools.stream().map(Conversation::name).toList(), List.copyOf(calls), input, cached,
                List.of()));
    }

    private static String name(Map<String, Object> definition) {
        return definition.get("function") instanceof Map<?, ?> f ? String.valueOf(f.get("name")) : "?";
    }

    /** The requests so far, in order. */
    public List<Request> transcript() {
        return List.copyOf(transcript);
    }

    /**
     * What the model was shown about the tools so far: the definitions offered and each tool message.
     * The user's request is left out: its answer shape names the answer's keys, not the tools' fields.
     */
    public String shown() {
        return shown.toString();
    }

    public long inputTokens() {
        return inputTokens;
    }

    /** Input tokens read from the provider's prompt cache. */
    public long cachedInputTokens() {
        return cachedInputTokens;
    }

    /**
     * Input tokens written to the prompt cache: the uncached part of each request long enough to be
     * cached (shorter requests are neither read from nor written to the cache).
     */
    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public int requests() {
        return requests;
    }

    public int toolCalls() {
        return toolCalls;
    }

    /** Requests answered with tool calls: each is one sequential round trip through the tools. */
    public int roundTrips() {
        return roundTrips;
    }

    public String answer() {
        return answer;
    }
}
