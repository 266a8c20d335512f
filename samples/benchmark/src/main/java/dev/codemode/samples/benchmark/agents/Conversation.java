package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import java.util.List;
import java.util.Map;

/**
 * One task's conversation with a model, billed the way a chat completions API bills it: every
 * request pays for the tool definitions it carries and the whole history; every assistant message
 * (tool call or answer) is output.
 *
 * <p>Counting (o200k_base): a request = tokens of the JSON of its {@code tools} array + for each
 * message 4 tokens (role and separators) + its text + for an assistant tool call its name, its
 * arguments JSON and 4 more, + 3 tokens priming the reply. The output of a turn = the tool call's
 * name and arguments, or the answer's text, + 4.
 */
public final class Conversation {

    static final int PER_MESSAGE = 4;
    static final int PER_CALL = 4;
    static final int REPLY_PRIMING = 3;

    private final TokenMeter meter;
    private final Toolbox toolbox;
    private long historyTokens;
    private long inputTokens;
    private long outputTokens;
    private int requests;
    private int toolCalls;
    private String answer;

    public Conversation(TokenMeter meter, Toolbox toolbox, String system, String user) {
        this.meter = meter;
        this.toolbox = toolbox;
        historyTokens = PER_MESSAGE + meter.count(system) + PER_MESSAGE + meter.count(user);
    }

    /** The model is asked and answers with one tool call; the call runs and its result joins the history. */
    public String toolCall(String name, Map<String, Object> arguments) {
        bill();
        int call = PER_MESSAGE + PER_CALL + meter.count(name) + meter.count(JsonValues.write(arguments));
        outputTokens += call;
        historyTokens += call;
        toolCalls++;
        String result = toolbox.call(name, arguments);
        historyTokens += PER_MESSAGE + meter.count(result);
        return result;
    }

    /** The model is asked and answers with text; the conversation ends. */
    public void answer(String text) {
        bill();
        int out = PER_MESSAGE + meter.count(text);
        outputTokens += out;
        historyTokens += out;
        answer = text;
    }

    private void bill() {
        requests++;
        List<Map<String, Object>> tools = toolbox.tools();
        inputTokens += historyTokens + REPLY_PRIMING + (tools.isEmpty() ? 0 : meter.count(JsonValues.write(tools)));
    }

    public long inputTokens() {
        return inputTokens;
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

    public String answer() {
        return answer;
    }
}
