package dev.codemode.stubs;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.policy.ApprovalPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Python stubs ({@code .pyi} text) of the tools in a catalog view: what the model reads before it
 * writes a script. A stub costs input tokens every time it is read, so it holds only what a call
 * needs: a header line, the {@code TypedDict} classes of structured parameters and results, and per
 * tool one signature (keyword parameters, required first, with defaults) and a one-line docstring
 * (first sentence plus "Destructive." when the server says so). The full text lives in
 * {@link ToolDocs}.
 *
 * <p>Stubs say which calls wait for approval under the {@link ApprovalPolicy} they are generated for,
 * so that the model can plan a script before it writes it: a file whose tools all need approval says
 * "Every call needs approval." once in its header, a file where none does says "No call needs
 * approval.", and otherwise each such tool's {@code def} line ends with {@code # needs approval} and
 * the header says "Unmarked tools run without asking." The policy is the gate's, and the files are
 * built per caller view, so the marks are those of the caller reading them. A tool is called "Read-only."
 * only when that decides its approval, that is when the policy trusts its server's read-only hint
 * ({@link ApprovalPolicy#trustsReadOnlyHint}); an untrusted server's claim is not repeated to the model.
 *
 * <p>Stubs show the identifiers a script writes ({@code get_user}, {@code user_id}), never the
 * original names when they differ. A tool whose input schema is missing or unusable is still listed,
 * as {@code def tool(**kwargs) -> Any} with a pointer to {@code getToolDocs}; nothing here throws on a
 * schema. Output is deterministic: the same view gives the same bytes.
 *
 * <p>Instances hold no state beyond the binding level and the policy, and are safe to share. What
 * they build for a view (the files, a path index, each file's text once read) is kept with the view
 * ({@link CatalogView#derived}), so a catalog version and caller view pays for it once.
 */
public final class StubGenerator {

    /** Longest file summary, in characters. */
    static final int SUMMARY_LENGTH = 60;
    /** Longest docstring sentence before the behaviour hints, in characters. */
    static final int DOC_LENGTH = 100;
    /**
     * Longest "Returns ..." sentence, kept as a second docstring line of a tool without an output
     * schema.
     */
    static final int RETURNS_LENGTH = 160;
    static final String HEADER_TAIL = "Keyword arguments only.";
    /**
     * Ends the header of a file with a tool whose result is undeclared: what such a result is in a
     * script (see {@code McpMapping}: structured content, else each content item's JSON or text, a list
     * when there are several items).
     */
    static final String ANY_RESULTS = "-> Any is the tool's JSON, else its text; a list if several items.";
    /** Ends the header of a file whose every tool needs approval. */
    static final String ALL_NEED_APPROVAL = "Every call needs approval.";
    /** Ends the header of a file where some tools need approval and are marked {@link #NEEDS_APPROVAL}. */
    static final String UNMARKED_RUN = "Unmarked tools run without asking.";
    /** Ends the header of a file whose every tool runs without approval. */
    static final String NONE_NEED_APPROVAL = "No call needs approval.";
    /** Ends the {@code def} line of a tool that needs approval, in a file where others do not. */
    static final String NEEDS_APPROVAL = "  # needs approval";

    private final BindingLevel level;
    private final ApprovalPolicy approval;

    /** Stubs for the default policy, under which every call needs approval. */
    public StubGenerator(BindingLevel level) {
        this(level, ApprovalPolicy.allowlist());
    }

    /** Stubs that mark the tools {@code approval} does not auto-execute. */
    public StubGenerator(BindingLevel level, ApprovalPolicy approval) {
        this.level = Objects.requireNonNull(level, "level");
        this.approval = Objects.requireNonNull(approval, "approval");
    }

    public BindingLevel level() {
        return level;
    }

    public ApprovalPolicy approval() {
        return approval;
    }

    /** The stub files of the view, sorted by path; servers without visible tools have none. */
    public List<StubFile> files(CatalogView view) {
        return stubs(view).files;
    }

    /** The stub file that holds {@code tool} in {@code view}, or empty when the view has no such tool. */
    public Optional<StubFile> fileOf(CatalogView view, CatalogTool tool) {
        return Optional.ofNullable(stubs(view).byToolId.get(tool.id()));
    }

    /**
     * The view's stubs under this generator's settings, built once per view: the files, a path index,
     * and each file's text as first read.
     */
    private Stubs stubs(CatalogView view) {
        return view.derived(new Settings(level, approval), v -> new Stubs(build(v)));
    }

    /** What the stubs depend on besides the view: generators with equal settings share their stubs. */
    private record Settings(BindingLevel level, ApprovalPolicy approval) {
    }

    private final class Stubs {
        final List<StubFile> files;
        final Map<String, StubFile> byPath = new HashMap<>();
        final Map<String, StubFile> byToolId = new HashMap<>();
        final Map<String, String> texts = new ConcurrentHashMap<>();

        Stubs(List<StubFile> files) {
            this.files = List.copyOf(files);
            for (StubFile f : files) {
                byPath.put(f.path(), f);
                f.tools().forEach(t -> byToolId.putIfAbsent(t.id(), f));
            }
        }

        String text(StubFile file) {
            return texts.computeIfAbsent(file.path(), p -> render(file));
        }
    }

    private List<StubFile> build(CatalogView view) {
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
        Stubs stubs = stubs(view);
        StubFile file = stubs.byPath.get(path);
        return file == null ? Optional.empty() : Optional.of(stubs.text(file));
    }

    /**
     * {@code tool} on one line, as a query listing shows it: the call as a script writes it, typed
     * parameters, the return shape and the first sentence of its description (see {@link SignatureLine}).
     */
    public String signatureLine(CatalogTool tool) {
        return SignatureLine.of(tool);
    }

    /**
     * As {@link #signatureLine(CatalogTool)}, with {@code # needs approval} before the description
     * when {@code markApproval} and this generator's policy does not auto-execute the tool. A listing
     * whose every tool needs approval says so once instead ({@link #approvalSentence}).
     */
    public String signatureLine(CatalogTool tool, boolean markApproval) {
        return SignatureLine.of(tool, markApproval && !approval.isAutoExecuted(tool));
    }

    /** Whether {@code tool} runs without asking under this generator's policy. */
    public boolean isAutoExecuted(CatalogTool tool) {
        return approval.isAutoExecuted(tool);
    }

    /**
     * Text made safe to sit on one line between triple double quotes: backslashes and double quotes
     * escaped, control characters and line separators as spaces (for docstrings written by others,
     * such as a saved skill's).
     */
    public static String docstringLine(String text) {
        return PyText.docstring(text);
    }

    /**
     * What a file header or listing footer says once about approval: every call needs it, none does, or
     * the marked ones do.
     */
    public static String approvalSentence(boolean allNeedApproval, boolean noneNeedApproval) {
        return allNeedApproval ? ALL_NEED_APPROVAL : noneNeedApproval ? NONE_NEED_APPROVAL : UNMARKED_RUN;
    }

    /**
     * The full documentation of one tool, as {@code getToolDocs} answers, under this generator's policy,
     * with the type names of a file holding only this tool.
     */
    public String docs(CatalogTool tool) {
        return ToolDocs.render(tool, approval);
    }

    /**
     * The full documentation of one tool of {@code view}, with the type names its stub file gives it:
     * the classes of the tools before it in the file are named first, as when the file is rendered, so
     * that the docs and the stub name every type the same.
     */
    public String docs(CatalogView view, CatalogTool tool) {
        StubFile file = stubs(view).byToolId.get(tool.id());
        if (file == null) {
            return docs(tool);
        }
        SchemaTypes types = fileTypes(file);
        for (CatalogTool t : file.tools()) {
            if (t.id().equals(tool.id())) {
                return ToolDocs.render(tool, approval, types);
            }
            types = signature(t, types).types();
        }
        return docs(tool);
    }

    /** The classes of a file start empty, with its function names reserved. */
    private static SchemaTypes fileTypes(StubFile file) {
        Set<String> functionNames = new TreeSet<>();
        file.tools().forEach(t -> functionNames.add(t.toolId()));
        return new SchemaTypes(functionNames);
    }

    /** A tool's signature and the file's classes with its own added; {@code types} is left as it was. */
    private record Typed(ToolSignature signature, SchemaTypes types) {
    }

    private static Typed signature(CatalogTool tool, SchemaTypes types) {
        SchemaTypes attempt = types.copy().owner(tool.id());
        try {
            return new Typed(ToolSignature.of(tool, attempt), attempt);
        } catch (RuntimeException | StackOverflowError e) {
            return new Typed(ToolSignature.unknown(tool), types);
        }
    }

    public String render(StubFile file) {
        List<CatalogTool> tools = file.tools();
        SchemaTypes types = fileTypes(file);
        List<String> functions = new ArrayList<>();
        Set<String> typing = new TreeSet<>();
        boolean allNeedApproval = tools.stream().noneMatch(approval::isAutoExecuted);
        boolean noneNeedApproval = tools.stream().allMatch(approval::isAutoExecuted);
        boolean anyResult = false;
        for (CatalogTool tool : tools) {
            Typed typed = signature(tool, types);
            ToolSignature signature = typed.signature();
            types = typed.types();
            typing.addAll(signature.typingNames());
            anyResult |= signature.returnType().equals(SchemaTypes.ANY);
            functions.add(function(tool, signature, !allNeedApproval && !approval.isAutoExecuted(tool)));
        }
        for (SchemaTypes.PyClass c : types.classes()) {
            typing.addAll(c.uses());
        }

        StringBuilder out = new StringBuilder();
        String subject = level == BindingLevel.TOOL && tools.size() == 1 ? tools.get(0).id() : file.serverId();
        String summary = headerSummary(file.summary());
        out.append("# ").append(subject).append(summary.isEmpty() ? "" : ": " + summary)
                .append(summary.endsWith("...") ? " " : ". ").append(HEADER_TAIL)
                .append(anyResult ? " " + ANY_RESULTS : "")
                .append(' ').append(approvalSentence(allNeedApproval, noneNeedApproval)).append('\n');
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

    private String function(CatalogTool tool, ToolSignature signature, boolean markApproval) {
        String doc = docstring(tool, signature.known());
        String head = "def " + tool.toolId() + "(" + signature.pythonParameters() + ") -> " + signature.returnType()
                + ":";
        String mark = markApproval ? NEEDS_APPROVAL : "";
        // Without an output schema, what the description says the tool returns is the only word on its
        // result's fields: kept as a second docstring line.
        String returns = tool.descriptor().outputSchema() == null
                ? PyText.returnsSentence(tool.descriptor().description(), RETURNS_LENGTH) : "";
        if (doc.isEmpty() && returns.isEmpty()) {
            return head + " ..." + mark + "\n";
        }
        String text = doc.isEmpty() ? PyText.docstring(returns)
                : PyText.docstring(doc) + (returns.isEmpty() ? "" : "\n    " + PyText.docstring(returns));
        return head + mark + "\n    \"\"\"" + text + "\"\"\"\n";
    }

    /** First sentence of the description, then the behaviour hints a caller must know about. */
    String docstring(CatalogTool tool, boolean known) {
        List<String> parts = new ArrayList<>();
        String sentence = PyText.firstSentence(tool.descriptor().description(), DOC_LENGTH);
        if (!sentence.isEmpty()) {
            parts.add(PyText.asSentence(sentence));
        }
        ToolAnnotations hints = tool.descriptor().annotations();
        if (approval.trustsReadOnlyHint(tool)) {
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

    /**
     * The server's description (its first sentence, without Markdown heading or emphasis marks), else
     * its only tool's first sentence, else its tool names.
     */
    public static String serverSummary(CatalogServer server) {
        String description = PyText.firstSentence(PyText.withoutMarkdownLead(server.description()), SUMMARY_LENGTH);
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
