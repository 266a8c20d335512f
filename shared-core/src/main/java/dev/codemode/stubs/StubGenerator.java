package dev.codemode.stubs;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Python stubs of the tools in a view, as virtual files. A stub is what the model reads before it
 * writes a script: a typed signature and a one-line docstring per tool, and the {@code TypedDict}s
 * they use. Compact on purpose: full details are in {@link ToolDocs}.
 *
 * <pre>
 * # crm: Customer records. Keyword arguments only. Results are dicts/lists (JSON).
 * from typing import Literal, TypedDict
 *
 * class Customer(TypedDict):
 *     id: str
 *     tier: Literal["free", "pro"]
 *
 * def lookup_customer(customer_id: str) -> Customer:
 *     """One customer by id. Read-only."""
 * </pre>
 *
 * <p>Signatures use the identifiers scripts write (sanitised tool and parameter names). Required
 * parameters come first; optional ones show their JSON default or {@code None}. A tool whose input
 * schema cannot be read gets {@code **kwargs} and a note, never an exception.
 */
public final class StubGenerator {

    static final int SUMMARY_CHARS = 60;
    static final int DOC_CHARS = 110;

    private final BindingLevel level;

    public StubGenerator(BindingLevel level) {
        this.level = Objects.requireNonNull(level, "level");
    }

    public BindingLevel level() {
        return level;
    }

    /** The files of a view, sorted by path. */
    public List<StubFile> files(CatalogView view) {
        List<StubFile> files = new ArrayList<>();
        for (CatalogServer server : view.servers()) {
            if (server.tools().isEmpty()) {
                continue;
            }
            if (level == BindingLevel.SERVER) {
                files.add(new StubFile("servers/" + server.id() + ".pyi", server.id(), server.tools(), summary(server)));
            } else {
                for (CatalogTool tool : server.tools()) {
                    files.add(new StubFile("servers/" + server.id() + "/" + tool.toolId() + ".pyi", server.id(),
                            List.of(tool), Texts.firstSentence(tool.descriptor().description(), SUMMARY_CHARS)
                                    .replaceAll("\\.$", "")));
                }
            }
        }
        files.sort(Comparator.comparing(StubFile::path));
        return files;
    }

    /** The text of one file of the view, or empty when the view has no such file. */
    public Optional<String> read(CatalogView view, String path) {
        return files(view).stream().filter(f -> f.path().equals(path)).findFirst().map(this::render);
    }

    /** The stub text of a file. */
    public String render(StubFile file) {
        PythonTypes types = new PythonTypes();
        List<String> functions = new ArrayList<>();
        for (CatalogTool tool : file.tools()) {
            functions.add(function(tool, types));
        }
        String subject = level == BindingLevel.SERVER || file.tools().size() != 1 ? file.serverId()
                : file.tools().get(0).id();
        StringBuilder out = new StringBuilder();
        out.append("# ").append(subject).append(": ").append(file.summary().isEmpty() ? "tools" : file.summary())
                .append(". Keyword arguments only. Results are dicts/lists (JSON).\n");
        out.append(types.importLine());
        List<String> blocks = new ArrayList<>(types.declarations());
        blocks.addAll(functions);
        for (String block : blocks) {
            out.append('\n').append(block);
        }
        return out.toString();
    }

    /** One {@code def} with its docstring. */
    static String function(CatalogTool tool, PythonTypes types) {
        Map<String, Object> schema = tool.descriptor().inputSchema();
        String hint = Texts.pascal(tool.toolId());
        String params;
        String note = "";
        try {
            params = parameters(tool, schema, types, hint);
        } catch (RuntimeException e) {
            params = null;
        }
        if (params == null) {
            params = "**kwargs";
            note = " Parameters unknown: see getToolDocs.";
        }
        String returns;
        try {
            returns = tool.descriptor().outputSchema() == null ? anyType(types)
                    : types.type(tool.descriptor().outputSchema(), tool.descriptor().outputSchema(), hint + "Result");
        } catch (RuntimeException e) {
            returns = anyType(types);
        }
        String doc = docLine(tool) + note;
        return "def " + tool.toolId() + "(" + params + ") -> " + returns + ":\n    \"\"\"" + escapeDoc(doc.strip())
                + "\"\"\"\n";
    }

    private static String anyType(PythonTypes types) {
        types.imports.add("Any");
        return "Any";
    }

    /** The parameter list, or {@code null} when the schema has no readable properties. */
    private static String parameters(CatalogTool tool, Map<String, Object> schema, PythonTypes types, String hint) {
        Object props = schema.get("properties");
        if (props == null) {
            boolean declaredEmpty = "object".equals(schema.get("type")) || schema.isEmpty();
            return declaredEmpty && !schema.containsKey("additionalProperties") ? "" : null;
        }
        if (!(props instanceof Map<?, ?> properties)) {
            return null;
        }
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        List<String> first = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            String name = String.valueOf(e.getKey());
            String id = tool.parameterIds().getOrDefault(name, name);
            String type = types.type(e.getValue(), schema, hint + Texts.pascal(name));
            if (required.contains(name)) {
                first.add(id + ": " + type);
            } else {
                Object dflt = e.getValue() instanceof Map<?, ?> m && m.containsKey("default") ? m.get("default") : null;
                String shown = type.contains("None") || dflt != null ? type : type + " | None";
                optional.add(id + ": " + shown + " = " + Texts.python(dflt));
            }
        }
        first.addAll(optional);
        return String.join(", ", first);
    }

    static String docLine(CatalogTool tool) {
        String sentence = Texts.firstSentence(tool.descriptor().description(), DOC_CHARS);
        if (!sentence.isEmpty() && !sentence.matches(".*[.!?…]$")) {
            sentence = sentence + ".";
        }
        if (tool.descriptor().annotations().isReadOnly()) {
            sentence = sentence + " Read-only.";
        } else if (tool.descriptor().annotations().isDestructive()) {
            sentence = sentence + " Destructive.";
        }
        return sentence.strip();
    }

    private static String escapeDoc(String doc) {
        String escaped = doc.replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
        return escaped.endsWith("\"") ? escaped.substring(0, escaped.length() - 1) + "\\\"" : escaped;
    }

    private static String summary(CatalogServer server) {
        if (!server.description().isBlank()) {
            return Texts.firstSentence(server.description(), SUMMARY_CHARS).replaceAll("\\.$", "");
        }
        String names = server.tools().stream().map(CatalogTool::toolId).collect(Collectors.joining(", "));
        return Texts.shorten(names, SUMMARY_CHARS);
    }
}
