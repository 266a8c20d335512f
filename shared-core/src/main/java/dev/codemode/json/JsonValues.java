package dev.codemode.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text to and from plain Java values ({@code Map}, {@code List}, {@code String}, {@code Integer} /
 * {@code Long} / {@code BigInteger} (the smallest that fits), {@code Double}, {@code Boolean}, {@code null}), the one
 * shape every other class of the core exchanges. Built on Jackson 3.
 */
public final class JsonValues {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonValues() {
    }

    /**
     * Parses JSON text; throws {@link IllegalArgumentException} saying what is wrong and where, in the
     * parser's words without its own configuration names (they mean nothing to whoever wrote the text).
     */
    public static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + reason(e), e);
        }
    }

    /** One line: the parser's message up to its first configuration hint, and the line and column. */
    static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int hint = message.indexOf('`');
        if (hint >= 0) {
            message = message.substring(0, hint).replaceAll("[\\s,:;(]*(from|enable|to allow)?\\s*$", "");
            long open = message.chars().filter(c -> c == '(').count() - message.chars().filter(c -> c == ')').count();
            message = message + ")".repeat((int) Math.max(0, open));
        }
        message = message.strip().replaceAll("\\s*\\R\\s*", " ");
        if (message.length() > 200) {
            message = message.substring(0, 197) + "...";
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /**
     * The JSON value of {@code text} when the whole text is JSON (an object, array, string, number,
     * boolean or null, surrounding white space allowed); otherwise {@code text} itself.
     */
    public static Object parseOrText(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return text;
        }
        char first = t.charAt(0);
        boolean looksLikeJson = first == '{' || first == '[' || first == '"' || first == '-'
                || Character.isDigit(first) || t.equals("true") || t.equals("false") || t.equals("null");
        if (!looksLikeJson) {
            return text;
        }
        try {
            return MAPPER.readValue(t, Object.class);
        } catch (JacksonException e) {
            return text;
        }
    }

    /**
     * {@code value} within about {@code maxChars} characters of JSON, still valid JSON, with what was
     * cut said in place (see {@link JsonCap}).
     */
    public static Object cap(Object value, int maxChars) {
        return JsonCap.cap(value, maxChars);
    }

    /** Compact JSON text of a plain Java value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("value has no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    /** The shared mapper, for classes of the core that need a tree or a typed read. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
