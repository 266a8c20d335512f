package dev.codemode.stubs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Argument values for the usage example of {@code getToolDocs} that the schema accepts, so that a model
 * copying the example does not get a server's error back. In order of preference: the {@code const};
 * the schema's own {@code examples}, {@code example} and {@code default} when they fit; the first
 * {@code enum} member; else a value made for the schema: a string in its {@code format}, matching its
 * {@code pattern} (for patterns made of literals, classes and quantifiers) within its length bounds; a
 * number within {@code minimum}/{@code maximum} (exclusive or not) on its {@code multipleOf}; an array
 * of at least {@code minItems} (distinct when {@code uniqueItems}); an object with its required fields.
 *
 * <p>A union takes its first member that is not {@code null}; {@code $ref}s and {@code allOf} are
 * followed. What cannot be made valid (a contradictory schema, a pattern with look-arounds) is still
 * answered with a plausible value; nothing here throws on a schema.
 */
final class ExampleValues {

    private static final int MAX_DEPTH = 6;
    private static final int MAX_ITEMS = 3;
    private static final int MAX_STRING = 200;

    private ExampleValues() {
    }

    static Object value(Object schema, Object root, String name) {
        return value(schema, root, name, 0);
    }

    private static Object value(Object schema, Object root, String name, int depth) {
        if (depth > MAX_DEPTH || !(schema instanceof Map<?, ?>)) {
            return byName(name);
        }
        Map<Object, Object> m = merged(schema, root, 0);
        if (m.containsKey("const")) {
            return m.get("const");
        }
        List<Object> candidates = new ArrayList<>();
        if (m.get("examples") instanceof List<?> list) {
            candidates.addAll(list);
        }
        if (m.containsKey("example")) {
            candidates.add(m.get("example"));
        }
        if (m.get("default") != null) {
            candidates.add(m.get("default"));
        }
        for (Object c : candidates) {
            if (fits(c, m, root, 0)) {
                return c;
            }
        }
        if (m.get("enum") instanceof List<?> values && !values.isEmpty()) {
            for (Object v : values) {
                if (v != null) {
                    return v;
                }
            }
            return values.get(0);
        }
        return made(m, root, name, depth);
    }

    /**
     * The schema with its {@code $ref} target, the one member of a union (the first that is not
     * {@code null}) and its {@code allOf} members merged under it: the keywords a value must meet.
     */
    static Map<Object, Object> merged(Object schema, Object root, int depth) {
        Map<Object, Object> flat = new LinkedHashMap<>(ToolDocs.flatten(schema, root));
        if (depth > MAX_DEPTH) {
            return flat;
        }
        if (!flat.containsKey("type") && !flat.containsKey("const") && !flat.containsKey("enum")) {
            for (String key : List.of("anyOf", "oneOf")) {
                if (flat.get(key) instanceof List<?> members) {
                    for (Object member : members) {
                        if (member instanceof Map<?, ?> mm && !"null".equals(mm.get("type"))) {
                            Map<Object, Object> inner = merged(mm, root, depth + 1);
                            flat.remove(key);
                            inner.forEach(flat::putIfAbsent);
                            break;
                        }
                    }
                }
            }
        }
        if (flat.get("allOf") instanceof List<?> all) {
            flat.remove("allOf");
            for (Object member : all) {
                if (member instanceof Map<?, ?>) {
                    merged(member, root, depth + 1).forEach((k, v) -> {
                        if (!"properties".equals(k) && !"required".equals(k)) {
                            flat.putIfAbsent(k, v);
                        }
                    });
                }
            }
            flat.put("allOf", all); // kept for the object's fields, which SchemaTypes.shape merges
        }
        return flat;
    }

    private static Object made(Map<Object, Object> m, Object root, String name, int depth) {
        String type = type(m);
        if (type.isEmpty() && SchemaTypes.shape(m, root) != null) {
            type = "object";
        }
        return switch (type) {
            case "integer" -> number(m, true);
            case "number" -> number(m, false);
            case "boolean" -> Boolean.TRUE;
            case "null" -> null;
            case "array" -> array(m, root, name, depth);
            case "object" -> object(m, root, depth);
            default -> string(m, name);
        };
    }

    /** The first type a value may have, ignoring {@code null}; guessed from the keywords when untyped. */
    private static String type(Map<?, ?> m) {
        Object t = m.get("type");
        if (t instanceof String s) {
            return s;
        }
        if (t instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.equals("null")) {
                    return s;
                }
            }
            return list.contains("null") ? "null" : "";
        }
        if (m.containsKey("properties") || m.containsKey("required")) {
            return "object";
        }
        if (m.containsKey("items") || m.containsKey("minItems")) {
            return "array";
        }
        if (m.containsKey("minimum") || m.containsKey("maximum") || m.containsKey("multipleOf")
                || m.containsKey("exclusiveMinimum") || m.containsKey("exclusiveMaximum")) {
            return "number";
        }
        return "";
    }

    private static List<Object> array(Map<?, ?> m, Object root, String name, int depth) {
        int min = count(m.get("minItems"), 0);
        int max = count(m.get("maxItems"), Integer.MAX_VALUE);
        int n = Math.min(Math.max(min, 1), max);
        List<Object> list = new ArrayList<>();
        if (!(m.get("items") instanceof Map<?, ?> items)) {
            for (int i = 0; i < Math.min(n, MAX_ITEMS) && i < min; i++) {
                list.add("item " + (i + 1));
            }
            return list;
        }
        Object first = value(items, root, PyText.singular(name).replace("_item", ""), depth + 1);
        list.add(first);
        for (int i = 1; i < n && i < Math.max(min, 1); i++) {
            Object next = Boolean.TRUE.equals(m.get("uniqueItems")) ? distinct(first, i, merged(items, root, 0)) : first;
            list.add(next);
        }
        return n == 0 ? new ArrayList<>() : list;
    }

    /** A variant of {@code first} for the {@code i}th item of a unique list: another enum member, number or string. */
    private static Object distinct(Object first, int i, Map<Object, Object> items) {
        if (items.get("enum") instanceof List<?> values && values.size() > i) {
            return values.get(i);
        }
        if (first instanceof Long l) {
            Number step = items.get("multipleOf") instanceof Number s ? s : 1;
            return l + (long) i * Math.max(1, step.longValue());
        }
        if (first instanceof Number n) {
            return new BigDecimal(n.toString()).add(BigDecimal.valueOf(i));
        }
        if (first instanceof String s) {
            String v = s + (i + 1);
            int max = count(items.get("maxLength"), Integer.MAX_VALUE);
            return v.length() <= max ? v : s.substring(0, Math.max(0, max - 1)) + (char) ('a' + i % 26);
        }
        return first;
    }

    private static Map<String, Object> object(Map<?, ?> m, Object root, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        SchemaTypes.ObjectShape shape = SchemaTypes.shape(m, root);
        if (shape == null) {
            return object;
        }
        for (String key : shape.required()) {
            if (shape.properties().containsKey(key)) {
                object.put(key, value(shape.properties().get(key), root, key, depth + 1));
            } else {
                object.put(key, byName(key));
            }
        }
        if (object.isEmpty() && count(m.get("minProperties"), 0) > 0 && !shape.properties().isEmpty()) {
            String key = shape.properties().keySet().iterator().next();
            object.put(key, value(shape.properties().get(key), root, key, depth + 1));
        }
        return object;
    }

    private static int count(Object n, int otherwise) {
        return n instanceof Number x && x.doubleValue() >= 0 ? (int) Math.min(x.longValue(), Integer.MAX_VALUE) : otherwise;
    }

    /** A number within the bounds, on the step: the lowest allowed from 1 upwards, else the highest below. */
    private static Object number(Map<?, ?> m, boolean integer) {
        BigDecimal lo = decimal(m.get("minimum"));
        BigDecimal hi = decimal(m.get("maximum"));
        boolean loOpen = false;
        boolean hiOpen = false;
        if (decimal(m.get("exclusiveMinimum")) != null && (lo == null || decimal(m.get("exclusiveMinimum")).compareTo(lo) >= 0)) {
            lo = decimal(m.get("exclusiveMinimum"));
            loOpen = true;
        } else if (Boolean.TRUE.equals(m.get("exclusiveMinimum"))) {
            loOpen = lo != null; // draft 4
        }
        if (decimal(m.get("exclusiveMaximum")) != null && (hi == null || decimal(m.get("exclusiveMaximum")).compareTo(hi) <= 0)) {
            hi = decimal(m.get("exclusiveMaximum"));
            hiOpen = true;
        } else if (Boolean.TRUE.equals(m.get("exclusiveMaximum"))) {
            hiOpen = hi != null;
        }
        BigDecimal step = decimal(m.get("multipleOf"));
        if (step != null && step.signum() <= 0) {
            step = null;
        }
        if (integer) {
            step = step == null ? BigDecimal.ONE : lcmWithOne(step);
        }
        BigDecimal start = integer ? BigDecimal.ONE : new BigDecimal("1.5");
        if (step != null && !integer) {
            start = step;
        }
        BigDecimal v = start;
        if (lo != null && (v.compareTo(lo) < 0 || loOpen && v.compareTo(lo) == 0)) {
            v = above(lo, loOpen, step, hi);
        } else if (hi != null && (v.compareTo(hi) > 0 || hiOpen && v.compareTo(hi) == 0)) {
            v = below(hi, hiOpen, step, lo);
        }
        return integer && v.stripTrailingZeros().scale() <= 0 ? (Object) v.toBigInteger().longValue()
                : (Object) v.stripTrailingZeros();
    }

    private static BigDecimal above(BigDecimal lo, boolean open, BigDecimal step, BigDecimal hi) {
        if (step != null) {
            BigDecimal k = lo.divide(step, 0, RoundingMode.CEILING);
            BigDecimal v = k.multiply(step);
            return open && v.compareTo(lo) == 0 ? v.add(step) : v;
        }
        if (!open) {
            return lo;
        }
        return hi != null ? lo.add(hi).divide(BigDecimal.valueOf(2)) : lo.add(BigDecimal.ONE);
    }

    private static BigDecimal below(BigDecimal hi, boolean open, BigDecimal step, BigDecimal lo) {
        if (step != null) {
            BigDecimal k = hi.divide(step, 0, RoundingMode.FLOOR);
            BigDecimal v = k.multiply(step);
            return open && v.compareTo(hi) == 0 ? v.subtract(step) : v;
        }
        if (!open) {
            return hi;
        }
        return lo != null ? lo.add(hi).divide(BigDecimal.valueOf(2)) : hi.subtract(BigDecimal.ONE);
    }

    /** An integer step: the multipleOf itself when whole, else the smallest whole multiple of it (up to 1000). */
    private static BigDecimal lcmWithOne(BigDecimal step) {
        for (int k = 1; k <= 1000; k++) {
            BigDecimal v = step.multiply(BigDecimal.valueOf(k));
            if (v.stripTrailingZeros().scale() <= 0) {
                return v;
            }
        }
        return BigDecimal.ONE;
    }

    private static BigDecimal decimal(Object n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(((Number) n).longValue());
        }
        if (n instanceof Number x && Double.isFinite(x.doubleValue())) {
            return new BigDecimal(x.toString());
        }
        return null;
    }

    /** A string in the format, else after the name; then made to match the pattern and the length bounds. */
    private static String string(Map<?, ?> m, String name) {
        String format = m.get("format") instanceof String f ? f : "";
        String s = byFormat(format);
        if (s == null) {
            s = byName(name);
        }
        int min = count(m.get("minLength"), 0);
        int max = count(m.get("maxLength"), Integer.MAX_VALUE);
        if (m.get("pattern") instanceof String pattern && !matches(pattern, s)) {
            String made = RegexExample.of(pattern);
            if (made != null && matches(pattern, made)) {
                s = made;
                if (length(s) < min && matches(pattern, s + "1".repeat(min - length(s)))) {
                    return s + "1".repeat(min - length(s));
                }
                return s;
            }
        }
        if (length(s) > max) {
            s = s.substring(0, s.offsetByCodePoints(0, max));
        }
        if (length(s) < min) {
            s = s + "x".repeat(Math.min(min, MAX_STRING) - length(s));
        }
        return s;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static boolean matches(String pattern, String s) {
        try {
            return Pattern.compile(pattern).matcher(s).find();
        } catch (PatternSyntaxException | StackOverflowError e) {
            return true; // not a pattern Java reads: nothing to check against
        }
    }

    private static String byFormat(String format) {
        return switch (format) {
            case "date-time" -> "2024-01-31T09:00:00Z";
            case "date" -> "2024-01-31";
            case "time" -> "09:00:00Z";
            case "duration" -> "PT1H";
            case "email", "idn-email" -> "user@example.com";
            case "uri", "url", "iri" -> "https://example.com";
            case "uri-reference", "iri-reference" -> "https://example.com/page";
            case "uuid" -> "123e4567-e89b-12d3-a456-426614174000";
            case "hostname", "idn-hostname" -> "example.com";
            case "ipv4" -> "192.0.2.1";
            case "ipv6" -> "2001:db8::1";
            case "regex" -> ".*";
            case "json-pointer" -> "/a";
            default -> null;
        };
    }

    static String byName(String name) {
        String n = name == null ? "" : name;
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.contains("email")) {
            return "user@example.com";
        }
        if (lower.contains("url") || lower.contains("uri")) {
            return "https://example.com";
        }
        if (lower.contains("path") || lower.contains("file") || lower.equals("source") || lower.equals("destination")) {
            return "/tmp/example.txt";
        }
        if (lower.contains("date")) {
            return "2024-01-31";
        }
        if (lower.equals("query") || lower.equals("q") || lower.contains("search")) {
            return "search text";
        }
        if (lower.equals("id") || lower.endsWith("_id") || lower.endsWith("-id") || n.endsWith("Id")) {
            String base = n.length() > 2 ? n.substring(0, n.length() - 2).replaceAll("[_-]$", "") : "";
            return (base.isEmpty() ? "id" : base.toLowerCase(Locale.ROOT)) + "-1";
        }
        return n.isEmpty() ? "text" : n.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Whether {@code value} meets the keywords of the merged schema {@code m} that a call is checked against. */
    static boolean fits(Object value, Map<?, ?> m, Object root, int depth) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        if (m.containsKey("const") && !same(m.get("const"), value)) {
            return false;
        }
        if (m.get("enum") instanceof List<?> values && values.stream().noneMatch(v -> same(v, value))) {
            return false;
        }
        if (!typeFits(value, m.get("type"))) {
            return false;
        }
        if (value instanceof String s) {
            int n = length(s);
            return n >= count(m.get("minLength"), 0) && n <= count(m.get("maxLength"), Integer.MAX_VALUE)
                    && (!(m.get("pattern") instanceof String p) || matches(p, s))
                    && (!(m.get("format") instanceof String f) || formatFits(f, s));
        }
        if (value instanceof Number x) {
            BigDecimal v = decimal(x);
            if (v == null) {
                return false;
            }
            BigDecimal lo = decimal(m.get("minimum"));
            BigDecimal hi = decimal(m.get("maximum"));
            BigDecimal xlo = decimal(m.get("exclusiveMinimum"));
            BigDecimal xhi = decimal(m.get("exclusiveMaximum"));
            BigDecimal step = decimal(m.get("multipleOf"));
            boolean loOpen = Boolean.TRUE.equals(m.get("exclusiveMinimum"));
            boolean hiOpen = Boolean.TRUE.equals(m.get("exclusiveMaximum"));
            return (lo == null || v.compareTo(lo) > 0 || !loOpen && v.compareTo(lo) == 0)
                    && (hi == null || v.compareTo(hi) < 0 || !hiOpen && v.compareTo(hi) == 0)
                    && (xlo == null || v.compareTo(xlo) > 0) && (xhi == null || v.compareTo(xhi) < 0)
                    && (step == null || step.signum() <= 0 || v.remainder(step).signum() == 0);
        }
        if (value instanceof List<?> list) {
            if (list.size() < count(m.get("minItems"), 0) || list.size() > count(m.get("maxItems"), Integer.MAX_VALUE)
                    || Boolean.TRUE.equals(m.get("uniqueItems")) && new HashSet<>(list).size() < list.size()) {
                return false;
            }
            if (m.get("items") instanceof Map<?, ?> items) {
                Map<Object, Object> itemSchema = merged(items, root, 0);
                return list.stream().allMatch(item -> fits(item, itemSchema, root, depth + 1));
            }
            return true;
        }
        if (value instanceof Map<?, ?> object) {
            SchemaTypes.ObjectShape shape = SchemaTypes.shape(m, root);
            if (shape == null) {
                return true;
            }
            for (String key : shape.required()) {
                if (!object.containsKey(key)) {
                    return false;
                }
            }
            if (Boolean.FALSE.equals(m.get("additionalProperties"))
                    && !shape.properties().keySet().containsAll(object.keySet().stream().map(String::valueOf).toList())) {
                return false;
            }
            for (Map.Entry<?, ?> e : object.entrySet()) {
                Object property = shape.properties().get(String.valueOf(e.getKey()));
                if (property instanceof Map<?, ?> && !fits(e.getValue(), merged(property, root, 0), root, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean typeFits(Object value, Object type) {
        List<?> types = type instanceof String s ? List.of(s) : type instanceof List<?> l ? l : null;
        if (types == null || types.isEmpty()) {
            return true;
        }
        for (Object t : types) {
            boolean ok = switch (String.valueOf(t)) {
                case "string" -> value instanceof String;
                case "integer" -> value instanceof Number n && decimal(n) != null
                        && decimal(n).stripTrailingZeros().scale() <= 0;
                case "number" -> value instanceof Number;
                case "boolean" -> value instanceof Boolean;
                case "null" -> value == null;
                case "array" -> value instanceof List<?>;
                case "object" -> value instanceof Map<?, ?>;
                default -> true;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static final Map<String, Pattern> FORMATS = Map.of(
            "date", Pattern.compile("\\d{4}-\\d{2}-\\d{2}"),
            "date-time", Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})"),
            "time", Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})"),
            "email", Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"),
            "uri", Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S*"),
            "uuid", Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
            "ipv4", Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"));

    private static boolean formatFits(String format, String s) {
        Pattern p = FORMATS.get(format);
        return p == null || p.matcher(s).matches();
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            BigDecimal dx = decimal(x);
            BigDecimal dy = decimal(y);
            return dx != null && dy != null && dx.compareTo(dy) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A string a simple regular expression finds: literals, classes, escapes, groups and quantifiers. */
    static final class RegexExample {
        private final String p;
        private int i;

        private RegexExample(String pattern) {
            this.p = pattern;
        }

        /** A string matching {@code pattern}, or null when the pattern uses what this does not read. */
        static String of(String pattern) {
            try {
                RegexExample r = new RegexExample(pattern);
                String s = r.alternatives();
                return r.i == pattern.length() && s.length() <= MAX_STRING ? s : null;
            } catch (RuntimeException | StackOverflowError e) {
                return null;
            }
        }

        /** The first alternative of a sequence; the others are skipped. */
        private String alternatives() {
            String first = sequence();
            while (i < p.length() && p.charAt(i) == '|') {
                i++;
                sequence();
            }
            return first;
        }

        private String sequence() {
            StringBuilder out = new StringBuilder();
            while (i < p.length() && p.charAt(i) != '|' && p.charAt(i) != ')') {
                String atom = atom();
                int times = quantifier();
                out.append(atom.repeat(times));
                if (out.length() > MAX_STRING) {
                    throw new IllegalArgumentException("too long");
                }
            }
            return out.toString();
        }

        private String atom() {
            char c = p.charAt(i++);
            switch (c) {
                case '^', '$' -> {
                    return "";
                }
                case '.' -> {
                    return "a";
                }
                case '[' -> {
                    return String.valueOf(charClass());
                }
                case '(' -> {
                    if (p.startsWith("?:", i)) {
                        i += 2;
                    } else if (p.startsWith("?<", i) && i + 2 < p.length() && p.charAt(i + 2) != '=' && p.charAt(i + 2) != '!') {
                        i = p.indexOf('>', i) + 1;
                    } else if (i < p.length() && p.charAt(i) == '?') {
                        throw new IllegalArgumentException("look-around");
                    }
                    String inner = alternatives();
                    if (i >= p.length() || p.charAt(i) != ')') {
                        throw new IllegalArgumentException("unclosed group");
                    }
                    i++;
                    return inner;
                }
                case '\\' -> {
                    return escape(p.charAt(i++));
                }
                case '*', '+', '?', '{' -> throw new IllegalArgumentException("quantifier without atom");
                default -> {
                    return String.valueOf(c);
                }
            }
        }

        private String escape(char e) {
            return switch (e) {
                case 'd' -> "1";
                case 'w' -> "a";
                case 's' -> " ";
                case 'D', 'W', 'S' -> e == 'W' ? "-" : "a";
                case 'b', 'B', 'A', 'z', 'Z' -> "";
                case 'n' -> "\n";
                case 't' -> "\t";
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new IllegalArgumentException("escape \\" + e);
                    }
                    yield String.valueOf(e);
                }
            };
        }

        /** The first character a class admits; for a negated class, a letter or digit it does not exclude. */
        private char charClass() {
            boolean negated = i < p.length() && p.charAt(i) == '^';
            if (negated) {
                i++;
            }
            StringBuilder members = new StringBuilder();
            Character first = null;
            boolean start = true;
            while (i < p.length() && (p.charAt(i) != ']' || start)) {
                start = false;
                char c = p.charAt(i++);
                char from;
                if (c == '\\') {
                    char e = p.charAt(i++);
                    String s = switch (e) {
                        case 'd' -> "0123456789";
                        case 'w' -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
                        case 's' -> " \t\n";
                        default -> String.valueOf(escape(e).isEmpty() ? e : escape(e).charAt(0));
                    };
                    members.append(s);
                    first = first == null ? s.charAt(0) : first;
                    continue;
                }
                from = c;
                if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    char to = p.charAt(i + 1) == '\\' ? p.charAt(i + 2) : p.charAt(i + 1);
                    i += p.charAt(i + 1) == '\\' ? 3 : 2;
                    for (char x = from; x <= to && members.length() < 500; x++) {
                        members.append(x);
                    }
                } else {
                    members.append(from);
                }
                first = first == null ? from : first;
            }
            if (i >= p.length()) {
                throw new IllegalArgumentException("unclosed class");
            }
            i++;
            if (!negated) {
                if (first == null) {
                    throw new IllegalArgumentException("empty class");
                }
                return first;
            }
            for (char x : "abcxyz019ABC_-".toCharArray()) {
                if (members.indexOf(String.valueOf(x)) < 0) {
                    return x;
                }
            }
            throw new IllegalArgumentException("class excludes everything tried");
        }

        /** How often the atom is repeated: the least the quantifier allows, at least once for {@code +}. */
        private int quantifier() {
            if (i >= p.length()) {
                return 1;
            }
            char c = p.charAt(i);
            int times;
            if (c == '*' || c == '?') {
                i++;
                times = 0;
            } else if (c == '+') {
                i++;
                times = 1;
            } else if (c == '{' && p.indexOf('}', i) > i) {
                String body = p.substring(i + 1, p.indexOf('}', i));
                if (!body.matches("\\d{1,3}(,\\d{0,3})?")) {
                    return 1; // a literal brace
                }
                i = p.indexOf('}', i) + 1;
                times = Integer.parseInt(body.split(",")[0]);
            } else {
                return 1;
            }
            if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
                i++; // lazy or possessive
            }
            return times;
        }
    }
}
