package dev.codemode.json;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text to and from plain Java values ({@code Map}, {@code List}, {@code String}, {@code Integer} /
 * {@code Long} / {@code BigInteger} (the smallest that fits), {@code Double}, {@code Boolean}, {@code null}), the one
 * shape every other class of the core exchanges. Built on Jackson 3: plain values go through its
 * streaming parser and generator, which load in a tenth of the time its data binding does (a fresh
 * JVM's first request pays that); anything else written falls back to data binding, built on first
 * use.
 */
public final class JsonValues {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Data binding, for values that are not plain and for callers that need a tree or a typed read. */
    private static final class Binding {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    private JsonValues() {
    }

    /**
     * Parses JSON text; throws {@link IllegalArgumentException} saying what is wrong and where, in the
     * parser's words without its own configuration names (they mean nothing to whoever wrote the text).
     */
    public static Object parse(String json) {
        try {
            return read(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + reason(e), e);
        } catch (NoValue e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** The one value of {@code json}: what data binding gives for {@code Object.class}, read by streaming. */
    private static Object read(String json) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() == null) {
                throw new NoValue("No content to map due to end-of-input (line 1, column 0)");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                TokenStreamLocation at = p.currentTokenLocation();
                throw new NoValue("Trailing token (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
            }
            return value;
        }
    }

    /** The value starting at the parser's current token; nesting is bounded by the parser's constraints. */
    private static Object value(JsonParser p) {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new NoValue("Unexpected token " + token);
        }
    }

    /** Text that holds no single JSON value. */
    private static final class NoValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoValue(String message) {
            super(message, null, false, false);
        }
    }

    /** One line: the parser's message up to its first configuration hint, and the line and column. */
    private static final java.util.regex.Pattern SOURCE =
            java.util.regex.Pattern.compile("\\[Source: [\\s\\S]*?; line: (\\d+), column: (\\d+)]");

    static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        // A location inside the message quotes the text back with the parser's source type: keep the place.
        message = SOURCE.matcher(message).replaceAll("line $1, column $2");
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
            return read(t);
        } catch (JacksonException | NoValue e) {
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
            StringWriter out = new StringWriter();
            try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
                write(g, value);
            }
            return out.toString();
        } catch (NotPlain e) {
            return writeBound(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("value has no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    private static String writeBound(Object value) {
        try {
            return Binding.MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("value has no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes a plain value as data binding would; throws {@link NotPlain} for anything else. */
    private static void write(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String || e.getKey() instanceof Number)) {
                    throw new NotPlain();
                }
                g.writeName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            throw new NotPlain();
        }
    }

    /** A value data binding must write (a record, a time, an array, ...). */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotPlain() {
            super(null, null, false, false);
        }
    }

    /** The shared data-binding mapper, for classes that need a tree or a typed read. */
    public static ObjectMapper mapper() {
        return Binding.MAPPER;
    }
}
