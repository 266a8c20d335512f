package dev.codemode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.json.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.starlark.java.spelling.SpellChecker;
import org.jspecify.annotations.Nullable;

/**
 * A tool call's arguments checked against the tool's input schema before the call goes upstream, so
 * the model learns what is wrong in one line instead of one round trip (and instead of a server's
 * error, which may name internals). It checks exactly these keywords: {@code type}, {@code required},
 * {@code properties} (unknown names at the top level when the schema lists its parameters, and where
 * {@code additionalProperties: false}), {@code enum} (scalar members), {@code minimum},
 * {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum} (number and draft-4 boolean forms),
 * {@code minLength}, {@code maxLength}, {@code minItems}, {@code maxItems}, {@code items} (one schema)
 * and {@code format} ({@code date}, {@code date-time}, {@code email}, {@code uri}, {@code uuid}), into
 * nested objects and lists.
 *
 * <p>Schemas come from MCP servers and are hostile input. The check only ever says no when a keyword
 * it understands says no: a keyword of the wrong shape, a {@code $ref}, a combinator, an enum of
 * objects or of more than {@value #MAX_ENUM} members, nesting deeper than {@value #MAX_DEPTH}, or more
 * than {@value #MAX_STEPS} steps in all, and that part is left to the server. It never resolves
 * references, runs a regular expression or fetches anything, so it cannot loop, hang or reach the
 * network. A {@code null} value is never refused (models send it for "not given").
 *
 * <p>Why not a validator library: docs/security.md ("Arguments checked before the call").
 */
final class ArgumentCheck {

    static final int MAX_DEPTH = 24;
    static final int MAX_STEPS = 20_000;
    static final int MAX_ENUM = 1_000;
    /** Longest piece of a value or a schema quoted in a message. */
    static final int MAX_QUOTE = 40;
    private static final int MAX_LISTED = 10;

    private int steps;

    private ArgumentCheck() {
    }

    /**
     * What is wrong with {@code arguments} for {@code tool}, as one line for the model naming the
     * parameter, what it got and what is allowed; {@code null} when nothing the check understands
     * is wrong.
     */
    static @Nullable String problem(CatalogTool tool, Map<String, Object> arguments) {
        String problem = problem(tool.descriptor().inputSchema(), arguments);
        return problem == null ? null : tool.id() + ": " + problem;
    }

    /** As {@link #problem(CatalogTool, Map)}, without the tool's name. */
    static @Nullable String problem(Map<String, Object> schema, Map<String, Object> arguments) {
        try {
            return new ArgumentCheck().check(schema, arguments, "", 0, true);
        } catch (RuntimeException | StackOverflowError e) {
            return null; // the schema could not be understood: the server decides
        }
    }

    private @Nullable String check(@Nullable Object schemaValue, @Nullable Object value, String path, int depth,
            boolean topLevel) {
        if (++steps > MAX_STEPS || depth > MAX_DEPTH) {
            throw new GiveUp();
        }
        if (!(schemaValue instanceof Map<?, ?> schema) || value == null || schema.containsKey("$ref")) {
            return null;
        }
        String name = path.isEmpty() ? "the arguments" : path;
        String problem = type(schema.get("type"), value, name);
        if (problem != null) {
            return problem;
        }
        problem = enumeration(schema.get("enum"), value, name);
        if (problem != null) {
            return problem;
        }
        if (value instanceof Number n) {
            problem = bounds(schema, n, name);
        } else if (value instanceof String s) {
            problem = string(schema, s, name);
        } else if (value instanceof List<?> list) {
            problem = list(schema, list, path, depth);
        } else if (value instanceof Map<?, ?> map) {
            problem = object(schema, map, path, depth, topLevel);
        }
        return problem;
    }

    // type --------------------------------------------------------------------------------------

    private static @Nullable String type(@Nullable Object type, Object value, String name) {
        List<String> types = new ArrayList<>();
        if (type instanceof String t) {
            types.add(t);
        } else if (type instanceof List<?> list && !list.isEmpty() && list.size() <= 8) {
            for (Object t : list) {
                if (!(t instanceof String s)) {
                    return null;
                }
                types.add(s);
            }
        } else {
            return null;
        }
        for (String t : types) {
            switch (t) {
                case "string", "integer", "number", "boolean", "object", "array", "null" -> { }
                default -> {
                    return null; // a type we do not know: the server decides
                }
            }
            if (matches(t, value)) {
                return null;
            }
        }
        String allowed = types.stream().map(t -> t.equals("boolean") ? "True or False" : article(t))
                .collect(Collectors.joining(" or "));
        boolean numberInText = value instanceof String s && s.length() <= 40
                && s.strip().matches("-?\\d+(\\.\\d+)?") && (types.contains("integer") || types.contains("number"));
        return name + " must be " + allowed + ", got " + quote(value)
                + (value instanceof Map || value instanceof List ? "" : " (" + article(kind(value)) + ")")
                + (numberInText ? ": write the number without quotes, or convert with "
                        + (types.contains("integer") ? "int(x)" : "float(x)") : "");
    }

    private static boolean matches(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> isInteger(value);
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            default -> false;
        };
    }

    private static boolean isInteger(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return true;
        }
        // JSON Schema: 1.0 is an integer.
        BigDecimal d = decimal(value);
        return d != null && d.stripTrailingZeros().scale() <= 0;
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "string";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Number) {
            return isInteger(value) ? "integer" : "number";
        } else if (value instanceof Map) {
            return "object";
        } else if (value instanceof List) {
            return "array";
        }
        return "null";
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object" -> "an " + type;
            case "array" -> "a list";
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    // enum --------------------------------------------------------------------------------------

    private static @Nullable String enumeration(@Nullable Object enumValue, Object value, String name) {
        if (!(enumValue instanceof List<?> members) || members.isEmpty() || members.size() > MAX_ENUM) {
            return null;
        }
        for (Object m : members) {
            if (m instanceof Map || m instanceof List) {
                return null; // members we do not compare: the server decides
            }
            if (scalarEquals(m, value)) {
                return null;
            }
        }
        String listed = members.stream().limit(MAX_LISTED).map(ArgumentCheck::quote)
                .collect(Collectors.joining(", ")) + (members.size() > MAX_LISTED ? ", ... (" + members.size()
                + " in all)" : "");
        String suggestion = null;
        if (value instanceof String s) {
            List<String> strings = members.stream().filter(String.class::isInstance).map(String.class::cast).toList();
            suggestion = strings.stream().filter(m -> m.equalsIgnoreCase(s)).findFirst()
                    .orElseGet(() -> spellable(s, strings) ? SpellChecker.suggest(s, strings) : null);
        }
        return name + " must be one of " + listed + "; got " + quote(value)
                + (suggestion == null ? "" : " (did you mean " + quote(suggestion) + "?)");
    }

    private static boolean scalarEquals(@Nullable Object member, Object value) {
        if (member instanceof Number && value instanceof Number) {
            BigDecimal a = decimal(member);
            BigDecimal b = decimal(value);
            return a != null && b != null && a.compareTo(b) == 0;
        }
        return value.equals(member);
    }

    // numbers -----------------------------------------------------------------------------------

    private static @Nullable String bounds(Map<?, ?> schema, Number n, String name) {
        BigDecimal v = decimal(n);
        if (v == null) {
            return null;
        }
        BigDecimal min = decimal(schema.get("minimum"));
        BigDecimal max = decimal(schema.get("maximum"));
        Object exMin = schema.get("exclusiveMinimum");
        Object exMax = schema.get("exclusiveMaximum");
        // Draft 4: exclusiveMinimum: true makes minimum exclusive; later drafts give the bound itself.
        boolean minExclusive = Boolean.TRUE.equals(exMin);
        boolean maxExclusive = Boolean.TRUE.equals(exMax);
        if (min != null && (minExclusive ? v.compareTo(min) <= 0 : v.compareTo(min) < 0)) {
            return name + " must be " + (minExclusive ? "greater than " : "at least ") + plain(min) + ", got " + quote(n);
        }
        if (max != null && (maxExclusive ? v.compareTo(max) >= 0 : v.compareTo(max) > 0)) {
            return name + " must be " + (maxExclusive ? "less than " : "at most ") + plain(max) + ", got " + quote(n);
        }
        BigDecimal exclusiveMin = exMin instanceof Boolean ? null : decimal(exMin);
        if (exclusiveMin != null && v.compareTo(exclusiveMin) <= 0) {
            return name + " must be greater than " + plain(exclusiveMin) + ", got " + quote(n);
        }
        BigDecimal exclusiveMax = exMax instanceof Boolean ? null : decimal(exMax);
        if (exclusiveMax != null && v.compareTo(exclusiveMax) >= 0) {
            return name + " must be less than " + plain(exclusiveMax) + ", got " + quote(n);
        }
        return null;
    }

    /** A JSON number as a decimal; {@code null} for anything else, NaN and infinities included. */
    private static @Nullable BigDecimal decimal(@Nullable Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        } else if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    /** A bound as a message shows it: plain digits when short, else scientific (1E+400 has 401 digits). */
    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.precision() - s.scale() <= MAX_QUOTE && s.scale() <= MAX_QUOTE ? s.toPlainString() : s.toString();
    }

    /** A non-negative whole number of a length keyword, or -1 when the keyword is absent or malformed. */
    private static long size(@Nullable Object keyword) {
        BigDecimal d = decimal(keyword);
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
            return -1;
        }
        return d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? -1 : d.longValue();
    }

    // strings -----------------------------------------------------------------------------------

    private static @Nullable String string(Map<?, ?> schema, String s, String name) {
        long chars = s.codePointCount(0, s.length()); // JSON Schema counts characters, not UTF-16 units
        long min = size(schema.get("minLength"));
        long max = size(schema.get("maxLength"));
        if (min >= 0 && chars < min) {
            return name + " must have at least " + count(min, "character") + ", got " + (chars == 0 ? "\"\""
                    : count(chars, "character"));
        }
        if (max >= 0 && chars > max) {
            return name + " must have at most " + count(max, "character") + ", got " + count(chars, "character");
        }
        return schema.get("format") instanceof String format ? format(format, s, name) : null;
    }

    private static @Nullable String format(String format, String s, String name) {
        String expected = switch (format) {
            case "date" -> isDate(s) ? null : "a date (YYYY-MM-DD)";
            case "date-time" -> isDateTime(s) ? null : "a date-time (e.g. 2026-01-31T09:30:00Z)";
            case "email" -> isEmail(s) ? null : "an email address";
            case "uri" -> isUri(s) ? null : "an absolute URI (e.g. https://example.com/x)";
            case "uuid" -> isUuid(s) ? null : "a UUID (8-4-4-4-12 hex digits)";
            default -> null; // formats we do not check: the server decides
        };
        return expected == null ? null : name + " must be " + expected + ", got " + quote(s);
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * RFC 3339, and the forms servers commonly accept as well: a space for the {@code T}, no offset.
     * Only a value that is plainly not a date-time is refused.
     */
    private static boolean isDateTime(String s) {
        if (s.length() < 16 || s.length() > 64) {
            return false;
        }
        String t = s.substring(0, 10) + (s.charAt(10) == ' ' ? 'T' : s.charAt(10)) + s.substring(11);
        t = t.toUpperCase(java.util.Locale.ROOT);
        try {
            OffsetDateTime.parse(t);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(t);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static boolean isEmail(String s) {
        // Lenient on purpose: a local part and a domain, no spaces. Quoted local parts may hold an @.
        int at = s.lastIndexOf('@');
        return at > 0 && at < s.length() - 1 && s.chars().noneMatch(c -> Character.isWhitespace(c) || c < 0x20)
                && s.indexOf('"', at) < 0;
    }

    private static boolean isUri(String s) {
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    // arrays ------------------------------------------------------------------------------------

    private @Nullable String list(Map<?, ?> schema, List<?> list, String path, int depth) {
        String name = path.isEmpty() ? "the arguments" : path;
        long min = size(schema.get("minItems"));
        long max = size(schema.get("maxItems"));
        if (min >= 0 && list.size() < min) {
            return name + " must have at least " + count(min, "item") + ", got " + count(list.size(), "item");
        }
        if (max >= 0 && list.size() > max) {
            return name + " must have at most " + count(max, "item") + ", got " + count(list.size(), "item");
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                String problem = check(items, list.get(i), path + "[" + i + "]", depth + 1, false);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    // objects -----------------------------------------------------------------------------------

    private @Nullable String object(Map<?, ?> schema, Map<?, ?> map, String path, int depth, boolean topLevel) {
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : null;
        Object additional = schema.get("additionalProperties");
        // At the top level a schema that lists its parameters takes only those (as a script's keywords);
        // below it, only additionalProperties: false closes an object.
        boolean closed = properties != null && Boolean.FALSE.equals(additional)
                || properties != null && topLevel && !properties.isEmpty() && additional == null && !schema.containsKey("patternProperties");
        if (closed) {
            for (Object k : map.keySet()) {
                String key = String.valueOf(k);
                if (!properties.containsKey(key)) {
                    List<String> names = properties.keySet().stream().map(String::valueOf).toList();
                    return (path.isEmpty() ? "" : path + " has ") + "no parameter '" + cut(key) + "'"
                            + (spellable(key, names) ? SpellChecker.didYouMean(key, names) : "") + "; parameters: "
                            + names.stream().limit(2 * MAX_LISTED).map(ArgumentCheck::cut)
                            .collect(Collectors.joining(", ")) + (names.size() > 2 * MAX_LISTED ? ", ..." : "");
                }
            }
        }
        // Unknown names first: a misspelt name is also a missing one, and the suggestion is the fix.
        if (schema.get("required") instanceof List<?> required && required.size() <= MAX_ENUM) {
            List<String> missing = new ArrayList<>();
            for (Object r : required) {
                // Only declared parameters are demanded: a name the model cannot learn from the stub is the server's affair.
                if (r instanceof String n && !map.containsKey(n) && (properties == null || properties.containsKey(n))) {
                    missing.add(join(path, n));
                }
            }
            if (!missing.isEmpty()) {
                return (missing.size() == 1 ? "missing argument " : "missing arguments ") + missing.stream()
                        .limit(MAX_LISTED).map(ArgumentCheck::cut).collect(Collectors.joining(", "));
            }
        }
        if (properties == null) {
            return null;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object property = properties.get(String.valueOf(e.getKey()));
            if (property == null) {
                continue;
            }
            String problem = check(property, e.getValue(), join(path, String.valueOf(e.getKey())), depth + 1, false);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * Whether a "did you mean" is cheap enough: an edit distance per candidate costs the product of
     * the lengths, and both sides may be hostile.
     */
    private static boolean spellable(String given, List<String> candidates) {
        return given.length() <= 64 && candidates.size() <= 200 && candidates.stream().allMatch(c -> c.length() <= 64);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // quoting -----------------------------------------------------------------------------------

    /** A value as a message shows it: JSON, at most {@value #MAX_QUOTE} characters of it. */
    static String quote(@Nullable Object value) {
        if (value instanceof Map<?, ?> m) {
            return "an object of " + count(m.size(), "key");
        } else if (value instanceof List<?> l) {
            return "a list of " + count(l.size(), "item");
        }
        String s = value instanceof String text && text.length() > MAX_QUOTE
                ? JsonValues.write(text.substring(0, MAX_QUOTE)) + "... (" + text.length() + " characters)"
                : JsonValues.write(value);
        return s.length() <= MAX_QUOTE + 40 ? s : s.substring(0, MAX_QUOTE) + "...";
    }

    private static String cut(String name) {
        return name.length() <= MAX_QUOTE ? name : name.substring(0, MAX_QUOTE) + "...";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The schema is beyond what the check walks: the server decides. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }
}
