package dev.codemode.sandbox;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one script.
 *
 * @param result    the value bound to {@code result}, as plain JSON values; {@code null} on failure
 * @param logs      captured {@code print()} lines (capped)
 * @param toolCalls tool calls started, successful or not
 * @param millis    wall-clock duration
 * @param error     why it failed, or {@code null} on success
 * @param note      what the model should know about a successful result (that the script never set
 *                  {@code result}), or {@code null}
 */
public record ExecutionResult(@Nullable Object result, List<String> logs, int toolCalls, long millis,
        @Nullable ScriptError error, @Nullable String note) {

    public ExecutionResult {
        logs = List.copyOf(logs);
    }

    public ExecutionResult(@Nullable Object result, List<String> logs, int toolCalls, long millis,
            @Nullable ScriptError error) {
        this(result, logs, toolCalls, millis, error, null);
    }

    /** A run that never started: a check, the approval or the caller's access stopped it. */
    public static ExecutionResult notRun(ScriptError error) {
        return new ExecutionResult(null, List.of(), 0, 0, error);
    }

    public boolean isSuccess() {
        return error == null;
    }

    /**
     * The compact JSON the model is given: the result, the logs, the number of tool calls, and on
     * failure the error with its line and hint; at most {@code maxChars} characters, still valid JSON.
     */
    public String render(int maxChars) {
        return ResultJson.render(this, maxChars);
    }
}
