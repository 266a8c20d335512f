package dev.codemode.stubs;

import dev.codemode.catalog.Identifiers;
import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema to Python type expressions for one stub file. Objects with properties become
 * {@code TypedDict} classes, collected here in the order they must be declared (a class before its
 * first use; recursive references are quoted forward references). Identical shapes share a class.
 *
 * <p>Total on its input: a schema it does not understand becomes {@code Any}, never an exception.
 */
final class PythonTypes {

    private static final int MAX_DEPTH = 12;

    /** Declared classes, in order, name to source text. */
    private final Map<String, String> classes = new LinkedHashMap<>();
    private final Map<String, String> nameByShape = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    final Set<String> imports = new LinkedHashSet<>();

    /** The Python type of {@code schema}; {@code root} resolves {@code $ref}s; {@code hint} names classes. */
    String type(Object schema, Map<?, ?> root, String hint) {
        return type(schema, root, hint, 0);
    }

    /** Class declarations needed so far, in declaration order. */
    List<String> declarations() {
        return List.copyOf(classes.values());
    }

    /** {@code from typing import ...} for what the declarations and signatures use, or empty. */
    String importLine() {
        List<String> used = new ArrayList<>();
        for (String name : List.of("Any", "Literal", "TypedDict")) {
            if (imports.contains(name)) {
                used.add(name);
            }
        }
        return used.isEmpty() ? "" : "from typing import " + String.join(", ", used) + "\n";
    }

    private String any() {
        imports.add("Any");
        return "Any";
    }

    private String type(Object schema, Map<?, ?> root, String hint, int depth) {
        if (!(schema instanceof Map<?, ?> s) || depth > MAX_DEPTH) {
            return schema == Boolean.FALSE ? "None" : any();
        }
        Object ref = s.get("$ref");
        if (ref instanceof String r) {
            return ref(r, root, depth);
        }
        if (s.containsKey("const")) {
            return literal(List.of(s.get("const")));
        }
        if (s.get("enum") instanceof List<?> values && !values.isEmpty()) {
            String lit = literal(values);
            return nullable(s, lit);
        }
        for (String key : List.of("oneOf", "anyOf")) {
            if (s.get(key) instanceof List<?> options && !options.isEmpty()) {
                Set<String> parts = new LinkedHashSet<>();
                int i = 1;
                for (Object option : options) {
                    parts.addAll(splitUnion(type(merged(s, option, key), root, hint + (options.size() > 1 ? i++ : ""),
                            depth + 1)));
                }
                return nullable(s, union(parts));
            }
        }
        if (s.get("allOf") instanceof List<?> all && !all.isEmpty()) {
            return type(mergeAll(s, all, root), root, hint, depth + 1);
        }
        Object t = s.get("type");
        if (t instanceof List<?> types) {
            Set<String> parts = new LinkedHashSet<>();
            for (Object one : types) {
                Map<String, Object> copy = new LinkedHashMap<>();
                s.forEach((k, v) -> copy.put(String.valueOf(k), v));
                copy.put("type", one);
                parts.addAll(splitUnion(type(copy, root, hint, depth + 1)));
            }
            return nullable(s, union(parts));
        }
        String base;
        if (t == null) {
            if (s.get("properties") instanceof Map) {
                base = object(s, root, hint, depth);
            } else if (s.containsKey("items")) {
                base = array(s, root, hint, depth);
            } else {
                return any();
            }
        } else {
            base = switch (String.valueOf(t)) {
                case "string" -> "str";
                case "integer" -> "int";
                case "number" -> "float";
                case "boolean" -> "bool";
                case "null" -> "None";
                case "array" -> array(s, root, hint, depth);
                case "object" -> object(s, root, hint, depth);
                default -> any();
            };
        }
        return nullable(s, base);
    }

    private String ref(String ref, Map<?, ?> root, int depth) {
        String name = null;
        Object target = null;
        for (String prefix : List.of("#/$defs/", "#/definitions/")) {
            if (ref.startsWith(prefix) && root != null && root.get(prefix.substring(2, prefix.length() - 1)) instanceof Map<?, ?> defs) {
                name = ref.substring(prefix.length());
                target = defs.get(name);
            }
        }
        if (ref.equals("#") && root != null) {
            name = String.valueOf(root.get("title") == null ? "Root" : root.get("title"));
            target = root;
        }
        if (target == null) {
            return any();
        }
        String className = Texts.pascal(name);
        if (inProgress.contains(className)) {
            return "\"" + className + "\"";
        }
        inProgress.add(className);
        try {
            Map<String, Object> titled = new LinkedHashMap<>();
            if (target instanceof Map<?, ?> m) {
                m.forEach((k, v) -> titled.put(String.valueOf(k), v));
            }
            titled.putIfAbsent("title", className);
            return type(titled, root, className, depth + 1);
        } finally {
            inProgress.remove(className);
        }
    }

    private String array(Map<?, ?> s, Map<?, ?> root, String hint, int depth) {
        Object items = s.get("items");
        if (items instanceof Map<?, ?>) {
            return "list[" + type(items, root, singular(hint), depth + 1) + "]";
        }
        return "list";
    }

    private String object(Map<?, ?> s, Map<?, ?> root, String hint, int depth) {
        if (s.get("properties") instanceof Map<?, ?> props && !props.isEmpty()) {
            return typedDict(s, props, root, hint, depth);
        }
        Object additional = s.get("additionalProperties");
        if (additional instanceof Map<?, ?> valueSchema && !valueSchema.isEmpty()) {
            return "dict[str, " + type(valueSchema, root, hint + "Value", depth + 1) + "]";
        }
        return "dict";
    }

    private String typedDict(Map<?, ?> s, Map<?, ?> props, Map<?, ?> root, String hint, int depth) {
        String shape = JsonValues.write(Map.of("p", props));
        String known = nameByShape.get(shape);
        if (known != null) {
            return known;
        }
        String base = s.get("title") instanceof String title && !title.isBlank() ? Texts.pascal(title) : Texts.pascal(hint);
        boolean selfDeclared = inProgress.contains(base) && s.get("title") != null;
        String name = base;
        for (int n = 2; classes.containsKey(name) || (!selfDeclared && inProgress.contains(name)); n++) {
            name = base + n;
        }
        nameByShape.put(shape, name);
        inProgress.add(name);
        List<String[]> fields = new ArrayList<>();
        boolean functional = false;
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String key = String.valueOf(e.getKey());
            String fieldType = type(e.getValue(), root, Texts.pascal(key), depth + 1);
            fields.add(new String[] {key, fieldType});
            if (!Identifiers.isIdentifier(key) || isKeyword(key)) {
                functional = true;
            }
        }
        if (!selfDeclared) {
            inProgress.remove(name);
        }
        imports.add("TypedDict");
        StringBuilder sb = new StringBuilder();
        if (functional) {
            sb.append(name).append(" = TypedDict(\"").append(name).append("\", {");
            for (int i = 0; i < fields.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(JsonValues.write(fields.get(i)[0])).append(": ").append(fields.get(i)[1]);
            }
            sb.append("})\n");
        } else {
            sb.append("class ").append(name).append("(TypedDict):\n");
            for (String[] f : fields) {
                sb.append("    ").append(f[0]).append(": ").append(f[1]).append('\n');
            }
        }
        classes.put(name, sb.toString());
        return name;
    }

    private static boolean isKeyword(String key) {
        return !Identifiers.sanitize(key).equals(key);
    }

    private String literal(List<?> values) {
        List<String> parts = new ArrayList<>();
        boolean hasNull = false;
        for (Object v : values) {
            if (v == null) {
                hasNull = true;
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                parts.add(Texts.python(v));
            } else {
                return any();
            }
        }
        if (parts.isEmpty()) {
            return "None";
        }
        imports.add("Literal");
        String lit = "Literal[" + String.join(", ", new LinkedHashSet<>(parts)) + "]";
        return hasNull ? lit + " | None" : lit;
    }

    private static String nullable(Map<?, ?> s, String type) {
        return Boolean.TRUE.equals(s.get("nullable")) && !splitUnion(type).contains("None") ? type + " | None" : type;
    }

    private static List<String> splitUnion(String type) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(type.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(type.substring(start).strip());
        return parts;
    }

    private String union(Set<String> parts) {
        if (parts.contains("Any")) {
            return any();
        }
        // None last, the way people write Optional types.
        List<String> ordered = new ArrayList<>(parts);
        if (ordered.remove("None")) {
            ordered.add("None");
        }
        return String.join(" | ", ordered);
    }

    /** A oneOf/anyOf option with the parent's object keywords, so shared properties are not lost. */
    private static Object merged(Map<?, ?> parent, Object option, String key) {
        if (!(option instanceof Map<?, ?> o)) {
            return option;
        }
        if (!(parent.get("properties") instanceof Map<?, ?>) || o.containsKey("$ref")) {
            return option;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        parent.forEach((k, v) -> {
            if (!k.equals(key) && !k.equals("title")) {
                copy.put(String.valueOf(k), v);
            }
        });
        o.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static Map<String, Object> mergeAll(Map<?, ?> s, List<?> all, Map<?, ?> root) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> props = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (!k.equals("allOf")) {
                out.put(String.valueOf(k), v);
            }
        });
        if (s.get("properties") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        for (Object part : all) {
            Object resolved = part;
            if (part instanceof Map<?, ?> p && p.get("$ref") instanceof String r && root != null) {
                for (String prefix : List.of("#/$defs/", "#/definitions/")) {
                    if (r.startsWith(prefix) && root.get(prefix.substring(2, prefix.length() - 1)) instanceof Map<?, ?> defs) {
                        resolved = defs.get(r.substring(prefix.length()));
                    }
                }
            }
            if (resolved instanceof Map<?, ?> p) {
                if (p.get("properties") instanceof Map<?, ?> pp) {
                    pp.forEach((k, v) -> props.put(String.valueOf(k), v));
                }
                p.forEach((k, v) -> {
                    if (!k.equals("properties")) {
                        out.putIfAbsent(String.valueOf(k), v);
                    }
                });
            }
        }
        if (!props.isEmpty()) {
            out.put("properties", props);
            out.putIfAbsent("type", "object");
        }
        return out;
    }

    private static String singular(String hint) {
        if (hint.endsWith("ies") && hint.length() > 4) {
            return hint.substring(0, hint.length() - 3) + "y";
        }
        if (hint.endsWith("s") && !hint.endsWith("ss") && hint.length() > 2) {
            return hint.substring(0, hint.length() - 1);
        }
        return hint + "Item";
    }
}
