package dev.codemode.sandbox;

import dev.codemode.json.JsonCap;
import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of an {@link ExecutionResult} as the model sees it, never longer than a cap. Output
 * over the cap is cut into still-valid JSON by {@link JsonCap}: logs get at most a quarter, the result
 * the rest, with a {@code truncated} field that says how much was cut.
 *
 * <pre>
 * {"result": ..., "logs": [...], "toolCalls": 4, "ms": 38}
 * {"error": "...", "line": 3, "column": 9, "hint": "...", "logs": [...], "toolCalls": 1, "ms": 12}
 * </pre>
 */
public final class ResultJson {

    private ResultJson() {
    }

    public static String render(ExecutionResult r, int maxChars) {
        Map<String, Object> out = shape(r, r.result(), r.logs(), Integer.MAX_VALUE);
        String text = JsonValues.write(out);
        if (text.length() <= maxChars) {
            return text;
        }
        int fullLength = text.length();
        // Logs get at most a quarter of the budget, the error message a quarter (a tool's error text can be
        // any size), the hint an eighth; the result gets what is left.
        List<Object> logs = asList(JsonCap.cap(new ArrayList<Object>(r.logs()), maxChars / 4));
        Map<String, Object> withoutResult = shape(r, null, castLogs(logs), maxChars / 4);
        withoutResult.put("truncated", "output had " + fullLength + " characters, over the limit of " + maxChars
                + "; return less: filter, count or slice in the script");
        int left = maxChars - JsonValues.write(withoutResult).length() - 8;
        Object result = r.isSuccess() ? JsonCap.cap(r.result(), Math.max(0, left)) : null;
        Map<String, Object> cut = shape(r, result, castLogs(logs), maxChars / 4);
        cut.put("truncated", withoutResult.get("truncated"));
        return JsonValues.write(cut);
    }

    private static Map<String, Object> shape(ExecutionResult r, Object result, List<String> logs, int messageCap) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.isSuccess()) {
            out.put("result", result);
        } else {
            ScriptError e = r.error();
            out.put("error", JsonCap.cap(e.message(), messageCap));
            if (e.line() != null) {
                out.put("line", e.line());
            }
            if (e.column() != null) {
                out.put("column", e.column());
            }
            if (e.hint() != null) {
                out.put("hint", JsonCap.cap(e.hint(), Math.max(3, messageCap / 2)));
            }
        }
        out.put("logs", logs);
        out.put("toolCalls", r.toolCalls());
        out.put("ms", r.millis());
        return out;
    }

    private static List<Object> asList(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }

    private static List<String> castLogs(List<Object> logs) {
        List<String> out = new ArrayList<>();
        for (Object o : logs) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
