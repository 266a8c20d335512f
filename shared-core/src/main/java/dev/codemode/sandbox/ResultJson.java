package dev.codemode.sandbox;

import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of an {@link ExecutionResult} as the model sees it, never longer than a cap. Output
 * over the cap is cut into still-valid JSON by {@link JsonValues#cap}: an error's message (which may quote a
 * long upstream error) first, logs at most a quarter, then the hint or the result, with a
 * {@code truncated} field that says how much was cut.
 *
 * <pre>
 * {"result": ..., "logs": [...], "toolCalls": 4, "ms": 38}
 * {"error": "...", "line": 3, "column": 9, "hint": "...", "logs": [...], "toolCalls": 1, "ms": 12}
 * </pre>
 */
final class ResultJson {

    private ResultJson() {
    }

    static String render(ExecutionResult r, int maxChars) {
        ScriptError error = r.error();
        String text = JsonValues.write(shape(r, r.result(), r.logs(), error));
        if (text.length() <= maxChars) {
            return text;
        }
        // Everything but the cut parts, with those parts empty: what is left of the cap is shared out.
        String note = "output had " + text.length() + " characters, over the limit of " + maxChars
                + (r.isSuccess() ? "; return less: filter, count or slice in the script" : "");
        ScriptError empty = error == null ? null
                : new ScriptError(error.kind(), "", error.line(), error.column(), error.hint() == null ? null : "");
        Map<String, Object> skeleton = shape(r, null, List.of(), empty);
        skeleton.put("truncated", note);
        int room = maxChars - JsonValues.write(skeleton).length();
        // An error's message comes first (up to two thirds of what is left), then the logs (at most a
        // quarter of the cap), then the hint or the result. Each cut part replaces an empty one already
        // counted in the skeleton.
        String message = error == null ? null : cut(error.message(), room * 2 / 3 + 2);
        room -= message == null ? 0 : JsonValues.write(message).length() - 2;
        List<String> logs = castLogs(asList(JsonValues.cap(new ArrayList<Object>(r.logs()),
                Math.max(2, Math.min(maxChars / 4, room + 2)))));
        room -= JsonValues.write(logs).length() - 2;
        ScriptError cutError = error == null ? null : new ScriptError(error.kind(), message, error.line(),
                error.column(), error.hint() == null ? null : cut(error.hint(), room + 2));
        Object result = r.isSuccess() ? JsonValues.cap(r.result(), Math.max(0, room + 4)) : null;
        Map<String, Object> cut = shape(r, result, logs, cutError);
        cut.put("truncated", note);
        return JsonValues.write(cut);
    }

    private static String cut(String s, int maxChars) {
        Object cut = JsonValues.cap(s, maxChars);
        return cut instanceof String c ? c : "";
    }

    private static Map<String, Object> shape(ExecutionResult r, Object result, List<String> logs, ScriptError e) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.isSuccess()) {
            out.put("result", result);
            if (r.note() != null) {
                out.put("note", r.note());
            }
        } else {
            out.put("error", e.message());
            if (e.line() != null) {
                out.put("line", e.line());
            }
            if (e.column() != null) {
                out.put("column", e.column());
            }
            if (e.hint() != null) {
                out.put("hint", e.hint());
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
