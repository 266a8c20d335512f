package dev.codemode.stubs;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolAnnotations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Python stubs ({@code .pyi} text) of the tools in a catalog view: what the model reads before it
 * writes a script. A stub costs input tokens every time it is read, so it holds only what a call
 * needs: a header line, the {@code TypedDict} classes of structured parameters and results, and per
 * tool one signature (keyword parameters, required first, with defaults) and a one-line docstring
 * (first sentence plus "Read-only." / "Destructive."). The full text lives in
 * {@link ToolDocs}.
 *
 * <p>Stubs show the identifiers a script writes ({@code get_user}, {@code user_id}), never the
 * original names when they differ. A tool whose input schema is missing or unusable is still listed,
 * as {@code def tool(**kwargs) -> Any} with a pointer to {@code getToolDocs}; nothing here throws on a
 * schema. Output is deterministic: the same view gives the same bytes.
 *
 * <p>Instances hold no state beyond the binding level and are safe to share.
 */
public final class StubGenerator {

    /** Longest file summary, in characters. */
    static final int SUMMARY_LENGTH = 60;
    /** Longest docstring sentence before the behaviour hints, in characters. */
    static final int DOC_LENGTH = 100;
    static final String HEADER_TAIL = "Keyword arguments only. Results are dicts/lists (JSON).";

    private final BindingLevel level;

    public StubGenerator(BindingLevel level) {
        this.level = Objects.requireNonNull(level, "level");
    }

    public BindingLevel level() {
        return level;
    }

    /** The stub files of the view, sorted by path; servers without visible tools have none. */
    public List<StubFile> files(CatalogView view) {
        List<StubFile> files = new ArrayList<>();
        for (CatalogServer server : view.servers()) {
            if (server.tools().isEmpty()) {
                continue;
            }
            if (level == BindingLevel.SERVER) {
                files.add(new StubFile("servers/" + server.id() + ".pyi", server.id(), server.tools(),
                        serverSummary(server)));
            } else {
                for (CatalogTool tool : server.tools()) {
                    files.add(new StubFile("servers/" + server.id() + "/" + tool.toolId() + ".pyi", server.id(),
                            List.of(tool), toolSummary(tool)));
                }
            }
        }
        files.sort(Comparator.comparing(StubFile::path));
        return files;
    }

    /** The stub text of the file at {@code path}, or empty when the view has no such file. */
    public Optional<String> read(CatalogView view, String path) {
        if (path == null) {
            return Optional.empty();
        }
        return files(view).stream().filter(f -> f.path().equals(path)).findFirst().map(this::render);
    }

    /** The stub text of one file. */
    public String render(StubFile file) {
        List<CatalogTool> tools = file.tools();
        Set<String> functionNames = new TreeSet<>();
        tools.forEach(t -> functionNames.add(t.toolId()));
        SchemaTypes types = new SchemaTypes(functionNames);
        List<String> functions = new ArrayList<>();
        Set<String> typing = new TreeSet<>();
        for (CatalogTool tool : tools) {
            ToolSignature signature;
            SchemaTypes attempt = types.copy();
            try {
                signature = ToolSignature.of(tool, attempt);
                types = attempt;
            } catch (RuntimeException | StackOverflowError e) {
                signature = ToolSignature.unknown(tool);
            }
            typing.addAll(signature.typingNames());
            functions.add(function(tool, signature));
        }
        for (SchemaTypes.PyClass c : types.classes()) {
            typing.addAll(c.uses());
        }

        StringBuilder out = new StringBuilder();
        String subject = level == BindingLevel.TOOL && tools.size() == 1 ? tools.get(0).id() : file.serverId();
        String summary = headerSummary(file.summary());
        out.append("# ").append(subject).append(summary.isEmpty() ? "" : ": " + summary)
                .append(summary.endsWith("...") ? " " : ". ").append(HEADER_TAIL).append('\n');
        if (!typing.isEmpty()) {
            out.append("from typing import ").append(String.join(", ", typing)).append('\n');
        }
        for (SchemaTypes.PyClass c : types.classes()) {
            out.append('\n').append(c.text()).append('\n');
        }
        for (String f : functions) {
            out.append('\n').append(f);
        }
        return out.toString();
    }

    private static String function(CatalogTool tool, ToolSignature signature) {
        String doc = docstring(tool, signature.known());
        String head = "def " + tool.toolId() + "(" + signature.pythonParameters() + ") -> " + signature.returnType()
                + ":";
        return doc.isEmpty() ? head + " ...\n" : head + "\n    \"\"\"" + PyText.docstring(doc) + "\"\"\"\n";
    }

    /** First sentence of the description, then the behaviour hints a caller must know about. */
    static String docstring(CatalogTool tool, boolean known) {
        List<String> parts = new ArrayList<>();
        String sentence = PyText.firstSentence(tool.descriptor().description(), DOC_LENGTH);
        if (!sentence.isEmpty()) {
            parts.add(PyText.asSentence(sentence));
        }
        ToolAnnotations hints = tool.descriptor().annotations();
        if (hints.isReadOnly()) {
            parts.add("Read-only.");
        } else if (hints.isDestructive()) {
            parts.add("Destructive.");
        }
        if (!known) {
            parts.add("Parameters unknown: see getToolDocs.");
        }
        return String.join(" ", parts);
    }

    /** The summary as the header sentence starts it: lower case first letter unless an acronym. */
    private static String headerSummary(String summary) {
        String s = PyText.withoutPeriod(PyText.oneLine(summary));
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /** The server's description, else its only tool's first sentence, else its tool names. */
    static String serverSummary(CatalogServer server) {
        String description = PyText.firstSentence(server.description(), SUMMARY_LENGTH);
        if (!description.isEmpty()) {
            return PyText.withoutPeriod(description);
        }
        if (server.tools().size() == 1) {
            return toolSummary(server.tools().get(0));
        }
        List<String> names = server.tools().stream().map(CatalogTool::toolId).toList();
        return PyText.truncate(String.join(", ", names), SUMMARY_LENGTH);
    }

    /** The tool's first sentence, else its identifier. */
    static String toolSummary(CatalogTool tool) {
        String sentence = PyText.firstSentence(tool.descriptor().description(), SUMMARY_LENGTH);
        return sentence.isEmpty() ? tool.toolId() : PyText.withoutPeriod(sentence);
    }
}
