package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.Identifiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Python signature of one tool: keyword parameters (required first, in schema order), their
 * types and defaults, and the return type. Shared by the stubs and the documentation so both show
 * the same names and types.
 *
 * @param params      the parameters, required ones first
 * @param kwargs      the type of {@code **kwargs} when the schema admits extra properties, else null
 * @param returnType  the return type expression
 * @param known       false when the input schema was missing or unusable
 * @param inputSchema  the input schema as a document for {@code $ref}s
 * @param outputSchema the output schema as a document for {@code $ref}s
 */
record ToolSignature(List<Param> params, String kwargs, String returnType, boolean known,
        SchemaTypes.Doc inputSchema, SchemaTypes.Doc outputSchema) {

    /** Longest default shown as a literal; longer ones read {@code ...} (the docs give them in full). */
    private static final int MAX_DEFAULT = 40;

    /**
     * One keyword parameter.
     *
     * @param name        the JSON property name
     * @param id          the keyword a script writes
     * @param schema      the property schema (may be anything)
     * @param type        its Python type
     * @param required    whether the schema requires it
     * @param defaultText the Python default, null when required
     */
    record Param(String name, String id, Object schema, String type, boolean required, String defaultText) {
    }

    /**
     * The signature of {@code tool}, adding the classes it needs to {@code types}.
     *
     * @throws SchemaTypes.TooComplex when the schemas are too large to render
     */
    static ToolSignature of(CatalogTool tool, SchemaTypes types) {
        Map<String, Object> input = tool.descriptor().inputSchema();
        SchemaTypes.Doc in = new SchemaTypes.Doc(input);
        Object output = tool.descriptor().outputSchema();
        SchemaTypes.Doc out = new SchemaTypes.Doc(output);
        String returnType = output == null ? SchemaTypes.ANY : types.type(output, out, tool.toolId() + "_result");
        if (!usable(input)) {
            return new ToolSignature(List.of(), null, returnType, false, in, out);
        }
        Set<String> required = new HashSet<>();
        if (input.get("required") instanceof List<?> r) {
            r.forEach(name -> required.add(String.valueOf(name)));
        }
        List<Param> first = new ArrayList<>();
        List<Param> rest = new ArrayList<>();
        if (input.get("properties") instanceof Map<?, ?> properties) {
            for (Map.Entry<?, ?> e : properties.entrySet()) {
                String name = String.valueOf(e.getKey());
                String id = tool.parameterIds().getOrDefault(name, Identifiers.sanitize(name));
                String type = types.type(e.getValue(), in, name);
                boolean req = required.contains(name);
                (req ? first : rest).add(new Param(name, id, e.getValue(), type, req, req ? null : defaultText(e.getValue())));
            }
        }
        first.addAll(rest);
        String kwargs = null;
        if (input.get("additionalProperties") instanceof Map<?, ?> extra) {
            kwargs = types.type(extra, in, "extra");
        }
        return new ToolSignature(first, kwargs, returnType, true, in, out);
    }

    /** The signature of a tool whose schemas could not be rendered at all. */
    static ToolSignature unknown(CatalogTool tool) {
        return new ToolSignature(List.of(), null, SchemaTypes.ANY, false,
                new SchemaTypes.Doc(tool.descriptor().inputSchema()), new SchemaTypes.Doc(null));
    }

    /** An input schema is usable when it is an object schema whose properties (if any) are a map. */
    static boolean usable(Map<String, Object> input) {
        if (input == null || input.isEmpty()) {
            return false;
        }
        Object type = input.get("type");
        boolean objectType = type == null || "object".equals(type)
                || type instanceof List<?> list && list.contains("object");
        Object properties = input.get("properties");
        return objectType && (properties == null || properties instanceof Map<?, ?>)
                && (type != null || properties != null);
    }

    /** The Python default of a property: its JSON default, {@code ...} when too long, else None. */
    private static String defaultText(Object schema) {
        if (schema instanceof Map<?, ?> m && m.containsKey("default")) {
            String literal = PyText.literal(m.get("default"));
            return literal == null || literal.length() > MAX_DEFAULT ? "..." : literal;
        }
        return "None";
    }

    /** {@code customer_id: str, limit: int = 10}; {@code **kwargs} when the parameters are unknown. */
    String pythonParameters() {
        if (!known) {
            return "**kwargs";
        }
        List<String> parts = new ArrayList<>();
        for (Param p : params) {
            parts.add(p.id() + ": " + p.type() + (p.required() ? "" : " = " + p.defaultText()));
        }
        if (kwargs != null) {
            parts.add(kwargs.equals(SchemaTypes.ANY) ? "**kwargs" : "**kwargs: " + kwargs);
        }
        return String.join(", ", parts);
    }

    /** The typing names the parameter and return types use. */
    Set<String> typingNames() {
        Set<String> names = new TreeSet<>(SchemaTypes.typingNames(returnType));
        for (Param p : params) {
            names.addAll(SchemaTypes.typingNames(p.type()));
        }
        if (kwargs != null) {
            names.addAll(SchemaTypes.typingNames(kwargs));
        }
        return names;
    }
}
