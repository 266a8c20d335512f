package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full documentation of one tool, as {@code getToolDocs(server, tool)} returns it: the signature
 * the stub shows, the whole description, the behaviour hints, every parameter with its type,
 * constraints, default and examples (nested fields indented), the fields of the result, and a call
 * written in Starlark. The stub gives the model what most calls need; this is where it looks when a
 * call needs more, so it says everything the schema says, in plain text rather than JSON Schema.
 *
 * <p>Example, for a tool {@code crm.lookup_customer}:
 *
 * <pre>
 * crm.lookup_customer(customer_id: str) -> Customer
 * One customer by id.
 * Hints: read-only, idempotent.
 * Parameters:
 *   customer_id: str, required. The customer's id. pattern ^c[0-9]+$. e.g. "c1".
 * Returns: Customer
 *   id: str, required.
 * Example: result = crm.lookup_customer(customer_id="c1")
 * </pre>
 *
 * <p>Never throws on a schema: what cannot be read is said to be unknown, and a schema that is not
 * usable at all is shown as given.
 */
final class ToolDocs {

    private static final int MAX_NESTING = 4;
    private static final int MAX_RAW_SCHEMA = 1000;
    private static final int MAX_EXAMPLE = 200;

    private ToolDocs() {
    }

    /** The documentation text of {@code tool}, lines separated by {@code \n}, without its approval status. */
    public static String render(CatalogTool tool) {
        return render(tool, null);
    }

    /**
     * As {@link #render(CatalogTool)}, and its hints line ends with "Needs approval." when
     * {@code approval} does not auto-execute the tool, else with "Runs without asking." The hints are
     * the server's claims, shown as such; whether a read-only claim lets the tool run on its own is the
     * policy's decision, and this line states it.
     */
    public static String render(CatalogTool tool, ApprovalPolicy approval) {
        return render(tool, approval, new SchemaTypes(Set.of(tool.toolId())));
    }

    /**
     * As {@link #render(CatalogTool, ApprovalPolicy)}, naming classes after those {@code before} holds
     * (the classes of the tools before this one in its stub file), as the stub does; {@code before} is
     * not changed.
     */
    static String render(CatalogTool tool, ApprovalPolicy approval, SchemaTypes before) {
        SchemaTypes types = before.copy().owner(tool.id());
        ToolSignature signature;
        try {
            signature = ToolSignature.of(tool, types);
        } catch (RuntimeException | StackOverflowError e) {
            types = before.copy().owner(tool.id());
            signature = ToolSignature.unknown(tool);
        }
        StringBuilder out = new StringBuilder();
        out.append(tool.id()).append('(').append(signature.pythonParameters()).append(") -> ")
                .append(signature.returnType()).append('\n');
        String description = description(tool.descriptor().description());
        if (!description.isEmpty()) {
            out.append(description).append('\n');
        }
        out.append("Hints: ").append(hints(tool.descriptor().annotations())).append('.')
                .append(approval == null ? "" : approval.isAutoExecuted(tool) ? " Runs without asking."
                        : " Needs approval.").append('\n');
        Writer writer = new Writer(types, out);
        try {
            writer.parameters(tool, signature);
            writer.returns(tool, signature);
        } catch (RuntimeException | StackOverflowError e) {
            out.append("(the rest of the schema could not be read)\n");
        }
        out.append("Example: ").append(example(tool, signature)).append('\n');
        return out.toString();
    }

    /** The description with trailing spaces and runs of blank lines removed. */
    private static String description(String text) {
        String t = text == null ? "" : text.strip();
        t = t.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
        return t;
    }

    private static String hints(ToolAnnotations a) {
        List<String> hints = new ArrayList<>();
        if (a.isReadOnly()) {
            hints.add("read-only");
        }
        if (a.isDestructive()) {
            hints.add("destructive");
        }
        if (a.isIdempotent()) {
            hints.add("idempotent");
        }
        if (Boolean.TRUE.equals(a.openWorldHint())) {
            hints.add("open world (reaches outside systems)");
        }
        return hints.isEmpty() ? "none declared" : String.join(", ", hints);
    }

    private static String example(CatalogTool tool, ToolSignature signature) {
        List<String> args = new ArrayList<>();
        Map<String, Object> values = exampleArguments(signature);
        for (ToolSignature.Param p : signature.params()) {
            if (values.containsKey(p.name())) {
                String value = PyText.literal(values.get(p.name()));
                args.add(p.id() + "=" + (value == null || value.length() > MAX_EXAMPLE ? "None" : value));
            }
        }
        return "result = " + tool.id() + "(" + String.join(", ", args) + ")";
    }

    /**
     * The arguments of the usage example, by JSON name: the required parameters, else the first one,
     * each with a value its schema accepts ({@link ExampleValues}).
     */
    static Map<String, Object> exampleArguments(ToolSignature signature) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<ToolSignature.Param> shown = signature.params().stream().filter(ToolSignature.Param::required).toList();
        if (shown.isEmpty() && !signature.params().isEmpty()) {
            shown = List.of(signature.params().get(0));
        }
        for (ToolSignature.Param p : shown) {
            try {
                values.put(p.name(), ExampleValues.value(p.schema(), signature.inputSchema().root(), p.name()));
            } catch (RuntimeException | StackOverflowError e) {
                values.put(p.name(), null);
            }
        }
        return values;
    }

    /** Writes the parameter and result sections; remembers which objects it is inside. */
    private static final class Writer {
        private final SchemaTypes types;
        private final StringBuilder out;
        private final Map<Object, Boolean> expanding = new IdentityHashMap<>();

        Writer(SchemaTypes types, StringBuilder out) {
            this.types = types;
            this.out = out;
        }

        void parameters(CatalogTool tool, ToolSignature signature) {
            Map<String, Object> input = tool.descriptor().inputSchema();
            if (!signature.known()) {
                if (input.isEmpty()) {
                    out.append("Parameters: not declared by the server.\n");
                } else {
                    out.append("Parameters: unknown, the input schema is not usable. As given: ")
                            .append(raw(input)).append('\n');
                }
                return;
            }
            if (signature.params().isEmpty() && signature.kwargs() == null) {
                out.append("Parameters: none.\n");
                return;
            }
            out.append("Parameters:\n");
            Object root = signature.inputSchema().root();
            for (ToolSignature.Param p : signature.params()) {
                String label = p.id().equals(p.name()) ? p.id() : p.id() + " (sent as " + PyText.quote(p.name()) + ")";
                field("  ", label, p.type(), p.schema(), root, p.required(), signature.inputSchema(), 0);
            }
            if (signature.kwargs() != null) {
                out.append("  **kwargs: ").append(signature.kwargs()).append(", optional. Any other names.\n");
            }
        }

        void returns(CatalogTool tool, ToolSignature signature) {
            Object output = tool.descriptor().outputSchema();
            if (output == null) {
                out.append("Returns: not declared (any JSON value).\n");
                return;
            }
            out.append("Returns: ").append(signature.returnType());
            String text = output instanceof Map<?, ?> m ? details(m, output, false) : "";
            out.append(text.isEmpty() ? "" : ". " + text).append('\n');
            children("  ", output, output, signature.outputSchema(), 0);
        }

        private void field(String indent, String label, String type, Object schema, Object root, Boolean required,
                SchemaTypes.Doc doc, int depth) {
            out.append(indent).append(label).append(": ").append(type);
            if (required != null) {
                out.append(required ? ", required" : ", optional");
            }
            Map<?, ?> flat = flatten(schema, root);
            if (flat.containsKey("default")) {
                String literal = PyText.literal(flat.get("default"));
                if (literal != null) {
                    out.append(", default ").append(literal);
                }
            }
            String text = details(flat, root, true);
            out.append(text.isEmpty() ? "" : ". " + text).append('\n');
            children(indent + "  ", schema, root, doc, depth + 1);
        }

        private void children(String indent, Object schema, Object root, SchemaTypes.Doc doc, int depth) {
            if (depth >= MAX_NESTING) {
                return;
            }
            SchemaTypes.ObjectShape shape = SchemaTypes.shape(schema, root);
            if (shape == null) {
                return;
            }
            Object key = shapeKey(schema, root);
            if (expanding.put(key, Boolean.TRUE) != null) {
                out.append(indent).append("(same fields as above, recursively)\n");
                return;
            }
            try {
                for (Map.Entry<String, Object> e : shape.properties().entrySet()) {
                    String type = types.type(e.getValue(), doc, e.getKey());
                    String label = e.getKey().isEmpty() || !dev.codemode.catalog.Identifiers.isIdentifier(e.getKey())
                            ? PyText.quote(e.getKey()) : e.getKey();
                    field(indent, label, type, e.getValue(), root, shape.required().contains(e.getKey()), doc, depth);
                }
            } finally {
                expanding.remove(key);
            }
        }

        /** The schema object whose fields are listed, to notice a recursive structure. */
        private static Object shapeKey(Object schema, Object root) {
            Object s = schema;
            for (int i = 0; i < 8 && s instanceof Map<?, ?> m; i++) {
                if (m.get("$ref") instanceof String ref) {
                    s = SchemaTypes.resolve(root, ref);
                } else if (m.get("properties") instanceof Map<?, ?>) {
                    return m;
                } else if (SchemaTypes.single(m) != null) {
                    s = SchemaTypes.single(m);
                } else if (m.get("items") instanceof Map<?, ?> items) {
                    s = items;
                } else if (m.get("additionalProperties") instanceof Map<?, ?> values) {
                    s = values;
                } else {
                    return m;
                }
            }
            return s == null ? ToolDocs.class : s;
        }
    }

    /**
     * The schema with a {@code $ref} target and the one non-null member of a union merged under it, so
     * that a constraint or description written on either is found.
     */
    static Map<?, ?> flatten(Object schema, Object root) {
        Map<Object, Object> flat = new LinkedHashMap<>();
        Object s = schema;
        List<Map<?, ?>> layers = new ArrayList<>();
        for (int i = 0; i < 8 && s instanceof Map<?, ?> m; i++) {
            layers.add(m);
            if (m.get("$ref") instanceof String ref) {
                s = SchemaTypes.resolve(root, ref);
            } else {
                s = SchemaTypes.single(m);
            }
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            flat.putAll(layers.get(i));
        }
        return flat;
    }

    /** Description, constraints and examples of one schema, as sentences. */
    static String details(Map<?, ?> m, Object root, boolean withDescription) {
        List<String> sentences = new ArrayList<>();
        if (withDescription && m.get("description") instanceof String d && !d.isBlank()) {
            sentences.add(PyText.asSentence(PyText.oneLine(d)));
        }
        List<String> constraints = new ArrayList<>();
        for (String key : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "minProperties",
                "maxProperties")) {
            Object v = m.get(key);
            if (v instanceof Number || v instanceof String) {
                constraints.add(key + " " + (v instanceof Number ? PyText.literal(v) : v));
            }
        }
        if (Boolean.TRUE.equals(m.get("uniqueItems"))) {
            constraints.add("unique items");
        }
        if (m.get("enum") instanceof List<?> values && !values.isEmpty() && !SchemaTypes.isLiteralType(values)) {
            String literals = literals(values);
            if (literals != null) {
                constraints.add("one of " + literals);
            }
        }
        if (!constraints.isEmpty()) {
            sentences.add(String.join(", ", constraints) + ".");
        }
        List<Object> examples = new ArrayList<>();
        if (m.get("examples") instanceof List<?> list) {
            examples.addAll(list);
        } else if (m.containsKey("example")) {
            examples.add(m.get("example"));
        }
        List<String> shown = new ArrayList<>();
        for (Object e : examples.subList(0, Math.min(3, examples.size()))) {
            String literal = PyText.literal(e);
            if (literal != null && literal.length() <= MAX_EXAMPLE) {
                shown.add(literal);
            }
        }
        if (!shown.isEmpty()) {
            sentences.add("e.g. " + String.join(", ", shown) + ".");
        }
        return String.join(" ", sentences);
    }

    private static String literals(List<?> values) {
        List<String> items = new ArrayList<>();
        for (Object v : values) {
            String literal = PyText.literal(v);
            if (literal == null) {
                return null;
            }
            items.add(literal);
        }
        return PyText.truncate(String.join(", ", items), 600);
    }

    private static String raw(Map<String, Object> schema) {
        try {
            return PyText.truncate(JsonValues.write(schema), MAX_RAW_SCHEMA);
        } catch (RuntimeException | StackOverflowError e) {
            return "(not JSON)";
        }
    }
}
