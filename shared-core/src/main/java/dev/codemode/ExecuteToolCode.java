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
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code executeToolCode(code)}: one script, in this order: size, then one parse that checks syntax,
 * static limits and unknown names, then the approval gate on the same syntax tree (so nobody approves
 * a script that could not run), then the run, each call on the {@link CallPath}. Every execution is
 * recorded with its approval decision, whatever the outcome.
 */
record ExecuteToolCode(StarlarkInterpreter interpreter, ApprovalGate gate, CallPath calls, AuditLog auditLog,
        Observations observations)
        implements MetaToolHandler {

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
        return new MetaToolSpec(CodeMode.EXECUTE_TOOL_CODE, LANGUAGE + " " + limits(limits),
                MetaToolHandler.schema(Map.of("code", Map.of("type", "string")), List.of("code")));
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
        return spec(interpreter.limits());
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        Limits limits = interpreter.limits();
        String code = args.string("code", true, limits.maxSourceChars(),
                "write a shorter script: loop instead of repeating calls");
        ExecutionResult result = execute(view, code, caller);
        return new MetaToolResult(result.render(limits.maxOutputChars()), !result.isSuccess());
    }

    /** Runs {@code code} for {@code caller}, returning the structured result. */
    ExecutionResult execute(CatalogView view, String code, CallContext caller) {
        Observations.Run run = observations.start(CodeMode.EXECUTE_TOOL_CODE, caller);
        AuditLog.Execution audit = auditLog.begin(caller);
        Script script = interpreter.prepare(code, view);
        ExecutionResult result;
        String approval;
        if (!script.isReady()) {
            result = ExecutionResult.notRun(script.error());
            approval = "not needed";
        } else {
            ApprovalGate.Decision decision = gate.script(code, script.syntax(), view, caller);
            approval = decision.label();
            result = decision.isDenied()
                    ? ExecutionResult.notRun(new ScriptError("denied", decision.denial(), null, null, decision.hint()))
                    : interpreter.run(script, calls.forRun(view, decision, audit, run));
        }
        ScriptError e = result.error();
        run.stop(e == null ? "ok" : e.kind(), e == null ? "none" : limitOf(e), approval, result.toolCalls());
        audit.finish(code, ExecutionRecord.outcomeOf(e == null ? null : e.kind()), e == null ? null : e.message(),
                Duration.ofMillis(result.millis()), approval);
        return result;
    }
}
