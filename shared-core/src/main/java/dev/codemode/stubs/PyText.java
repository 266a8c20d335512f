package dev.codemode.stubs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Text helpers shared by the stub and documentation renderers: Python literals, sentences, names. */
final class PyText {

    private static final int MAX_LITERAL_DEPTH = 8;

    private PyText() {
    }

    /**
     * The Python (and Starlark) literal of a JSON value, or {@code null} when it has none (a value
     * that is not JSON, a non-finite number, nesting too deep).
     */
    static String literal(Object value) {
        StringBuilder out = new StringBuilder();
        return appendLiteral(out, value, 0) ? out.toString() : null;
    }

    private static boolean appendLiteral(StringBuilder out, Object value, int depth) {
        if (depth > MAX_LITERAL_DEPTH) {
            return false;
        }
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof String s) {
            out.append(quote(s));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return false;
            }
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) + ".0" : String.valueOf(d));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                if (!appendLiteral(out, list.get(i), depth + 1)) {
                    return false;
                }
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(quote(String.valueOf(e.getKey()))).append(": ");
                if (!appendLiteral(out, e.getValue(), depth + 1)) {
                    return false;
                }
            }
            out.append('}');
        } else {
            return false;
        }
        return true;
    }

    /** A double-quoted Python string literal; control characters and lone surrogates escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Text made safe to sit between triple double quotes on one line. */
    static String docstring(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('?');
            } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * White space, control characters (NUL is illegal in Python source) and every Unicode line or
     * paragraph separator ({@code U+0085}, {@code U+2028}, {@code U+2029}, which some readers break
     * lines on) collapsed to one space, ends stripped: the result is one line whatever the server sent.
     */
    static String oneLine(String text) {
        return text == null ? "" : LINE_BREAKING.matcher(text).replaceAll(" ").strip();
    }

    /**
     * A description as plain text for a one-line summary: Markdown marks at its start ({@code #},
     * {@code >}, {@code *}) are dropped, as are {@code **} and {@code __} emphasis; a heading is a
     * sentence of its own, so it does not run into the paragraph below it.
     */
    static String withoutMarkdownLead(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        int start = 0;
        while (start < t.length() && "#>* \t".indexOf(t.charAt(start)) >= 0) {
            start++;
        }
        String rest = t.substring(start);
        if (t.startsWith("#")) {
            String[] lines = rest.split("\\R", 2);
            rest = lines[0].strip();
            if (!rest.isEmpty() && ".!?".indexOf(rest.charAt(rest.length() - 1)) < 0) {
                rest += ".";
            }
        }
        return rest.replace("**", "").replace("__", "");
    }

    /** {@code text} with each control character and line or paragraph separator replaced by a space, nothing else changed. */
    static String withoutLineBreaks(String text) {
        return LINE_BREAK.matcher(text).replaceAll(" ");
    }

    private static final java.util.regex.Pattern LINE_BREAK =
            java.util.regex.Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");
    private static final java.util.regex.Pattern LINE_BREAKING =
            java.util.regex.Pattern.compile("[\\s\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    /**
     * The first sentence of a description, on one line, cut on a word boundary (with {@code ...})
     * when longer than {@code max}.
     */
    static String firstSentence(String text, int max) {
        String t = oneLine(text);
        return truncate(t.substring(0, sentenceEnd(t, 0)), max);
    }

    /**
     * The sentence of a description that says what the tool returns ({@code Returns ...} or
     * {@code Return ...}, any case), on one line and cut like {@link #firstSentence}; empty when there
     * is none or when it is the first sentence (which the docstring already shows).
     */
    static String returnsSentence(String text, int max) {
        String t = oneLine(text);
        int start = sentenceEnd(t, 0);
        while (start < t.length()) {
            while (start < t.length() && t.charAt(start) == ' ') {
                start++;
            }
            int end = sentenceEnd(t, start);
            String sentence = t.substring(start, end);
            String lower = sentence.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("returns ") || lower.startsWith("returns:") || lower.startsWith("return ")) {
                return truncate(sentence, max);
            }
            start = end;
        }
        return "";
    }

    /** Where the sentence of {@code t} (one line) that starts at {@code from} ends, exclusive. */
    private static int sentenceEnd(String t, int from) {
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
                String upTo = t.substring(from, i + 1).toLowerCase(java.util.Locale.ROOT);
                if (upTo.endsWith("e.g.") || upTo.endsWith("i.e.")) {
                    continue;
                }
                return i + 1;
            }
        }
        return t.length();
    }

    /** {@code s} cut on a word boundary with {@code ...} when longer than {@code max}. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 3);
        if (cut < max / 2) {
            cut = max - 3;
        }
        String head = s.substring(0, cut).stripTrailing();
        while (!head.isEmpty() && ",;:-(".indexOf(head.charAt(head.length() - 1)) >= 0) {
            head = head.substring(0, head.length() - 1).stripTrailing();
        }
        return head + "...";
    }

    /** {@code s} without one trailing period (an ellipsis is kept). */
    static String withoutPeriod(String s) {
        return s.endsWith(".") && !s.endsWith("...") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code s} ending in sentence punctuation, for text that something else follows. */
    static String asSentence(String s) {
        if (s.isEmpty() || s.endsWith(".") || s.endsWith("!") || s.endsWith("?")) {
            return s;
        }
        return s + ".";
    }

    /**
     * A PascalCase class name for a property, title or tool name: {@code shipping_address} ->
     * {@code ShippingAddress}, {@code "Customer record"} -> {@code CustomerRecord}. Idempotent on names
     * it made. Never empty, never starting with a digit, ASCII only.
     */
    static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        String n = name == null ? "" : name;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum) {
                upper = true;
                continue;
            }
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        if (out.length() == 0) {
            return "Obj";
        }
        if (Character.isDigit(out.charAt(0))) {
            out.insert(0, 'T');
        }
        return out.toString();
    }

    /** A naive English singular, good enough to name the item class of a list property. */
    static String singular(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() > 4 && lower.endsWith("ies")) {
            return name.substring(0, name.length() - 3) + (Character.isUpperCase(name.charAt(name.length() - 3)) ? "Y" : "y");
        }
        for (String suffix : List.of("sses", "xes", "ches", "shes", "uses")) {
            if (lower.length() > suffix.length() + 1 && lower.endsWith(suffix)) {
                return name.substring(0, name.length() - 2);
            }
        }
        if (lower.length() > 2 && lower.endsWith("s") && !lower.endsWith("ss") && !lower.endsWith("us")
                && !lower.endsWith("is")) {
            return name.substring(0, name.length() - 1);
        }
        return name + "_item";
    }

    /**
     * Splits {@code s} at every {@code separator} outside brackets and string literals: type
     * expressions like {@code Literal["a | b"] | None} split into their two members.
     */
    static List<String> splitTop(String s, String separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(separator, i)) {
                parts.add(s.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code s} with every string literal removed, so that only names remain to be scanned. */
    static String withoutStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append("\"\"");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
