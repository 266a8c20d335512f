package dev.codemode.sandbox;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogView;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns the interpreter's messages into what a Python writer needs to hear: the Starlark way to do
 * what they reached for, or the names that do exist.
 */
final class ErrorHints {

    private ErrorHints() {
    }

    /** A hint for an error message, or {@code null}. */
    static String hintFor(String message, String sourceLine, CatalogView view) {
        String m = message.toLowerCase(Locale.ROOT);
        String line = sourceLine == null ? "" : sourceLine.strip();
        if (line.startsWith("while ") || m.contains("'while'")) {
            return "Starlark has no while loop: use for i in range(n): ... with break";
        }
        if (line.startsWith("try:") || line.startsWith("except") || m.contains("'try'") || m.contains("'except'")) {
            return "Starlark has no try/except: value, err = try_call(server.tool, arg=...) returns the error as a value";
        }
        if (line.startsWith("import ") || line.startsWith("from ") || m.contains("'import'")) {
            return "there are no imports: json, parallel, try_call and the server globals are already defined";
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
        if (m.contains("f-string") || line.matches(".*\\bf\"[^\"]*\\{.*") || line.matches(".*\\bf'[^']*\\{.*")) {
            return "f-strings are not supported: use \"%s: %d\" % (name, n) or \"{}\".format(x)";
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
        if (m.contains("invalid format character") || m.contains("unsupported format character")) {
            return "only %s, %d, %r and %% are supported in % formatting; use round(x, 2) then %s";
        }
        if (m.contains("referenced before assignment") || m.contains("is not defined") && m.contains("name '")) {
            String servers = view.servers().stream().map(CatalogServer::id).collect(Collectors.joining(", "));
            return "defined names: the servers " + (servers.isEmpty() ? "(none)" : servers)
                    + ", json, parallel, try_call, sum, abs, round and Starlark's builtins;"
                    + " helper functions cannot see the script's variables: pass them as arguments";
        }
        if (m.contains("cannot reassign global")) {
            return "a top-level def cannot assign script variables: return the value instead";
        }
        String arguments = argumentHint(message);
        if (arguments != null) {
            return arguments;
        }
        return null;
    }

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
            return "pass a value the error allows; the tool was not called";
        }
        return null;
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
