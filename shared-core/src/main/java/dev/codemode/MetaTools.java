package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.access.AccessControl;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonCap;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.policy.ScriptAnalyzer;
import dev.codemode.policy.ScriptTools;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Interpreter;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.ScriptError;
import dev.codemode.sandbox.ResultJson;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.stubs.BindingLevel;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import dev.codemode.stubs.ToolDocs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.starlark.java.spelling.SpellChecker;

/**
 * The four meta-tools the model sees instead of every tool definition, framework-neutral. Adapters
 * expose {@link #specs()} as their framework's tools and route calls to {@link #call}.
 *
 * <p>Every method works on the caller's {@link CatalogView}: what is outside it is never listed,
 * read, documented, called or named in an error.
 */
public final class MetaTools {

    public static final String LIST_TOOL_FILES = "listToolFiles";
    public static final String READ_TOOL_FILE = "readToolFile";
    public static final String GET_TOOL_DOCS = "getToolDocs";
    public static final String EXECUTE_TOOL_CODE = "executeToolCode";

    /** How many files a query returns at most. */
    static final int MAX_QUERY_RESULTS = 8;
    /** Longest {@code fileName}, {@code query}, {@code server} and {@code tool} argument taken. */
    static final int MAX_PATH_CHARS = 512;
    static final int MAX_QUERY_CHARS = 1_000;
    static final int MAX_NAME_CHARS = 256;

    /**
     * The script language, stated once, where the model first needs it. Every word here is paid on
     * every request: keep it short and exact.
     */
    static final String LANGUAGE = "Run a Starlark (Python subset) script. Call tools as server.tool(name=value),"
            + " keyword arguments only; results are dicts/lists. Set result = <answer>; only result and print()"
            + " output come back. Builtins: json.encode/decode, try_call(tool, **args) -> (value, error),"
            + " parallel([(tool, {args}), ...]) -> [(value, error), ...] run concurrently, sum, abs, round."
            + " Not available: import, while, try/except, class, lambda, f-strings, is, set, **."
            + " Use for/range, try_call, \"%s\" % x. Top-level defs cannot see script variables: pass them in.";

    private final ToolCatalog catalog;
    private final AccessControl access;
    private final StubGenerator stubs;
    private final Interpreter interpreter;
    private final ToolInvoker invoker;
    private final ApprovalPolicy approvalPolicy;
    private final ApprovalHandler approvalHandler;
    private final int maxOutputChars;
    private final int maxSourceChars;
    private final AuditLog auditLog;
    private final List<MetaToolSpec> specs;

    private MetaTools(Builder b) {
        this.catalog = Objects.requireNonNull(b.catalog, "catalog");
        this.access = b.access == null ? AccessControl.open() : b.access;
        this.interpreter = Objects.requireNonNull(b.interpreter, "interpreter");
        this.invoker = Objects.requireNonNull(b.invoker, "invoker");
        this.approvalPolicy = b.approvalPolicy == null ? ApprovalPolicy.allowlist() : b.approvalPolicy;
        // The stubs mark what needs approval under this same policy.
        this.stubs = new StubGenerator(b.bindingLevel == null ? BindingLevel.SERVER : b.bindingLevel, approvalPolicy);
        this.approvalHandler = b.approvalHandler == null ? ApprovalHandler.deny() : b.approvalHandler;
        Limits limits = b.limits == null ? Limits.DEFAULTS : b.limits;
        this.maxOutputChars = limits.maxOutputChars();
        this.maxSourceChars = limits.maxSourceChars();
        this.auditLog = b.auditLog;
        this.specs = List.of(
                new MetaToolSpec(LIST_TOOL_FILES,
                        "List the tool stub files (Python signatures of the tools you can call). With query, only the"
                                + " best matches.",
                        schema(Map.of("query", prop("string", "words for the tools you need")), List.of())),
                new MetaToolSpec(READ_TOOL_FILE,
                        "Read a stub file from listToolFiles: signatures and one-line docs of its tools.",
                        schema(props("fileName", prop("string", "path from listToolFiles"),
                                "startLine", prop("integer", "first line, 1-based"),
                                "endLine", prop("integer", "last line, inclusive")), List.of("fileName"))),
                new MetaToolSpec(GET_TOOL_DOCS,
                        "Full docs of one tool: parameters with constraints and examples, output shape, usage.",
                        schema(props("server", prop("string", "server name, e.g. crm"),
                                "tool", prop("string", "tool name, e.g. lookup_customer")), List.of("server", "tool"))),
                new MetaToolSpec(EXECUTE_TOOL_CODE, LANGUAGE,
                        schema(Map.of("code", prop("string", "the script")), List.of("code"))));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The caller's view, or the reason the caller has none. */
    public AccessControl.Access access(CallContext context) {
        return access.resolve(context, catalog);
    }

    /** The four meta-tools, in the order the model should use them. */
    public List<MetaToolSpec> specs() {
        return specs;
    }

    /** The stub generator behind {@code listToolFiles} and {@code readToolFile}. */
    public StubGenerator stubs() {
        return stubs;
    }

    /** Which tools run without approval. */
    public ApprovalPolicy approvalPolicy() {
        return approvalPolicy;
    }

    /** Calls a meta-tool by name with JSON arguments (as text, the way most frameworks deliver them). */
    public MetaToolResult call(String name, String argumentsJson, CallContext context) {
        Map<String, Object> args;
        try {
            args = arguments(name, argumentsJson);
        } catch (IllegalArgumentException e) {
            return MetaToolResult.error(e.getMessage());
        }
        return call(name, args, context);
    }

    /**
     * The arguments of a call to {@code tool} from the JSON text a framework delivers; blank text is no
     * arguments.
     *
     * @throws IllegalArgumentException with a message for the model when the text is not a JSON object
     */
    public static Map<String, Object> arguments(String tool, String argumentsJson) {
        Object parsed;
        try {
            parsed = argumentsJson == null || argumentsJson.isBlank() ? Map.of() : JsonValues.parse(argumentsJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arguments of " + shortName(tool) + " are not valid JSON: "
                    + e.getMessage().replaceFirst("^invalid JSON: ", ""), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("arguments of " + shortName(tool) + " must be a JSON object");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        map.forEach((k, v) -> args.put(String.valueOf(k), v));
        return args;
    }

    /**
     * Calls a meta-tool by name for a caller. Unknown names, missing arguments and callers without
     * access are errors for the model, not exceptions.
     */
    public MetaToolResult call(String name, Map<String, Object> args, CallContext context) {
        AccessControl.Access granted = access(context == null ? CallContext.anonymous() : context);
        if (granted.isDenied()) {
            return MetaToolResult.error("access denied: " + granted.denial());
        }
        CatalogView view = granted.view();
        Map<String, Object> a = args == null ? Map.of() : args;
        MetaToolResult result;
        try {
            result = switch (name == null ? "" : name) {
                case LIST_TOOL_FILES -> listToolFiles(view, string(a, "query", false, MAX_QUERY_CHARS,
                        "use a few words"));
                case READ_TOOL_FILE -> readToolFile(view, string(a, "fileName", true, MAX_PATH_CHARS,
                        "pass a path from " + LIST_TOOL_FILES), integer(a, "startLine"), integer(a, "endLine"));
                case GET_TOOL_DOCS -> getToolDocs(view,
                        string(a, "server", true, MAX_NAME_CHARS, "pass a server name from " + LIST_TOOL_FILES),
                        string(a, "tool", true, MAX_NAME_CHARS, "pass a tool name from the server's stub file"));
                case EXECUTE_TOOL_CODE -> executeToolCode(view, string(a, "code", true, maxSourceChars,
                        "write a shorter script: loop instead of repeating calls"), context);
                default -> MetaToolResult.error("no meta-tool " + shortName(name) + "; use "
                        + LIST_TOOL_FILES + ", " + READ_TOOL_FILE + ", " + GET_TOOL_DOCS + " or " + EXECUTE_TOOL_CODE);
            };
        } catch (BadArgument e) {
            result = MetaToolResult.error(shortName(name) + ": " + e.getMessage());
        }
        // Every answer has the script output's limit; the answers that can grow cut themselves first,
        // at a line, with a note saying how to get the rest.
        return result.text().length() <= maxOutputChars ? result
                : new MetaToolResult(capped(result.text()), result.isError());
    }

    public MetaToolResult listToolFiles(CatalogView view, String query) {
        List<StubFile> files = stubs.files(view);
        String example = view.tools().stream().findFirst().map(t -> t.id() + "(...)").orElse("server.tool(...)");
        String footer = "Read a file with " + READ_TOOL_FILE + "; call tools from " + EXECUTE_TOOL_CODE + " as "
                + example + ".";
        List<String[]> rows = new ArrayList<>();
        if (query == null || query.isBlank()) {
            for (StubFile f : files) {
                rows.add(new String[] {f.path(), f.tools().size() + (f.tools().size() == 1 ? " tool" : " tools"),
                        f.summary()});
            }
            for (CatalogServer s : view.servers()) {
                if (!s.isAvailable()) {
                    rows.add(new String[] {"servers/" + s.id() + ".pyi", "unavailable", oneLine(s.error())});
                }
            }
            if (rows.isEmpty()) {
                return MetaToolResult.ok("No tools are available to you.");
            }
            return MetaToolResult.ok(fitLines(table(rows), footer, hidden -> "... " + hidden
                    + " more files not shown: call " + LIST_TOOL_FILES + " with a query to find the ones you need.\n"));
        }
        Map<StubFile, List<String>> matches = new LinkedHashMap<>();
        for (CatalogTool tool : FileRanker.of(view).rank(query)) {
            stubs.fileOf(view, tool)
                    .ifPresent(f -> matches.computeIfAbsent(f, k -> new ArrayList<>()).add(tool.toolId()));
            if (matches.size() >= MAX_QUERY_RESULTS) {
                break;
            }
        }
        if (matches.isEmpty()) {
            return MetaToolResult.ok("No tool matches \"" + query + "\". Call " + LIST_TOOL_FILES
                    + " without a query to see every file.");
        }
        matches.forEach((f, tools) -> rows.add(new String[] {f.path(),
                f.tools().size() == 1 ? f.summary() : String.join(", ", tools), ""}));
        return MetaToolResult.ok(table(rows) + footer);
    }

    public MetaToolResult readToolFile(CatalogView view, String fileName, Integer startLine, Integer endLine) {
        String path = normalise(fileName);
        Optional<String> text = stubs.read(view, path);
        if (text.isEmpty()) {
            List<String> paths = stubs.files(view).stream().map(StubFile::path).toList();
            String suggestion = SpellChecker.suggest(path, paths);
            return MetaToolResult.error("no file " + fileName
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " Files: " + String.join(", ", paths.size() > 20 ? paths.subList(0, 20) : paths)
                    + (paths.size() > 20 ? ", ... (" + LIST_TOOL_FILES + " lists all)" : ""));
        }
        List<String> lines = text.get().lines().toList();
        int from = startLine == null ? 1 : startLine;
        int to = endLine == null ? lines.size() : Math.min(endLine, lines.size());
        if (startLine != null || endLine != null) {
            if (from < 1 || from > lines.size() || to < from) {
                return MetaToolResult.error("lines " + from + "-" + (endLine == null ? "end" : endLine)
                        + " are outside " + path + ", which has lines 1-" + lines.size());
            }
        }
        // At most the output limit, cut after a whole line, with where to go on reading.
        StringBuilder out = new StringBuilder();
        int line = from;
        for (; line <= to; line++) {
            String next = lines.get(line - 1);
            if (out.length() + next.length() + 1 > maxOutputChars - 160) {
                break;
            }
            out.append(next).append('\n');
        }
        if (line <= to) {
            if (line == from) {
                String first = lines.get(from - 1);
                out.append(first, 0, Math.max(0, maxOutputChars - 200)).append(" ... (line cut)\n");
                line++;
            }
            out.append("# ... lines ").append(from).append('-').append(line - 1).append(" of ").append(lines.size())
                    .append(" shown; read on with ").append(READ_TOOL_FILE).append("(fileName=\"").append(path)
                    .append("\", startLine=").append(line).append(')');
            return MetaToolResult.ok(out.toString());
        }
        return MetaToolResult.ok(startLine == null && endLine == null ? text.get()
                : String.join("\n", lines.subList(from - 1, to)));
    }

    public MetaToolResult getToolDocs(CatalogView view, String server, String tool) {
        Optional<CatalogServer> s = view.server(server)
                .or(() -> view.servers().stream().filter(x -> x.name().equals(server)).findFirst());
        if (s.isEmpty()) {
            List<String> ids = view.servers().stream().map(CatalogServer::id).toList();
            String suggestion = SpellChecker.suggest(server, ids);
            return MetaToolResult.error("no server " + server
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " Servers: " + String.join(", ", ids));
        }
        Optional<CatalogTool> t = s.get().tool(tool)
                .or(() -> s.get().tools().stream().filter(x -> x.descriptor().name().equals(tool)).findFirst());
        if (t.isEmpty()) {
            List<String> ids = s.get().tools().stream().map(CatalogTool::toolId).toList();
            String suggestion = SpellChecker.suggest(tool, ids);
            return MetaToolResult.error(s.get().id() + " has no tool " + tool
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " " + s.get().id() + " has: " + String.join(", ", ids));
        }
        String docs = ToolDocs.render(t.get(), approvalPolicy);
        return MetaToolResult.ok(docs.length() <= maxOutputChars ? docs
                : fitLines(docs, "", hidden -> "... (cut: the docs have " + docs.length() + " characters; the rest is"
                        + " not shown)\n"));
    }

    /**
     * Runs a script for a caller: decides approval on the script's syntax tree, asks the handler
     * when needed (a denial runs nothing), then runs it with calls outside the approved set refused
     * in the binding.
     */
    public MetaToolResult executeToolCode(CatalogView view, String code, CallContext context) {
        ExecutionResult result = execute(view, code, context);
        return new MetaToolResult(ResultJson.render(result, maxOutputChars), !result.isSuccess());
    }

    /**
     * As {@link #executeToolCode}, returning the structured result. Each call is audited outside the
     * approval check, so refused calls are recorded too, and the execution itself is recorded with
     * its approval decision, whatever the outcome.
     */
    public ExecutionResult execute(CatalogView view, String code, CallContext context) {
        CallContext caller = context == null ? CallContext.anonymous() : context;
        AuditLog.Execution audit = auditLog == null ? null : auditLog.begin(UUID.randomUUID().toString(), caller);
        Approval approval = approve(view, code, caller);
        ExecutionResult result;
        if (approval.denied() != null) {
            result = new ExecutionResult(null, List.of(), 0, 0, approval.denied());
        } else {
            Set<String> approved = approval.tools();
            ToolInvoker enforced = (tool, args) -> {
                if (!approved.contains(tool.id())) {
                    throw new ToolRefusedException(tool.id() + " is not approved for this script");
                }
                return invoker.invoke(tool, args);
            };
            result = interpreter.execute(code, view, audit == null ? enforced : audit.invoker(enforced));
        }
        if (audit != null) {
            audit.finish(code, result, approval.decision());
        }
        return result;
    }

    /**
     * Calls one tool of {@code view} directly, as a model does with a tool offered as an ordinary tool
     * (see {@link Exposure}), under the same rules as a script's call: the view decides whether it
     * exists, the approval policy whether it runs without asking, and the call is audited (as a tool
     * call and as an execution whose script is {@code server.tool {arguments}}) and goes through the
     * same invoker, circuit breaker included. The result is the tool's JSON, capped like script output.
     */
    public MetaToolResult callTool(CatalogView view, CatalogTool tool, Map<String, Object> args, CallContext context) {
        CallContext caller = context == null ? CallContext.anonymous() : context;
        Map<String, Object> arguments = args == null ? Map.of() : args;
        if (view.tool(tool.serverId(), tool.toolId()).isEmpty()) {
            return MetaToolResult.error("no tool " + ToolExposure.directName(tool));
        }
        String call = tool.id() + " " + JsonValues.write(arguments);
        AuditLog.Execution audit = auditLog == null ? null : auditLog.begin(UUID.randomUUID().toString(), caller);
        long started = System.nanoTime();
        String approval = "auto";
        if (!approvalPolicy.isAutoExecuted(tool)) {
            ApprovalDecision decision;
            try {
                decision = approvalHandler.decide(new ApprovalRequest(call, List.of(tool.id()), List.of(tool.id()),
                        List.of(), caller));
            } catch (RuntimeException e) {
                decision = ApprovalDecision.deny("the approval handler failed");
            }
            if (decision == null || !decision.approved()) {
                String reason = decision == null || decision.reason() == null ? "" : " (" + decision.reason() + ")";
                String message = "approval denied" + reason + ": " + tool.id() + " needs approval";
                if (audit != null) {
                    audit.finish(call, ExecutionRecord.DENIED, message, null, "denied");
                }
                return MetaToolResult.error(message);
            }
            approval = "approved";
        }
        ToolInvoker chain = audit == null ? invoker : audit.invoker(invoker);
        String outcome = ExecutionRecord.OK;
        String error = null;
        MetaToolResult result;
        try {
            ToolResult r = chain.invoke(tool, arguments);
            if (r.isError()) {
                error = r.error();
                result = MetaToolResult.error(capped(tool.id() + " failed: " + r.error()));
            } else {
                result = new MetaToolResult(JsonValues.write(JsonCap.cap(r.value(), maxOutputChars)), false);
            }
        } catch (RuntimeException e) {
            // A ToolCallException's own message is written for the model; anything else gets its root cause.
            error = e instanceof ToolCallException ? e.getMessage() : ToolCallException.reasonOf(e);
            result = MetaToolResult.error(capped(e instanceof ToolCallException ? error : tool.id() + " failed: " + error));
        }
        if (error != null) {
            outcome = ExecutionRecord.ERROR;
        }
        if (audit != null) {
            audit.finish(call, outcome, error, Duration.ofNanos(System.nanoTime() - started), approval);
        }
        return result;
    }

    /** A tool's own error text, cut to the output limit: a hostile server must not flood the model. */
    private String capped(String text) {
        if (text.length() <= maxOutputChars) {
            return text;
        }
        String note = " ... (cut: " + text.length() + " characters)";
        return text.substring(0, Math.max(0, maxOutputChars - note.length())) + note;
    }

    /** The tools a script may call, or why it may not run. */
    private record Approval(Set<String> tools, String decision, ScriptError denied) {
    }

    private Approval approve(CatalogView view, String code, CallContext context) {
        // Once per view and policy: the view is shared by its callers until the catalog changes.
        Set<String> auto = view.derived(List.of("auto-executed", approvalPolicy), v -> Set.copyOf(
                v.tools().stream().filter(approvalPolicy::isAutoExecuted).map(CatalogTool::id).toList()));
        ScriptTools found = ScriptAnalyzer.analyze(code, view);
        if (!found.parsed()) {
            return new Approval(auto, "not needed", null); // the interpreter reports the syntax error
        }
        // An undetermined script can reach every tool of the view: it needs approval only when one of
        // those is not auto-executed.
        List<CatalogTool> reachable = found.isDetermined() ? List.copyOf(found.tools()) : view.tools();
        List<String> need = reachable.stream().map(CatalogTool::id).filter(id -> !auto.contains(id)).sorted().toList();
        if (need.isEmpty()) {
            return new Approval(auto, "auto", null);
        }
        if (!found.isDetermined()) {
            need = List.of();
        }
        List<String> tools = found.isDetermined()
                ? found.tools().stream().map(CatalogTool::id).sorted().toList() : null;
        ApprovalDecision decision;
        try {
            decision = approvalHandler.decide(new ApprovalRequest(code, tools, need, found.undetermined(), context));
        } catch (RuntimeException e) {
            decision = ApprovalDecision.deny("the approval handler failed");
        }
        if (decision == null || !decision.approved()) {
            String reason = decision == null || decision.reason() == null ? "" : " (" + decision.reason() + ")";
            String autoList = auto.stream().sorted().limit(12).collect(Collectors.joining(", "))
                    + (auto.size() > 12 ? ", ..." : "");
            ScriptError error = found.isDetermined()
                    ? new ScriptError("denied", "approval denied" + reason + ": " + String.join(", ", need)
                            + (need.size() == 1 ? " needs" : " need") + " approval", null, null,
                            auto.isEmpty() ? "no tool runs without approval here; ask the user to approve"
                                    : "tools that run without approval: " + autoList)
                    : new ScriptError("denied", "approval denied" + reason + ": the tools this script calls cannot be"
                            + " determined (" + found.undetermined().get(0) + ")", null, null,
                            "call tools directly as server.tool(...), or pass server.tool straight to try_call or"
                                    + " parallel, so they can be checked");
            return new Approval(Set.of(), "denied", error);
        }
        Set<String> approved = new HashSet<>(auto);
        if (tools == null) {
            view.tools().forEach(t -> approved.add(t.id()));
        } else {
            approved.addAll(tools);
        }
        return new Approval(approved, "approved", null);
    }

    // ---- helpers ----

    private static String normalise(String fileName) {
        String p = fileName.strip().replace('\\', '/');
        int start = 0;
        while (start < p.length()) {
            if (p.startsWith("/", start)) {
                start++;
            } else if (p.startsWith("./", start)) {
                start += 2;
            } else {
                break;
            }
        }
        p = p.substring(start);
        if (!p.startsWith("servers/")) {
            p = "servers/" + p;
        }
        if (p.endsWith(".py")) {
            p = p + "i";
        } else if (!p.endsWith(".pyi")) {
            p = p + ".pyi";
        }
        return p;
    }

    /**
     * {@code body} then {@code footer}, within the output limit: whole lines of the body are kept while
     * they fit, and the rest is replaced by {@code note} of the number of lines left out.
     */
    private String fitLines(String body, String footer, java.util.function.IntFunction<String> note) {
        if (body.length() + footer.length() <= maxOutputChars) {
            return body + footer;
        }
        List<String> lines = body.lines().toList();
        int room = maxOutputChars - footer.length() - note.apply(lines.size()).length();
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String line : lines) {
            if (out.length() + line.length() + 1 > room) {
                break;
            }
            out.append(line).append('\n');
            kept++;
        }
        if (kept == 0 && !lines.isEmpty()) {
            out.append(lines.get(0), 0, Math.max(0, room - 20)).append(" ...\n");
            kept = 1;
        }
        return out + note.apply(lines.size() - kept) + footer;
    }

    /** A tool name a caller gave, as an error repeats it: at most {@link #MAX_NAME_CHARS} characters. */
    public static String shortName(String name) {
        String s = String.valueOf(name);
        return s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS) + "...";
    }

    private static String table(List<String[]> rows) {
        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            String line = pad(r[0], w0) + "  " + (r[2].isEmpty() ? r[1] : pad(r[1], w1) + "  " + r[2]);
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> prop(String type, String description) {
        return props("type", type, "description", description);
    }

    /** Boring on purpose: fields start null; {@link MetaTools} applies the defaults. */
    public static final class Builder {
        private ToolCatalog catalog;
        private AccessControl access;
        private BindingLevel bindingLevel;
        private Interpreter interpreter;
        private ToolInvoker invoker;
        private ApprovalPolicy approvalPolicy;
        private ApprovalHandler approvalHandler;
        private Limits limits;
        private AuditLog auditLog;

        private Builder() {
        }

        /** Where tool calls and executions are recorded; nothing is recorded when not set. */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        public Builder catalog(ToolCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Virtual keys and tool groups; {@link AccessControl#open()} when not set. */
        public Builder accessControl(AccessControl access) {
            this.access = access;
            return this;
        }

        /** {@link BindingLevel#SERVER} (default): one stub file per server; {@code TOOL}: one per tool. */
        public Builder bindingLevel(BindingLevel bindingLevel) {
            this.bindingLevel = bindingLevel;
            return this;
        }

        public Builder interpreter(Interpreter interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        /** How a script's tool calls reach the tools (already wrapped in audit and resilience). */
        public Builder invoker(ToolInvoker invoker) {
            this.invoker = invoker;
            return this;
        }

        /** Which tools run without approval; {@link ApprovalPolicy#allowlist} with no tools (none) when not set. */
        public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
            this.approvalPolicy = approvalPolicy;
            return this;
        }

        /** {@link ApprovalHandler#deny()} when not set. */
        public Builder approvalHandler(ApprovalHandler approvalHandler) {
            this.approvalHandler = approvalHandler;
            return this;
        }

        /**
         * The limits whose output and source sizes the meta-tools apply to their own arguments and
         * answers; {@link Limits#DEFAULTS} when not set.
         */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public MetaTools build() {
            return new MetaTools(this);
        }
    }

    private static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message, null, false, false);
        }
    }

    private static String string(Map<String, Object> a, String key, boolean required, int maxChars, String fix) {
        Object v = a.get(key);
        if (v == null || v instanceof String s && s.isBlank() && required) {
            if (required) {
                throw new BadArgument("missing argument " + key);
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadArgument(key + " must be a string");
        }
        if (s.length() > maxChars) {
            throw new BadArgument(key + " has " + s.length() + " characters, over the limit of " + maxChars + ": " + fix);
        }
        return s;
    }

    private static Integer integer(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new BadArgument(key + " must be an integer");
        }
    }
}
