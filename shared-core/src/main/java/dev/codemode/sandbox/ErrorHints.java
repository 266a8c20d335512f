package dev.codemode.sandbox;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogView;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the interpreter's messages into what a Python writer needs to hear: the Starlark way to do
 * what they reached for, or the names that do exist.
 */
final class ErrorHints {

    private static final Pattern UNDEFINED_NAME = Pattern.compile("name '([^']*)'");
    private static final Pattern MISSING_METHOD = Pattern.compile("'(string|list|dict)' value has no field or method");

    private ErrorHints() {
    }

    /**
     * The interpreter's message, or a plainer one where it is noise to a Python writer: the parser's
     * view of an f-string, an advice to use {@code load} (which is not available either).
     */
    static String message(String message, String sourceLine) {
        String line = sourceLine == null ? "" : sourceLine.strip();
        if (message.startsWith("'import' not supported")) {
            return "import is not supported";
        }
        if (message.startsWith("name 'map' is not defined") || message.startsWith("name 'filter' is not defined")) {
            return message.replaceFirst(" \\(did you mean .*", ""); // 'max', 'list': not what was meant
        }
        if (message.startsWith("syntax error") && isFString(line)) {
            return "f-strings are not supported";
        }
        return message;
    }

    private static boolean isFString(String line) {
        return line.matches(".*\\bf\"[^\"]*\\{.*") || line.matches(".*\\bf'[^']*\\{.*");
    }

    /** A hint for an error message, or {@code null}. */
    static String hintFor(String message, String sourceLine, CatalogView view) {
        String m = message.toLowerCase(Locale.ROOT);
        String line = sourceLine == null ? "" : sourceLine.strip();
        if (m.startsWith("skills.") && (m.contains("() missing") || m.contains("() got unexpected")
                || m.contains("() accepts no more"))) {
            return "call it with the parameters its signature in skills.pyi names";
        }
        if (m.startsWith("call a skill as skills.")) {
            return "write skills.<name>(...) where you call it; readToolFile(\"skills.pyi\") lists your skills";
        }
        if (line.startsWith("while ") || m.contains("'while'")) {
            return "Starlark has no while loop: use for i in range(n): ... with break";
        }
        if (line.startsWith("try:") || line.startsWith("except") || m.contains("'try'") || m.contains("'except'")) {
            return "Starlark has no try/except: value, err = try_call(server.tool, arg=...) returns the error as a value";
        }
        if (line.startsWith("import ") || line.startsWith("from ") || m.contains("'import'")
                || m.startsWith("import is not")) {
            return "there are no imports: json, parallel, try_call and the servers are already defined;"
                    + " for math use abs, round, min, max, sum; dates are ISO strings, which compare in order";
        }
        if (line.startsWith("class ") || m.contains("'class'")) {
            return "Starlark has no classes: use dicts";
        }
        if (m.contains("lambda")) {
            return "Starlark has no lambda: define a function with def at top level";
        }
        if (m.contains("nested def") || m.contains("def statement") && m.contains("not allowed")) {
            return "define helper functions at top level, not inside loops, ifs or other functions";
        }
        if (m.contains("f-string") || isFString(line)) {
            return "use \"%s: %d\" % (name, n) or \"{}: {}\".format(name, n)";
        }
        if (line.contains("{**") || line.contains(", **") && line.contains("{")) {
            return "there is no ** unpacking: merge dicts with d = dict(base) then d.update(other), or dict(base, key=value)";
        }
        if (line.contains("(**") || line.contains(", **")) {
            return "there is no ** unpacking: pass keyword arguments one by one, or put the calls in parallel([(tool, args)])";
        }
        if (m.contains("'**'") || line.contains("**") && m.contains("syntax")) {
            return "there is no ** operator: multiply, or pass keyword arguments one by one";
        }
        if (m.contains("' is '") || m.contains("'is'")) {
            return "Starlark has no 'is': use == None or != None";
        }
        if (m.contains("name 'set' is not defined")) {
            return "there is no set: use a dict with True values, or a list and 'in'";
        }
        if (m.contains("name 'isinstance' is not defined")) {
            return "there is no isinstance: compare type(x) == \"dict\" (or \"list\", \"string\", \"int\")";
        }
        if (m.contains("recursion") || m.contains("called recursively")) {
            return "recursion is not allowed: use a for loop over range() with an explicit list as a stack";
        }
        if (m.contains("invalid format character") || m.contains("unsupported format character")
                || m.contains("unsupported format directive") || m.contains("format spec")
                || m.contains("inside replacement field")) {
            return "write %s, %d, %r, %.2f, %5d or %-8s; with .format(): {}, {:.2f}, {:>8}, {:,} or {:05d}";
        }
        if (m.contains("name 'map' is not defined") || m.contains("name 'filter' is not defined")) {
            return "there is no map or filter: use a comprehension, [f(x) for x in xs if ok(x)]";
        }
        if (m.contains("before the script sets it")) {
            return "set it at top level above the line that calls the function, or pass it as an argument";
        }
        if (m.contains("referenced before assignment") || m.contains("is not defined") && m.contains("name '")) {
            String servers = view.servers().stream().map(CatalogServer::id).collect(Collectors.joining(", "));
            Matcher name = UNDEFINED_NAME.matcher(message);
            String closest = name.find() ? closestServer(name.group(1), view) : null;
            if (closest != null) {
                return "did you mean " + closest + "? the servers are " + servers;
            }
            return "defined names: the servers " + (servers.isEmpty() ? "(none)" : servers)
                    + ", json, parallel, try_call, sum, abs, round and Starlark's builtins";
        }
        Matcher method = MISSING_METHOD.matcher(message);
        if (method.find()) {
            return switch (method.group(1)) {
                case "string" -> "strings have split, join, strip, replace, find, startswith, endswith, lower, upper,"
                        + " format, count, isdigit, title; len(s), s[i:j]";
                case "list" -> "lists have append, extend, insert, pop, remove, index, count, clear, sort, reverse,"
                        + " copy; sorted(xs), reversed(xs), len(xs)";
                default -> "read a field as d[\"name\"] or d.get(\"name\"), test it with \"name\" in d; dicts have"
                        + " keys, values, items, pop, setdefault, update, clear, copy";
            };
        }
        if (m.contains("unexpected keyword argument 'end'") || m.contains("unexpected keyword argument 'flush'")) {
            return "print takes values and sep= only: build the line first, e.g. print(\" \".join(parts))";
        }
        if (m.startsWith("try_call takes")) {
            return "value, err = try_call(server.tool, name=value): the tool uncalled, its arguments by keyword";
        }
        if (m.startsWith("parallel takes") || m.contains("in parallel must be a dict")) {
            return "parallel([(server.tool, {\"name\": value}), ...]): each tool uncalled, its arguments in a dict";
        }
        if (m.startsWith("json has no")) {
            return "json.encode(x) (or json.dumps) makes a string, json.decode(s) (or json.loads) reads one";
        }
        if (m.startsWith("server ") && m.contains(" is unavailable")) {
            return "its tools cannot be called now: try again later, or answer without them";
        }
        if (m.contains(" has no tool ")) {
            return "call one of the tools the server has; readToolFile shows their parameters";
        }
        if (m.contains("cannot reassign global")) {
            return "a top-level def cannot assign script variables: return the value instead";
        }
        Matcher failed = TOOL_FAILED.matcher(message);
        if (failed.find()) {
            return "to go on when it fails: value, err = try_call(" + failed.group(1) + ", name=value), then"
                    + " check err";
        }
        String arguments = argumentHint(message);
        if (arguments != null) {
            return arguments;
        }
        return null;
    }

    /** A tool call that failed upstream: {@code crm.lookup_customer failed: ...}. */
    private static final Pattern TOOL_FAILED = Pattern.compile("^(\\w+\\.\\w+) failed: ");

    /** A tool call whose arguments were refused before it ran (by the binding or the schema check). */
    private static final java.util.regex.Pattern TOOL_ID = java.util.regex.Pattern.compile("^\\w+\\.\\w+");

    private static String argumentHint(String message) {
        if (!TOOL_ID.matcher(message).find()) {
            return null;
        }
        if (message.contains(" takes keyword arguments only")) {
            return "name every argument, as the stub does: server.tool(name=value); the tool was not called";
        }
        if (message.matches("^\\w+\\.\\w+ has no parameter '.*")) {
            return "use one of the parameter names listed; the tool was not called";
        }
        if (message.matches("^\\w+\\.\\w+ needs [\\w, ]+")) {
            return "pass every required argument by name; the tool was not called";
        }
        if (message.matches("(?s)^\\w+\\.\\w+: (missing arguments? |no parameter '|\\S+ has no parameter '|\\S+ must ).*")) {
            return "pass a value the error allows; nothing was sent to the server";
        }
        return null;
    }

    /**
     * The server whose name is at most two edits from {@code name}, or {@code null}. Unlike the
     * interpreter's spelling rule, a swap of two letters is one edit: {@code cmr} finds {@code crm}.
     */
    private static String closestServer(String name, CatalogView view) {
        String best = null;
        int bestDistance = 3;
        for (CatalogServer server : view.servers()) {
            int d = distance(name.toLowerCase(Locale.ROOT), server.id().toLowerCase(Locale.ROOT), bestDistance);
            if (d < bestDistance && d < Math.max(2, server.id().length() / 2 + 1)) {
                best = server.id();
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal string alignment distance (a swap of two letters is one edit), or {@code most} when larger. */
    private static int distance(String a, String b, int most) {
        if (Math.abs(a.length() - b.length()) >= most) {
            return most;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return Math.min(d[a.length()][b.length()], most);
    }

    /** The source line {@code line} (1-based) of {@code code}, or {@code null}. */
    static String line(String code, Integer line) {
        if (line == null) {
            return null;
        }
        List<String> lines = code.lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
    }
}
