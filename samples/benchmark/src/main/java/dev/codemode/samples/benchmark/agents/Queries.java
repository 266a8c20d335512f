package dev.codemode.samples.benchmark.agents;

import dev.codemode.samples.benchmark.tasks.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one rule by which tool search and Code Mode choose their discovery queries, written once for
 * every task: first the user's request as it stands (without the sentence that shapes the JSON
 * answer); when a tool the task needs is still not found, each clause of the request on its own
 * (split at commas, semicolons, colons, question marks, and the words "and" and "then"), clauses of
 * fewer than two words dropped; and last, for tool search, whose tool takes a result count (the
 * listing has none and returns up to 8 files), the request again asking for its most results. No
 * query is written per task, and no query uses a tool's name.
 */
public final class Queries {

    private static final String ANSWER_SHAPE = " Reply with only JSON";

    private Queries() {
    }

    /** The request: the prompt up to the answer-shape sentence. */
    public static String request(Task task) {
        String p = task.prompt();
        int cut = p.indexOf(ANSWER_SHAPE);
        return (cut < 0 ? p : p.substring(0, cut)).strip();
    }

    /** The clause queries, in request order, without the request itself. */
    public static List<String> clauses(Task task) {
        String request = request(task);
        Set<String> out = new LinkedHashSet<>();
        for (String part : request.split("[,;:?]|\\s(?:and|then)\\s")) {
            String clause = part.strip().replaceAll("[.!]+$", "").strip();
            if (clause.split("\\s+").length >= 2 && !clause.toLowerCase(Locale.ROOT)
                    .equals(request.toLowerCase(Locale.ROOT).replaceAll("[.!?]+$", ""))) {
                out.add(clause);
            }
        }
        return new ArrayList<>(out);
    }
}
