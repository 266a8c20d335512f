package dev.codemode;

import dev.codemode.json.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One meta-tool call's arguments, read with the checks and the errors the model is given. */
final class Arguments {

    /** Longest {@code fileName}, {@code query}, {@code server} and {@code tool} argument taken. */
    static final int MAX_PATH_CHARS = 512;
    static final int MAX_QUERY_CHARS = 1_000;
    static final int MAX_NAME_CHARS = 256;

    private final Map<String, Object> values;

    Arguments(@Nullable Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    Map<String, Object> asMap() {
        return values;
    }

    /**
     * The arguments of a call to {@code tool} from the JSON text a framework delivers; blank text is no
     * arguments.
     *
     * @throws IllegalArgumentException with a message for the model when the text is not a JSON object
     */
    static Map<String, Object> parse(@Nullable String tool, @Nullable String argumentsJson) {
        Object parsed;
        try {
            parsed = argumentsJson == null || argumentsJson.isBlank() ? Map.of() : JsonValues.parse(argumentsJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arguments of " + shortName(tool) + " are not valid JSON: "
                    + String.valueOf(e.getMessage()).replaceFirst("^invalid JSON: ", ""), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("arguments of " + shortName(tool) + " must be a JSON object");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        map.forEach((k, v) -> args.put(String.valueOf(k), v));
        return args;
    }

    /** A name a caller gave, as an error repeats it: at most {@link #MAX_NAME_CHARS} characters. */
    static String shortName(@Nullable String name) {
        String s = String.valueOf(name);
        return s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS) + "...";
    }

    /** A string argument; {@code fix} says what to do when it is too long. */
    @Nullable String string(String key, boolean required, int maxChars, String fix) {
        Object v = values.get(key);
        if (v == null || v instanceof String s && s.isBlank() && required) {
            if (required) {
                throw new BadArgument("missing argument " + key);
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadArgument(key + " must be a string");
        }
        if (s.length() > maxChars) {
            throw new BadArgument(key + " has " + s.length() + " characters, over the limit of " + maxChars + ": " + fix);
        }
        return s;
    }

    @Nullable Integer integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new BadArgument(key + " must be an integer");
        }
    }

    /** An argument the model got wrong; its message is the whole answer. */
    static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message, null, false, false);
        }
    }
}
