package dev.codemode.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns server, tool and parameter names into identifiers a script can write, deterministically.
 *
 * <p>Rules, in order: every run of characters outside {@code [A-Za-z0-9_]} becomes one {@code _};
 * leading and trailing {@code _} added that way are trimmed; an empty result becomes {@code tool};
 * a leading digit gets a {@code _} prefix; a leading {@code _cm_} (the sandbox's own prefix) loses its
 * {@code _}; identifiers are cut to {@link #MAX_LENGTH} characters; a Python or Starlark keyword (and, for servers, a name the
 * script language already defines) gets a {@code _} suffix. Names that still collide are resolved in
 * sorted order of their original names: the first keeps the identifier, the next get {@code _2},
 * {@code _3}, ... The original names are kept beside the identifiers for the call.
 */
public final class Identifiers {

    /** Python and Starlark keywords: never usable as a name or keyword argument. */
    static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "load", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");

    /**
     * Names a script already has: Starlark's universe and the Code Mode builtins. A server named like
     * one of them would shadow it.
     */
    public static final Set<String> RESERVED_GLOBALS = Set.of("abs", "all", "any", "bool", "dict", "dir",
            "enumerate", "fail", "float", "getattr", "hasattr", "hash", "int", "len", "list", "max", "min",
            "print", "range", "repr", "reversed", "sorted", "str", "tuple", "type", "zip", "json", "parallel",
            "try_call", "result", "sum", "round", "__main__", "__result__");

    /** Longest identifier: a server may send a name of any length, and every listing repeats it. */
    public static final int MAX_LENGTH = 64;

    /** The prefix of the sandbox's internal names, which no identifier takes. */
    static final String SANDBOX_PREFIX = "_cm_";

    private Identifiers() {
    }

    /** The identifier for one name, before collision handling. */
    public static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean pendingUnderscore = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (ok) {
                if (pendingUnderscore && out.length() > 0) {
                    out.append('_');
                }
                pendingUnderscore = false;
                out.append(c);
            } else {
                pendingUnderscore = true;
            }
        }
        String id = out.toString();
        if (id.isEmpty()) {
            id = "tool";
        }
        if (Character.isDigit(id.charAt(0))) {
            id = "_" + id;
        }
        if (id.startsWith(SANDBOX_PREFIX)) {
            id = id.substring(1); // the sandbox's own names start with "_cm_"; no tool or server may
        }
        if (id.length() > MAX_LENGTH) {
            id = id.substring(0, MAX_LENGTH);
        }
        if (KEYWORDS.contains(id)) {
            id = id + "_";
        }
        return id;
    }

    /** True when {@code s} is a name a script can write as is. */
    public static boolean isIdentifier(String s) {
        return !s.isEmpty() && sanitize(s).equals(s);
    }

    /**
     * Identifiers for a group of names that share one namespace, keyed by original name, in sorted
     * order of the originals.
     *
     * @param reserved identifiers the group must not use (a suffix {@code _} is added)
     */
    public static Map<String, String> assign(Collection<String> names, Set<String> reserved) {
        List<String> sorted = new ArrayList<>(new HashSet<>(names));
        sorted.sort(null);
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        // Names that are already clean identifiers claim theirs first, so a tool called "get_user"
        // never loses its own name to a "get-user" sorted before it.
        for (String name : sorted) {
            String id = sanitize(name);
            if (id.equals(name) && !reserved.contains(id) && taken.add(id)) {
                ids.put(name, id);
            }
        }
        for (String name : sorted) {
            if (ids.containsKey(name)) {
                continue;
            }
            String base = sanitize(name);
            if (reserved.contains(base)) {
                base = base + "_";
            }
            String id = base;
            for (int n = 2; !taken.add(id); n++) {
                id = base + "_" + n;
            }
            ids.put(name, id);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : sorted) {
            ordered.put(name, ids.get(name));
        }
        return ordered;
    }
}
