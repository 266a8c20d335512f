package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.catalog.CatalogView;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.Script;
import dev.codemode.sandbox.ScriptError;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillException;
import dev.codemode.skill.SkillLibrary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.Statement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code executeToolCode(code)}: one script, in this order: size, then one parse that checks syntax,
 * static limits and unknown names, then the approval gate on the same syntax tree (so nobody approves
 * a script that could not run), then the run, each call on the {@link CallPath}. Every execution is
 * recorded with its approval decision, whatever the outcome.
 */
record ExecuteToolCode(StarlarkInterpreter interpreter, ApprovalGate gate, CallPath calls, AuditLog auditLog,
        Observations observations, @Nullable SkillLibrary skills)
        implements MetaToolHandler {

    private static final Logger log = LoggerFactory.getLogger(ExecuteToolCode.class);

    /** The description of {@code saveAs}, offered only when skills are configured with saving on. */
    static final String SAVE_AS = "def (with docstring) to save as skills.<name> on success";

    /**
     * The script language, stated once, where the model first needs it. Every word here is paid on
     * every request: keep it short and exact.
     */
    static final String LANGUAGE = "Run a Starlark (Python subset) script. Call tools as server.tool(name=value)"
            + " (keywords only); results are dicts/lists. Set result = <answer> (if unset, the last"
            + " expression): only it and print()"
            + " output come back. Builtins: json.encode/decode, try_call(tool, **args) -> (value, error),"
            + " parallel([(tool, {args}), ...]) -> [(value, error), ...] (concurrent), sum, abs, round."
            + " Not available: import, while, try/except, class, lambda, f-strings, is, set, **, recursion."
            + " Use for/range, try_call, \"%.2f\" % x.";

    /**
     * The spec under {@code limits}: {@link #LANGUAGE}, then the limits a script meets, with their
     * configured values, so that the model plans within them before it hits one.
     */
    static MetaToolSpec spec(Limits limits) {
        return spec(limits, false);
    }

    /** With {@code saveAs} when {@code saving}: otherwise exactly {@link #spec(Limits)}. */
    static MetaToolSpec spec(Limits limits, boolean saving) {
        Map<String, Object> properties = saving
                ? MetaToolHandler.props("code", Map.of("type", "string"), "saveAs", MetaToolHandler.prop("string", SAVE_AS))
                : Map.of("code", Map.of("type", "string"));
        return new MetaToolSpec(CodeMode.EXECUTE_TOOL_CODE, LANGUAGE + " " + limits(limits),
                MetaToolHandler.schema(properties, List.of("code")));
    }

    /** E.g. "Limits: 50 tool calls, 30 s, 1M steps, output 20k chars, values 1M chars." (exact values, short). */
    static String limits(Limits limits) {
        Duration t = limits.timeout();
        String timeout = t.toMillis() % 1000 == 0 ? t.toSeconds() + " s" : t.toMillis() + " ms";
        return "Limits: " + limits.maxToolCalls() + " tool calls, " + timeout + ", "
                + compact(limits.maxSteps()) + " steps, output "
                + compact(limits.maxOutputChars()) + " chars, values " + compact(limits.maxValueChars()) + " chars.";
    }

    /** 20000 as "20k", 1000000 as "1M"; other numbers as they are. */
    private static String compact(long n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1000 == 0 ? n / 1000 + "k" : String.valueOf(n);
    }

    /**
     * Which limit {@code error} reports, as one of a few fixed words (for observations): the error's
     * message is for the model and may quote the script, so it is never used as it is.
     */
    static String limitOf(ScriptError error) {
        if ("timeout".equals(error.kind())) {
            return "timeout";
        }
        if (!"limit".equals(error.kind())) {
            return "none";
        }
        String m = error.message();
        return m.startsWith("tool call limit") ? "tool_calls" : m.contains(" steps") ? "steps"
                : m.contains("MiB") || m.contains("memory") ? "memory" : m.contains("nested") ? "nesting" : "value_size";
    }

    @Override
    public MetaToolSpec spec() {
        return spec(interpreter.limits(), saving());
    }

    private boolean saving() {
        return skills != null && skills.settings().saving();
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        Limits limits = interpreter.limits();
        String code = args.string("code", true, limits.maxSourceChars(),
                "write a shorter script: loop instead of repeating calls");
        String saveAs = saving() ? args.string("saveAs", false, Arguments.MAX_NAME_CHARS,
                "pass the name of a def in the script") : null;
        String def = null;
        if (saveAs != null && !saveAs.isBlank()) {
            // Checked before anything runs: a skill that could not be saved is said now, not after the work.
            def = definition(code, saveAs.strip());
            try {
                skills.check(def, caller);
            } catch (SkillException e) {
                throw new Arguments.BadArgument("saveAs: " + e.getMessage() + ". Nothing ran: fix the def, or"
                        + " drop saveAs");
            } catch (RuntimeException e) { // the store, not the def
                log.warn("the skill store could not be read: {}", e.toString());
                throw new Arguments.BadArgument("saveAs: " + SkillTexts.STORE_DOWN + ". Nothing ran: drop saveAs to"
                        + " run the script without saving");
            }
        }
        ExecutionResult result = execute(view, code, caller);
        String text = result.render(limits.maxOutputChars());
        if (def != null) {
            text += "\n" + saved(def, result, caller);
        }
        return new MetaToolResult(text, !result.isSuccess());
    }

    /** The line that ends the answer of a run with {@code saveAs}. */
    private String saved(String def, ExecutionResult result, CallContext caller) {
        if (!result.isSuccess()) {
            return "not saved: the script failed";
        }
        try {
            Skill skill = skills.save(def, caller);
            return "saved skills." + skill.signature() + " as version " + skill.version() + "; call it as skills."
                    + skill.name() + "(...)";
        } catch (SkillException e) {
            return "not saved: " + e.getMessage();
        } catch (RuntimeException e) {
            return "not saved: the skill store failed; try again later";
        }
    }

    /** The text of the top-level def {@code name} in {@code code}, as written. */
    private static String definition(String code, String name) {
        StarlarkFile file;
        try {
            file = StarlarkFile.parse(ParserInput.fromString(code, "script"));
        } catch (StackOverflowError e) {
            file = null;
        }
        List<String> defs = new ArrayList<>();
        if (file != null) {
            for (Statement statement : file.getStatements()) {
                if (statement instanceof DefStatement d) {
                    if (d.getIdentifier().getName().equals(name)) {
                        int start = statement.getStartOffset();
                        int lineStart = code.lastIndexOf('\n', start - 1) + 1;
                        return code.substring(lineStart, statement.getEndOffset()).strip();
                    }
                    defs.add(d.getIdentifier().getName());
                }
            }
        }
        if (file == null || !file.ok()) {
            throw new Arguments.BadArgument("saveAs: the script does not parse, so its def " + TextFit.oneLine(name)
                    + " cannot be saved; fix the script first");
        }
        throw new Arguments.BadArgument("saveAs: the script has no top-level def " + Arguments.shortName(name)
                + (defs.isEmpty() ? "; define one (def name(...): with a docstring) and call it"
                        : "; its defs: " + String.join(", ", defs)) + ". Nothing ran");
    }

    /** Runs {@code code} for {@code caller}, returning the structured result. */
    ExecutionResult execute(CatalogView view, String code, CallContext caller) {
        Observations.Run run = observations.start(CodeMode.EXECUTE_TOOL_CODE, caller);
        AuditLog.Execution audit = auditLog.begin(caller);
        // A script that never writes "skills" calls none: the store is not read for it.
        List<Skill> visible = skills == null ? null
                : code != null && code.contains(SkillTexts.SERVER) ? SkillTexts.visible(skills, caller, view) : List.of();
        Map<String, Skill> callable = skills == null ? null : byName(visible == null ? List.of() : visible);
        Script script = callable == null ? interpreter.prepare(code, view)
                : interpreter.prepare(code, view, sources(callable));
        List<String> used = script.skills().stream().map(name -> callable.get(name).ref()).sorted().toList();
        ExecutionResult result;
        String approval;
        if (!script.isReady()) {
            ScriptError e = script.error();
            // Not "you have no skills" when the store that holds them could not be read.
            result = ExecutionResult.notRun(visible == null && callable != null && e.message().startsWith("no skill ")
                    ? new ScriptError(e.kind(), e.message(), e.line(), e.column(), SkillTexts.STORE_DOWN) : e);
            approval = "not needed";
        } else {
            // The approver sees what will run: the script, and the source of each skill it calls.
            ApprovalGate.Decision decision = gate.script(withSkills(code, script.skills(), callable),
                    script.syntax(), view, caller);
            approval = decision.label();
            result = decision.isDenied()
                    ? ExecutionResult.notRun(new ScriptError("denied", decision.denial(), null, null, decision.hint()))
                    : interpreter.run(script, calls.forRun(view, decision, audit, run));
        }
        ScriptError e = result.error();
        run.stop(e == null ? "ok" : e.kind(), e == null ? "none" : limitOf(e), approval, result.toolCalls());
        audit.finish(code, ExecutionRecord.outcomeOf(e == null ? null : e.kind()), e == null ? null : e.message(),
                Duration.ofMillis(result.millis()), approval, used);
        return result;
    }

    private static Map<String, Skill> byName(List<Skill> skills) {
        Map<String, Skill> out = new LinkedHashMap<>();
        skills.forEach(s -> out.put(s.name(), s));
        return out;
    }

    private static Map<String, String> sources(Map<String, Skill> skills) {
        Map<String, String> out = new LinkedHashMap<>();
        skills.forEach((name, s) -> out.put(name, s.source()));
        return out;
    }

    /** The script, then each skill it calls under a comment naming it: what an approver is shown. */
    static String withSkills(String code, List<String> used, @Nullable Map<String, Skill> skills) {
        if (used.isEmpty() || skills == null) {
            return code;
        }
        StringBuilder out = new StringBuilder(code);
        if (!code.endsWith("\n")) {
            out.append('\n');
        }
        for (String name : used) {
            Skill s = skills.get(name);
            out.append("\n# skills.").append(name).append(" (version ").append(s.version())
                    .append("), called above:\n").append(s.source()).append('\n');
        }
        return out.toString();
    }
}
