package dev.codemode.samples.benchmark.tasks;

import dev.codemode.json.JsonValues;
import java.util.List;
import java.util.Map;

/**
 * Grades an agent's final answer against a task's expected answer: the answer's JSON object (the
 * first one in the text, so a model's prose around it does not matter) must have every expected key
 * with an equal value. Numbers are equal within 0.01, lists in order, strings exactly.
 */
public final class Grader {

    private Grader() {
    }

    public static boolean passes(Task task, String answer) {
        Object actual = firstJsonObject(answer);
        return actual instanceof Map<?, ?> map && matches(task.expected(), map);
    }

    static Object firstJsonObject(String text) {
        if (text == null) {
            return null;
        }
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            for (int end = text.lastIndexOf('}'); end > start; end = text.lastIndexOf('}', end - 1)) {
                try {
                    return JsonValues.parse(text.substring(start, end + 1));
                } catch (IllegalArgumentException notYet) {
                    // try a shorter span
                }
            }
        }
        return null;
    }

    static boolean matches(Object expected, Object actual) {
        if (expected instanceof Number e) {
            return actual instanceof Number a && Math.abs(e.doubleValue() - a.doubleValue()) < 0.01;
        }
        if (expected instanceof Map<?, ?> e) {
            if (!(actual instanceof Map<?, ?> a)) {
                return false;
            }
            for (Map.Entry<?, ?> entry : e.entrySet()) {
                if (!a.containsKey(entry.getKey()) || !matches(entry.getValue(), a.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a) || a.size() != e.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!matches(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected == null ? actual == null : expected.equals(actual);
    }
}
