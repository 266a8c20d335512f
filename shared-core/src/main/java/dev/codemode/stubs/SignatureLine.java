package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tool on one line, enough to write a call without reading its file:
 * {@code crm.search_customers(query: str, limit: int = 10) -> {items, next_cursor}  # Customers whose name matches.}
 *
 * <p>The call as a script writes it, the parameters as in the stub (required first, Python types,
 * defaults), the return shape (the top-level fields of the declared output schema, {@code list[{...}]}
 * for a list of objects, else the stub's return type), then the description's first sentence; when the
 * result is undeclared ({@code Any}) the description's "Returns ..." sentence follows it. A tool the
 * listing marks as needing approval has {@code # needs approval.} before its sentence.
 *
 * <p>Every part is bounded and nothing a server sends can break the line: types, field names and
 * literals are cut with {@code ...}, free text is collapsed to one line ({@link PyText#oneLine}), and a
 * class a structured parameter would need reads {@code dict} (the stub file has the class).
 */
final class SignatureLine {

    /** Longest parameter list before the rest is shown as {@code ...}. */
    static final int MAX_PARAMETERS = 160;
    /** Longest type of one parameter; a longer one is shown coarser ({@code list}, {@code Literal["a", ...]}). */
    static final int MAX_TYPE = 40;
    /** Most result fields shown; more read {@code ...}. */
    static final int MAX_FIELDS = 12;
    /** Longest return shape. */
    static final int MAX_RETURN = 200;
    /** Longest result field name shown. */
    static final int MAX_FIELD_NAME = 30;
    /** Longest first sentence, and longest "Returns ..." sentence. */
    static final int MAX_SENTENCE = 100;

    private SignatureLine() {
    }

    static String of(CatalogTool tool) {
        return of(tool, false);
    }

    /** With {@code needsApproval}, the comment starts with "needs approval." */
    static String of(CatalogTool tool, boolean needsApproval) {
        SchemaTypes types = new SchemaTypes(Set.of(tool.toolId()));
        ToolSignature signature;
        try {
            signature = ToolSignature.of(tool, types);
        } catch (RuntimeException | StackOverflowError e) {
            signature = ToolSignature.unknown(tool);
        }
        Map<String, String> classes = new HashMap<>();
        for (SchemaTypes.PyClass c : types.classes()) {
            classes.put(c.name(), c.text().startsWith("class ") || c.text().contains("TypedDict(") ? "dict" : "Any");
        }
        String returns = returnShape(tool, signature, classes);
        StringBuilder line = new StringBuilder(tool.id()).append('(').append(parameters(signature, classes))
                .append(") -> ").append(returns);
        String description = tool.descriptor().description();
        String comment = PyText.firstSentence(description, MAX_SENTENCE);
        if (returns.equals(SchemaTypes.ANY)) {
            String said = PyText.returnsSentence(description, MAX_SENTENCE);
            comment = said.isEmpty() ? comment : PyText.asSentence(comment) + " " + said;
        }
        if (needsApproval) {
            line.append(StubGenerator.NEEDS_APPROVAL).append(comment.isBlank() ? "" : ".");
        }
        if (!comment.isBlank()) {
            line.append(needsApproval ? " " : "  # ").append(comment.strip());
        }
        // Every part above is already one line; this is the guarantee, not the mechanism.
        return PyText.withoutLineBreaks(line.toString());
    }

    private static String parameters(ToolSignature signature, Map<String, String> classes) {
        if (!signature.known()) {
            return "**kwargs";
        }
        List<String> parts = new ArrayList<>();
        for (ToolSignature.Param p : signature.params()) {
            parts.add(p.id() + ": " + shortType(named(p.type(), classes))
                    + (p.required() ? "" : " = " + p.defaultText()));
        }
        if (signature.kwargs() != null) {
            parts.add("**kwargs");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String next = (i > 0 ? ", " : "") + parts.get(i);
            if (out.length() + next.length() > MAX_PARAMETERS) {
                return out.append(i > 0 ? ", ..." : "...").toString();
            }
            out.append(next);
        }
        return out.toString();
    }

    /** The declared top-level fields, else the stub's return type, else {@code Any}. */
    private static String returnShape(CatalogTool tool, ToolSignature signature, Map<String, String> classes) {
        Object output = tool.descriptor().outputSchema();
        if (output == null) {
            return SchemaTypes.ANY;
        }
        String fields = fields(output, output, 0);
        return fields != null ? fields : shortType(named(signature.returnType(), classes));
    }

    /** {@code {a, b}} or {@code list[{a, b}]} of a schema, following refs and nullable unions; null when it has no fields. */
    private static String fields(Object schema, Object root, int depth) {
        Object s = schema;
        for (int i = 0; i < 8 && depth < 4 && s instanceof Map<?, ?> m; i++) {
            if (m.get("properties") == null && m.get("allOf") == null && m.get("$ref") instanceof String ref) {
                s = SchemaTypes.resolve(root, ref);
            } else if (SchemaTypes.single(m) != null) {
                s = SchemaTypes.single(m);
            } else if ("array".equals(m.get("type")) || m.get("type") == null && m.get("items") instanceof Map<?, ?>) {
                String inner = fields(m.get("items"), root, depth + 1);
                return inner == null ? null : "list[" + inner + "]";
            } else {
                SchemaTypes.ObjectShape shape = SchemaTypes.shape(m, root);
                return shape == null || "array".equals(m.get("type")) ? null
                        : braces(shape.properties(), root, depth);
            }
        }
        return null;
    }

    /**
     * The fields in braces; at the top level a field holding objects (or a list of them) shows their
     * fields too ({@code {orders: list[{order_id, total}]}}), so a script can read a nested result
     * without the stub file, while the whole shape fits {@value #MAX_RETURN} characters.
     */
    private static String braces(Map<String, Object> properties, Object root, int depth) {
        StringBuilder out = new StringBuilder("{");
        int n = 0;
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String key = e.getKey();
            String name = Identifiers.isIdentifier(key) ? key : PyText.quote(PyText.truncate(key, MAX_FIELD_NAME));
            String inner = depth == 0 ? fields(e.getValue(), root, 1) : null;
            if (inner != null && out.length() + name.length() + inner.length() + 8 <= MAX_RETURN - 6) {
                name = name + ": " + inner;
            }
            String next = (n > 0 ? ", " : "") + name;
            if (n == MAX_FIELDS || out.length() + next.length() > MAX_RETURN - 6) {
                return out.append(n > 0 ? ", ...}" : "...}").toString();
            }
            out.append(next);
            n++;
        }
        return out.append('}').toString();
    }

    /** {@code type} with each class name outside string literals replaced by what the class is. */
    private static String named(String type, Map<String, String> classes) {
        if (classes.isEmpty()) {
            return type;
        }
        StringBuilder out = new StringBuilder(type.length());
        boolean inString = false;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < type.length()) {
                    out.append(type.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < type.length() && Character.isJavaIdentifierPart(type.charAt(end))) {
                    end++;
                }
                String name = type.substring(i, end);
                out.append(classes.getOrDefault(name, name));
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code type} when short enough, else coarser: each union member without its brackets
     * ({@code list}, {@code dict}), a literal with its first values and {@code ...}; {@code Any} when
     * even that is too long.
     */
    static String shortType(String type) {
        if (type.length() <= MAX_TYPE) {
            return type;
        }
        Set<String> members = new LinkedHashSet<>();
        for (String member : PyText.splitTop(type, " | ")) {
            members.add(coarse(member.strip()));
        }
        String joined = String.join(" | ", members);
        return joined.length() <= MAX_TYPE ? joined : SchemaTypes.ANY;
    }

    private static String coarse(String member) {
        if (member.startsWith("Literal[") && member.endsWith("]")) {
            StringBuilder out = new StringBuilder("Literal[");
            for (String value : PyText.splitTop(member.substring(8, member.length() - 1), ", ")) {
                if (out.length() + value.length() + 8 > MAX_TYPE) {
                    break;
                }
                out.append(value).append(", ");
            }
            return out.length() == 8 ? (member.charAt(8) == '"' ? "str" : "int") : out.append("...]").toString();
        }
        int bracket = member.indexOf('[');
        return bracket > 0 ? member.substring(0, bracket) : member;
    }
}
