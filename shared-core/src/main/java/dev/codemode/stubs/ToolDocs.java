package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolAnnotations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full documentation of one tool, for {@code getToolDocs}: signature, whole description,
 * behaviour hints, every parameter with its constraints, defaults and examples (nested object
 * fields indented), the output shape, and a usage example in Starlark.
 */
public final class ToolDocs {

    private static final int MAX_NESTING = 3;
    private static final List<String> CONSTRAINTS = List.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems",
            "uniqueItems", "minProperties", "maxProperties");

    private ToolDocs() {
    }

    public static String render(CatalogTool tool) {
        PythonTypes types = new PythonTypes();
        StringBuilder sb = new StringBuilder();
        String signature = StubGenerator.function(tool, types).lines().findFirst().orElse("");
        sb.append(tool.serverId()).append('.').append(signature, 4, signature.length() - 1).append('\n');
        String description = Texts.fold(tool.descriptor().description());
        if (!description.isEmpty()) {
            sb.append(description).append('\n');
        }
        String hints = hints(tool.descriptor().annotations());
        if (!hints.isEmpty()) {
            sb.append(hints).append('\n');
        }

        Map<String, Object> input = tool.descriptor().inputSchema();
        sb.append("\nParameters:\n");
        if (input.get("properties") instanceof Map<?, ?> props && !props.isEmpty()) {
            List<?> required = input.get("required") instanceof List<?> r ? r : List.of();
            for (Map.Entry<?, ?> e : props.entrySet()) {
                String name = String.valueOf(e.getKey());
                String id = tool.parameterIds().getOrDefault(name, name);
                String label = id.equals(name) ? id : id + " (sent as \"" + name + "\")";
                field(sb, label, e.getValue(), input, required.contains(name), 1, types, true);
            }
        } else if (input.get("properties") == null && ("object".equals(input.get("type")) || input.isEmpty())) {
            sb.append("  (none)\n");
        } else {
            sb.append("  not declared in a readable form; the server validates what it receives\n");
        }

        sb.append("\nReturns: ");
        Map<String, Object> output = tool.descriptor().outputSchema();
        if (output == null) {
            sb.append("not declared (JSON parsed from the tool's text when it is JSON, else a string)\n");
        } else {
            sb.append(types.type(output, output, Texts.pascal(tool.toolId()) + "Result")).append('\n');
            Map<?, ?> shown = output.get("type") == null && output.get("items") instanceof Map<?, ?> i ? i : output;
            if ("array".equals(output.get("type")) && output.get("items") instanceof Map<?, ?> items) {
                shown = items;
            }
            if (shown.get("properties") instanceof Map<?, ?> props) {
                List<?> required = shown.get("required") instanceof List<?> r ? r : List.of();
                for (Map.Entry<?, ?> e : props.entrySet()) {
                    field(sb, String.valueOf(e.getKey()), e.getValue(), output, required.contains(e.getKey()), 1, types,
                            false);
                }
            }
        }

        sb.append("\nExample:\n  result = ").append(tool.id()).append('(').append(exampleArguments(tool)).append(")\n");
        return sb.toString();
    }

    private static String hints(ToolAnnotations a) {
        List<String> parts = new ArrayList<>();
        if (a.isReadOnly()) {
            parts.add("Read-only.");
        } else if (a.isDestructive()) {
            parts.add("Destructive: may delete or overwrite data.");
        }
        if (Boolean.TRUE.equals(a.idempotentHint()) && !a.isReadOnly()) {
            parts.add("Idempotent.");
        }
        if (Boolean.TRUE.equals(a.openWorldHint())) {
            parts.add("Reaches outside systems.");
        }
        return String.join(" ", parts);
    }

    private static void field(StringBuilder sb, String label, Object schema, Map<?, ?> root, boolean required,
            int depth, PythonTypes types, boolean input) {
        String indent = "  ".repeat(depth);
        if (!(schema instanceof Map<?, ?> s)) {
            sb.append(indent).append(label).append(": Any\n");
            return;
        }
        Map<?, ?> resolved = resolve(s, root);
        List<String> parts = new ArrayList<>();
        parts.add(types.type(s, root, Texts.pascal(label)));
        if (input) {
            parts.add(required ? "required" : "optional");
        }
        if (resolved.containsKey("default")) {
            parts.add("default " + Texts.python(resolved.get("default")));
        }
        for (String c : CONSTRAINTS) {
            if (resolved.containsKey(c)) {
                parts.add(c + " " + Texts.python(resolved.get(c)));
            }
        }
        if (resolved.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
            parts.add("e.g. " + Texts.python(examples.get(0)));
        } else if (resolved.containsKey("example")) {
            parts.add("e.g. " + Texts.python(resolved.get("example")));
        }
        String description = Texts.fold(resolved.get("description") instanceof String d ? d : "");
        sb.append(indent).append(label).append(": ").append(String.join(", ", parts));
        if (!description.isEmpty()) {
            sb.append(". ").append(description);
        }
        sb.append('\n');
        Map<?, ?> nested = resolved;
        if ("array".equals(resolved.get("type")) && resolved.get("items") instanceof Map<?, ?> items) {
            nested = resolve(items, root);
        }
        if (depth < MAX_NESTING && nested.get("properties") instanceof Map<?, ?> props) {
            List<?> req = nested.get("required") instanceof List<?> r ? r : List.of();
            for (Map.Entry<?, ?> e : props.entrySet()) {
                field(sb, String.valueOf(e.getKey()), e.getValue(), root, req.contains(e.getKey()), depth + 1, types,
                        input);
            }
        }
    }

    private static Map<?, ?> resolve(Map<?, ?> s, Map<?, ?> root) {
        Object ref = s.get("$ref");
        if (ref instanceof String r && root != null) {
            for (String prefix : List.of("#/$defs/", "#/definitions/")) {
                if (r.startsWith(prefix) && root.get(prefix.substring(2, prefix.length() - 1)) instanceof Map<?, ?> defs
                        && defs.get(r.substring(prefix.length())) instanceof Map<?, ?> target) {
                    return target;
                }
            }
        }
        return s;
    }

    /** Plausible keyword arguments for the required parameters. */
    static String exampleArguments(CatalogTool tool) {
        Map<String, Object> input = tool.descriptor().inputSchema();
        if (!(input.get("properties") instanceof Map<?, ?> props)) {
            return "";
        }
        List<?> required = input.get("required") instanceof List<?> r ? r : List.of();
        List<String> args = new ArrayList<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (required.contains(name)) {
                args.add(tool.parameterIds().getOrDefault(name, name) + "=" + Texts.python(example(e.getValue(), name, input, 0)));
            }
        }
        return String.join(", ", args);
    }

    private static Object example(Object schema, String name, Map<?, ?> root, int depth) {
        if (!(schema instanceof Map<?, ?> raw) || depth > MAX_NESTING) {
            return "value";
        }
        Map<?, ?> s = resolve(raw, root);
        if (s.get("examples") instanceof List<?> ex && !ex.isEmpty()) {
            return ex.get(0);
        }
        if (s.containsKey("example")) {
            return s.get("example");
        }
        if (s.containsKey("default")) {
            return s.get("default");
        }
        if (s.containsKey("const")) {
            return s.get("const");
        }
        if (s.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.get(0);
        }
        for (String key : List.of("oneOf", "anyOf")) {
            if (s.get(key) instanceof List<?> options && !options.isEmpty()) {
                return example(options.get(0), name, root, depth + 1);
            }
        }
        Object type = s.get("type") instanceof List<?> types && !types.isEmpty() ? types.get(0) : s.get("type");
        String format = s.get("format") instanceof String f ? f : "";
        switch (String.valueOf(type)) {
            case "integer":
                return s.get("minimum") instanceof Number n ? n : 1;
            case "number":
                return s.get("minimum") instanceof Number n ? n : 1.5;
            case "boolean":
                return true;
            case "array":
                return List.of(example(s.get("items"), name, root, depth + 1));
            case "object": {
                Map<String, Object> obj = new java.util.LinkedHashMap<>();
                if (s.get("properties") instanceof Map<?, ?> props) {
                    List<?> required = s.get("required") instanceof List<?> r ? r : List.of();
                    for (Map.Entry<?, ?> e : props.entrySet()) {
                        if (required.contains(e.getKey())) {
                            obj.put(String.valueOf(e.getKey()), example(e.getValue(), String.valueOf(e.getKey()), root,
                                    depth + 1));
                        }
                    }
                }
                return obj;
            }
            default:
                return switch (format) {
                    case "email" -> "user@example.com";
                    case "date" -> "2025-01-31";
                    case "date-time" -> "2025-01-31T12:00:00Z";
                    case "uri", "url" -> "https://example.com";
                    case "uuid" -> "123e4567-e89b-12d3-a456-426614174000";
                    default -> name.endsWith("id") || name.endsWith("Id") ? name.replaceAll("_?[iI]d$", "") + "-1"
                            : "text";
                };
        }
    }
}
