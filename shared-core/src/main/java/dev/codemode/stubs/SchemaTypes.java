package dev.codemode.stubs;

import dev.codemode.catalog.Identifiers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Schema to Python type expressions, for one stub file. The conversion table:
 *
 * <pre>
 * string, integer, number, boolean, null -> str, int, float, bool, None
 * array with items T                       -> list[T]   (no items: list)
 * object with properties                   -> a TypedDict class, emitted before the functions
 * object without properties                -> dict, or dict[str, T] with an additionalProperties schema
 * enum / const (str, int, bool, null)      -> Literal[...]
 * oneOf / anyOf, type lists, nullable      -> A | B
 * allOf                                    -> the members' object properties merged
 * $ref to #, #/$defs/.., #/definitions/..  -> the target's type; a recursive target by its class name
 * anything else                            -> Any
 * </pre>
 *
 * <p>Classes are named from the schema title, else the $ref name, else the property (singular for
 * list items) or tool name, in PascalCase, deduplicated with a number. Two objects of the same shape
 * share one class when they would get the same name, or when they belong to the same tool
 * ({@link #owner}) and no title says they differ; so each tool's types carry its own names. The
 * instance collects the classes of a file; it is not thread-safe, and {@link #copy()} lets a caller
 * drop what a failed tool added.
 *
 * <p>Unknown and broken schemas never throw from here on their own: cycles in the Java maps, refs
 * that lead nowhere and keywords of the wrong type all read as {@code Any}. A schema so large that
 * rendering it would take too long throws {@link TooComplex}, for the caller to fall back.
 */
final class SchemaTypes {

    static final String ANY = "Any";
    private static final int MAX_DEPTH = 32;
    private static final int MAX_WORK = 20_000;
    private static final int MAX_LITERALS = 25;
    private static final Pattern TYPING_NAME = Pattern.compile("\\b(Any|Literal|NotRequired|TypedDict)\\b");
    private static final Set<String> TYPING_NAMES = Set.of("Any", "Literal", "NotRequired", "TypedDict");
    private static final Set<String> TYPING_KEYS = Set.of("type", "properties", "items", "prefixItems", "$ref",
            "enum", "const", "anyOf", "oneOf", "allOf", "additionalProperties");

    /** Thrown when a schema needs more work than a stub is worth. */
    static final class TooComplex extends RuntimeException {
        TooComplex() {
            super("schema too complex", null, false, false);
        }
    }

    /** One emitted class (or type alias) and the typing names its text uses. */
    record PyClass(String name, String text, Set<String> uses) {
    }

    /** One schema document: the root its {@code $ref}s point into and what they resolved to. */
    static final class Doc {
        private final Object root;
        private final Map<String, String> refTypes = new HashMap<>();
        private final Map<String, Pending> pending = new HashMap<>();
        private final Map<Object, Boolean> path = new IdentityHashMap<>();
        private final Map<Object, String> done = new IdentityHashMap<>();
        private int work;

        Doc(Object root) {
            this.root = root;
        }

        Object root() {
            return root;
        }
    }

    /** A $ref target being rendered; gets a name only when something refers to it recursively. */
    private static final class Pending {
        final Map<?, ?> schema;
        final String base;
        String name;

        Pending(Map<?, ?> schema, String base) {
            this.schema = schema;
            this.base = base;
        }
    }

    private record Field(String key, String type, boolean required) {
    }

    private final Set<String> taken;
    /** Class names by their body: candidates to reuse for an object of the same shape. */
    private final Map<String, List<String>> byBody;
    private final Map<String, String> baseOf;
    /** The tool each class was first made for. */
    private final Map<String, String> ownerOf;
    private String owner = "";
    private final List<PyClass> classes;

    /** @param reserved names no class may take (the file's function names) */
    SchemaTypes(Collection<String> reserved) {
        this.taken = new HashSet<>(reserved);
        taken.addAll(TYPING_NAMES);
        taken.addAll(List.of("None", "True", "False"));
        this.byBody = new HashMap<>();
        this.baseOf = new HashMap<>();
        this.ownerOf = new HashMap<>();
        this.classes = new ArrayList<>();
    }

    private SchemaTypes(SchemaTypes other) {
        this.taken = new HashSet<>(other.taken);
        this.byBody = new HashMap<>();
        other.byBody.forEach((body, names) -> byBody.put(body, new ArrayList<>(names)));
        this.baseOf = new HashMap<>(other.baseOf);
        this.ownerOf = new HashMap<>(other.ownerOf);
        this.owner = other.owner;
        this.classes = new ArrayList<>(other.classes);
    }

    /** An independent copy, to render a tool that may fail without keeping its half-made classes. */
    SchemaTypes copy() {
        return new SchemaTypes(this);
    }

    /**
     * The tool whose types are rendered next. Its classes reuse another tool's class of the same shape
     * only under the same name: a {@code write_file} result is never called {@code ReadFileResult}.
     */
    SchemaTypes owner(String toolId) {
        this.owner = toolId;
        return this;
    }

    /** The classes emitted so far, each after the classes it uses (recursion aside). */
    List<PyClass> classes() {
        return Collections.unmodifiableList(classes);
    }

    /** The typing names ({@code Any}, {@code Literal}, ...) a type expression uses. */
    static Set<String> typingNames(String type) {
        Set<String> names = new TreeSet<>();
        Matcher m = TYPING_NAME.matcher(PyText.withoutStrings(type));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The Python type of {@code schema}.
     *
     * @param hint the name a class for it would take when the schema has no title (a property or
     *             tool name, any case)
     */
    String type(Object schema, Doc doc, String hint) {
        return type(schema, doc, hint, 0);
    }

    /** The schema a {@code $ref} points to within the document, or {@code null}. */
    static Object resolve(Object root, String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            return null;
        }
        Object node = root;
        for (String raw : ref.substring(2).split("/", -1)) {
            String segment;
            try {
                segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                segment = raw;
            }
            segment = segment.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> map) {
                node = map.get(segment);
            } else if (node instanceof List<?> list && segment.matches("\\d{1,9}")
                    && Integer.parseInt(segment) < list.size()) {
                node = list.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return node;
    }

    private String type(Object schema, Doc doc, String hint, int depth) {
        if (++doc.work > MAX_WORK) {
            throw new TooComplex();
        }
        if (depth > MAX_DEPTH || !(schema instanceof Map<?, ?> m)) {
            return ANY;
        }
        String known = doc.done.get(m);
        if (known != null) {
            return known;
        }
        if (doc.path.put(m, Boolean.TRUE) != null) {
            return ANY;
        }
        try {
            String t = bare(m, doc, hint, depth);
            t = Boolean.TRUE.equals(m.get("nullable")) ? union(List.of(t, "None")) : t;
            // The same schema object met again (shared by several properties) has the same type: this
            // keeps schemas that share their parts from taking exponential time.
            doc.done.put(m, t);
            return t;
        } finally {
            doc.path.remove(m);
        }
    }

    private String bare(Map<?, ?> m, Doc doc, String hint, int depth) {
        if (m.get("$ref") instanceof String ref) {
            return ref(ref, doc, depth);
        }
        if (m.containsKey("const")) {
            String literal = literalType(Collections.singletonList(m.get("const")));
            if (literal != null) {
                return literal;
            }
        }
        if (m.get("enum") instanceof List<?> values && !values.isEmpty()) {
            String literal = literalType(values);
            if (literal != null) {
                return literal;
            }
            if (!m.containsKey("type")) {
                return valuesType(values);
            }
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (m.get(key) instanceof List<?> members) {
                List<String> parts = new ArrayList<>();
                for (Object member : members) {
                    if (member instanceof Map<?, ?> mm && (mm.isEmpty() || hasTypingKey(mm))) {
                        parts.add(type(member, doc, hint, depth + 1));
                    } else if (Boolean.TRUE.equals(member)) {
                        parts.add(ANY);
                    }
                }
                if (!parts.isEmpty()) {
                    return union(parts);
                }
            }
        }
        if (m.get("allOf") instanceof List<?> all && !all.isEmpty()) {
            String merged = allOf(m, all, doc, hint, depth);
            if (merged != null) {
                return merged;
            }
        }
        return byType(m, doc, hint, depth);
    }

    private static boolean hasTypingKey(Map<?, ?> m) {
        for (Object key : m.keySet()) {
            if (TYPING_KEYS.contains(String.valueOf(key))) {
                return true;
            }
        }
        return false;
    }

    private String ref(String ref, Doc doc, int depth) {
        String cached = doc.refTypes.get(ref);
        if (cached != null) {
            return cached;
        }
        Pending pending = doc.pending.get(ref);
        if (pending != null) {
            if (pending.name == null) {
                pending.name = reserve(pending.base);
            }
            return pending.name;
        }
        if (!(resolve(doc.root, ref) instanceof Map<?, ?> target)) {
            return ANY;
        }
        String title = title(target);
        pending = new Pending(target, PyText.pascal(title != null ? title : ref.substring(ref.lastIndexOf('/') + 1)));
        doc.pending.put(ref, pending);
        // A $ref target starts a fresh path: a schema met again through a $ref is recursion the
        // pending entry names, not a broken cycle.
        Map<Object, Boolean> outerPath = new IdentityHashMap<>(doc.path);
        doc.path.clear();
        String t;
        try {
            t = type(target, doc, pending.base, depth + 1);
        } finally {
            doc.pending.remove(ref);
            doc.path.clear();
            doc.path.putAll(outerPath);
        }
        if (pending.name != null && !emitted(pending.name)) {
            if (t.equals(pending.name)) {
                t = ANY;
            } else {
                // The target recursed through something other than its own class (a list, a union
                // or a merged allOf): name that type so the recursive use has something to point at.
                classes.add(new PyClass(pending.name, pending.name + " = " + t, typingNames(t)));
                t = pending.name;
            }
        }
        doc.refTypes.put(ref, t);
        return t;
    }

    private boolean emitted(String name) {
        for (PyClass c : classes) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private String allOf(Map<?, ?> m, List<?> all, Doc doc, String hint, int depth) {
        boolean ownProperties = m.get("properties") instanceof Map<?, ?> p && !p.isEmpty();
        if (all.size() == 1 && !ownProperties) {
            return type(all.get(0), doc, hint, depth + 1);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collectObject(m, doc, properties, required, 0);
        if (properties.isEmpty()) {
            for (Object member : all) {
                if (member instanceof Map<?, ?> mm && hasTypingKey(mm)) {
                    return type(mm, doc, hint, depth + 1);
                }
            }
            return null;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("type", "object");
        if (m.get("title") instanceof String t) {
            merged.put("title", t);
        }
        merged.put("properties", properties);
        merged.put("required", new ArrayList<>(required));
        for (Pending p : doc.pending.values()) {
            if (p.schema == m) {
                // Keep the $ref's name for the merged class.
                return classFor(merged, properties, doc, p, depth);
            }
        }
        return classFor(merged, properties, doc, null, hint, depth);
    }

    private static void collectObject(Object schema, Doc doc, Map<String, Object> properties,
            Set<String> required, int depth) {
        if (depth > 8 || !(schema instanceof Map<?, ?> m)) {
            return;
        }
        if (m.get("$ref") instanceof String ref) {
            collectObject(resolve(doc.root, ref), doc, properties, required, depth + 1);
        }
        if (m.get("properties") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> properties.putIfAbsent(String.valueOf(k), v));
        }
        if (m.get("required") instanceof List<?> r) {
            r.forEach(name -> required.add(String.valueOf(name)));
        }
        if (m.get("allOf") instanceof List<?> all) {
            for (Object member : all) {
                collectObject(member, doc, properties, required, depth + 1);
            }
        }
    }

    /** The properties of an object schema and the names it requires. */
    record ObjectShape(Map<String, Object> properties, Set<String> required) {
    }

    /**
     * The fields a value of {@code schema} has, for documentation: follows {@code $ref}s, a union with
     * one non-null member, array items and map values, and merges {@code allOf}; {@code null} when the
     * value has no declared fields.
     */
    static ObjectShape shape(Object schema, Object root) {
        Object s = schema;
        for (int i = 0; i < 8 && s instanceof Map<?, ?> m; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            Set<String> required = new LinkedHashSet<>();
            collectObject(m, new Doc(root), properties, required, 0);
            if (!properties.isEmpty()) {
                return new ObjectShape(properties, required);
            }
            if (m.get("$ref") instanceof String ref) {
                s = resolve(root, ref);
            } else if (single(m) != null) {
                s = single(m);
            } else if (m.get("items") instanceof Map<?, ?> items) {
                s = items;
            } else if (m.get("additionalProperties") instanceof Map<?, ?> values) {
                s = values;
            } else {
                return null;
            }
        }
        return null;
    }

    /** The one member of an anyOf / oneOf that is not {@code {"type": "null"}}, or null. */
    static Map<?, ?> single(Map<?, ?> m) {
        for (String key : List.of("anyOf", "oneOf")) {
            if (m.get(key) instanceof List<?> members) {
                List<Map<?, ?>> typed = new ArrayList<>();
                for (Object member : members) {
                    if (member instanceof Map<?, ?> mm && !"null".equals(mm.get("type"))) {
                        typed.add(mm);
                    }
                }
                return typed.size() == 1 ? typed.get(0) : null;
            }
        }
        return null;
    }

    private String byType(Map<?, ?> m, Doc doc, String hint, int depth) {
        Object t = m.get("type");
        // A set: ["object", "object"] is one type, and must give one class, not the same class twice.
        Set<String> names = new java.util.LinkedHashSet<>();
        if (t instanceof String s) {
            names.add(s);
        } else if (t instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    names.add(s);
                }
            }
        } else if (t == null) {
            if (m.containsKey("properties") || m.containsKey("additionalProperties")) {
                names.add("object");
            } else if (m.containsKey("items") || m.containsKey("prefixItems")) {
                names.add("array");
            }
        }
        if (names.isEmpty()) {
            return ANY;
        }
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            parts.add(switch (name) {
                case "string" -> "str";
                case "integer" -> "int";
                case "number" -> "float";
                case "boolean" -> "bool";
                case "null" -> "None";
                case "array" -> array(m, doc, hint, depth);
                case "object" -> object(m, doc, hint, depth);
                default -> ANY;
            });
        }
        return union(parts);
    }

    private String array(Map<?, ?> m, Doc doc, String hint, int depth) {
        String itemHint = PyText.singular(hint);
        String item;
        if (m.get("items") instanceof Map<?, ?> items) {
            item = type(items, doc, itemHint, depth + 1);
        } else if (m.get("prefixItems") instanceof List<?> tuple || m.get("items") instanceof List<?>) {
            List<?> members = m.get("prefixItems") instanceof List<?> p ? p : (List<?>) m.get("items");
            List<String> parts = new ArrayList<>();
            for (Object member : members) {
                parts.add(type(member, doc, itemHint, depth + 1));
            }
            item = parts.isEmpty() ? ANY : union(parts);
        } else {
            item = ANY;
        }
        return item.equals(ANY) ? "list" : "list[" + item + "]";
    }

    private String object(Map<?, ?> m, Doc doc, String hint, int depth) {
        if (m.get("properties") instanceof Map<?, ?> properties && !properties.isEmpty()) {
            Pending pending = null;
            for (Pending p : doc.pending.values()) {
                if (p.schema == m) {
                    pending = p;
                }
            }
            return pending != null ? classFor(m, properties, doc, pending, depth)
                    : classFor(m, properties, doc, null, hint, depth);
        }
        if (m.get("additionalProperties") instanceof Map<?, ?> values) {
            String value = type(values, doc, PyText.singular(hint), depth + 1);
            return value.equals(ANY) ? "dict" : "dict[str, " + value + "]";
        }
        return "dict";
    }

    private String classFor(Map<?, ?> m, Map<?, ?> properties, Doc doc, Pending pending, int depth) {
        return classFor(m, properties, doc, pending, pending.base, depth);
    }

    private String classFor(Map<?, ?> m, Map<?, ?> properties, Doc doc, Pending pending, String hint,
            int depth) {
        String title = title(m);
        String base = pending != null ? pending.base : PyText.pascal(title != null ? title : hint);
        Set<String> required = new HashSet<>();
        if (m.get("required") instanceof List<?> r) {
            r.forEach(name -> required.add(String.valueOf(name)));
        }
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            String key = String.valueOf(e.getKey());
            fields.add(new Field(key, type(e.getValue(), doc, key, depth + 1), required.contains(key)));
        }
        StringBuilder body = new StringBuilder();
        for (Field f : fields) {
            body.append(PyText.quote(f.key())).append(f.required() ? ":" : "?:").append(f.type()).append('\n');
        }
        String shape = body.toString();
        if (pending == null || pending.name == null) {
            for (String existing : byBody.getOrDefault(shape, List.of())) {
                // The same name, or an untitled object of the same tool (one class for its billing
                // and shipping addresses); never another tool's name for this tool's object.
                if (baseOf.get(existing).equals(base) || title == null && ownerOf.get(existing).equals(owner)) {
                    return existing;
                }
            }
        }
        if (pending != null && pending.name != null && emitted(pending.name)) {
            return pending.name; // the same schema rendered again (it appears twice in one union)
        }
        String name = pending != null && pending.name != null ? pending.name : reserve(base);
        byBody.computeIfAbsent(shape, k -> new ArrayList<>()).add(name);
        baseOf.put(name, base);
        ownerOf.put(name, owner);
        classes.add(render(name, fields));
        return name;
    }

    private static PyClass render(String name, List<Field> fields) {
        boolean anyRequired = fields.stream().anyMatch(Field::required);
        boolean allRequired = fields.stream().allMatch(Field::required);
        boolean identifiers = fields.stream().allMatch(f -> Identifiers.isIdentifier(f.key()));
        Set<String> uses = new TreeSet<>();
        uses.add("TypedDict");
        StringBuilder out = new StringBuilder();
        if (identifiers) {
            out.append("class ").append(name).append(anyRequired ? "(TypedDict):" : "(TypedDict, total=False):");
        } else {
            out.append(name).append(" = TypedDict(").append(PyText.quote(name)).append(", {");
        }
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String type = anyRequired && !allRequired && !f.required() ? "NotRequired[" + f.type() + "]" : f.type();
            uses.addAll(typingNames(type));
            if (identifiers) {
                out.append("\n    ").append(f.key()).append(": ").append(type);
            } else {
                out.append(i > 0 ? ", " : "").append(PyText.quote(f.key())).append(": ").append(type);
            }
        }
        if (!identifiers) {
            out.append(anyRequired ? "})" : "}, total=False)");
        }
        return new PyClass(name, out.toString(), uses);
    }

    private String reserve(String base) {
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + n;
        }
        return name;
    }

    private static String title(Map<?, ?> m) {
        return m.get("title") instanceof String t && !t.isBlank() ? t : null;
    }

    /** The type of enum values that cannot be literals: float when all are numbers, else Any. */
    private static String valuesType(List<?> values) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(v == null ? "None" : v instanceof Number ? "float" : v instanceof String ? "str"
                    : v instanceof Boolean ? "bool" : v instanceof List<?> ? "list" : v instanceof Map<?, ?> ? "dict" : ANY);
        }
        return union(parts);
    }

    /** True when the stubs show these enum values as a {@code Literal[...]} type. */
    static boolean isLiteralType(List<?> values) {
        return literalType(values) != null;
    }

    /** {@code Literal[...]} of the values, {@code None} for null; {@code null} when a value cannot be one. */
    private static String literalType(List<?> values) {
        Set<String> items = new LinkedHashSet<>();
        boolean nullable = false;
        for (Object v : values) {
            if (v == null) {
                nullable = true;
            } else if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                    || v instanceof java.math.BigInteger) {
                items.add(PyText.literal(v));
            } else {
                return null;
            }
        }
        if (items.size() > MAX_LITERALS) {
            return null;
        }
        if (items.isEmpty()) {
            return "None";
        }
        String literal = "Literal[" + String.join(", ", items) + "]";
        return nullable ? literal + " | None" : literal;
    }

    /**
     * The union of type expressions: members flattened and deduplicated, literals merged into one
     * {@code Literal[...]}, {@code None} last; {@code Any} absorbs everything.
     */
    static String union(List<String> types) {
        List<String> members = new ArrayList<>();
        Set<String> literals = new LinkedHashSet<>();
        boolean none = false;
        int literalAt = -1;
        for (String t : types) {
            for (String part : PyText.splitTop(t, " | ")) {
                String p = part.strip();
                if (p.equals(ANY)) {
                    return ANY;
                } else if (p.equals("None")) {
                    none = true;
                } else if (p.startsWith("Literal[") && p.endsWith("]")) {
                    if (literalAt < 0) {
                        literalAt = members.size();
                        members.add(p);
                    }
                    literals.addAll(PyText.splitTop(p.substring(8, p.length() - 1), ", "));
                } else if (!members.contains(p)) {
                    members.add(p);
                }
            }
        }
        if (literalAt >= 0) {
            members.set(literalAt, "Literal[" + String.join(", ", literals) + "]");
        }
        if (none) {
            members.add("None");
        }
        return members.isEmpty() ? ANY : String.join(" | ", members);
    }
}
