package dev.codemode.sandbox;

import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.catalog.ToolResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkThread;

/**
 * The state of one execution: its limits, tool-call count, logs and stop reason. Created per run,
 * reachable from bindings through {@link StarlarkThread#getThreadLocal}, never shared.
 */
final class ScriptRun {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScriptRun.class);

    final Limits limits;
    final CatalogView view;
    final ToolInvoker invoker;
    final Mutability mutability;
    /** Calls claimed from the budget ({@link #reserveCalls}); a call counts when it starts ({@link #begin}). */
    private final AtomicInteger reserved = new AtomicInteger();
    /** Calls started: handed to the invoker. Guarded by {@code this}, with {@link #ended}. */
    private int started;
    private boolean ended;
    private final Map<Object, Running> running = new ConcurrentHashMap<>();
    private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    private int logChars;
    private int cutLogLines;
    private int droppedLogLines;
    private long droppedLogChars;
    volatile String stopReason;
    volatile long allocationBaseline;

    ScriptRun(Limits limits, CatalogView view, ToolInvoker invoker, Mutability mutability) {
        this.limits = limits;
        this.view = view;
        this.invoker = invoker;
        this.mutability = mutability;
    }

    static ScriptRun of(StarlarkThread thread) {
        return thread.getThreadLocal(ScriptRun.class);
    }

    /**
     * Tool calls this run has started: each call handed to the invoker (and so to the audit log),
     * whatever became of it (a value, a tool error, a refusal by approval at run time). A call the
     * sandbox refused before that (its arguments, the call limit) is not one; retries inside the
     * invoker are part of their call.
     */
    synchronized int toolCalls() {
        return started;
    }

    /**
     * Ends the count: a call not started yet (a {@code parallel} item of a stopped script) never
     * starts, so the number returned is final and is the number of calls the audit log records.
     */
    synchronized int end() {
        ended = true;
        return started;
    }

    /** A call is starting: counted and tracked as running, unless the run has ended. */
    private synchronized Object begin(CatalogTool tool) throws InterruptedException {
        if (ended) {
            throw new InterruptedException();
        }
        started++;
        Object key = new Object();
        running.put(key, new Running(tool.id(), System.nanoTime()));
        return key;
    }

    /** A call that has started and not returned. */
    private record Running(String tool, long since) {
    }

    /**
     * The calls still running, for the timeout error: each tool once, with how many of its calls
     * were running and how long the oldest had been, in whole seconds (rounded, so that the text is
     * the same from run to run), longest first; at most three tools. Empty when none was running.
     */
    String stillRunning() {
        long now = System.nanoTime();
        Map<String, long[]> byTool = new LinkedHashMap<>();
        for (Running r : running.values()) {
            long[] acc = byTool.computeIfAbsent(r.tool(), t -> new long[2]);
            acc[0]++;
            acc[1] = Math.max(acc[1], now - r.since());
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(byTool.entrySet());
        sorted.sort((a, b) -> a.getValue()[1] != b.getValue()[1] ? Long.compare(b.getValue()[1], a.getValue()[1])
                : a.getKey().compareTo(b.getKey()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sorted.subList(0, Math.min(3, sorted.size()))) {
            long seconds = Math.round(e.getValue()[1] / 1e9);
            parts.add(e.getKey() + (e.getValue()[0] > 1 ? " (" + e.getValue()[0] + " calls)" : "")
                    + (seconds == 0 ? " had just started" : " had been running " + seconds + " s"));
        }
        if (sorted.size() > 3) {
            parts.add((sorted.size() - 3) + " more tools");
        }
        return String.join(", ", parts);
    }

    /** The most of a line's start kept when the line does not fit the rest of the print budget. */
    static final int CUT_LINE_KEEPS = 500;

    /**
     * Captures a printed line within the print budget: a line that fits is kept whole, one that does
     * not keeps its start (at most {@link #CUT_LINE_KEEPS} characters and what is left of the budget,
     * then {@code …}), and once the budget is spent lines are dropped; cut and dropped characters are
     * counted in one closing note.
     */
    synchronized void log(String line) {
        int left = limits.maxOutputChars() - logChars;
        if (line.length() <= left) {
            logChars += line.length();
            logs.add(line);
            return;
        }
        int keep = Math.min(left - 1, CUT_LINE_KEEPS);
        if (keep > 0 && Character.isHighSurrogate(line.charAt(keep - 1))) {
            keep--; // never half a character
        }
        if (keep > 0) {
            cutLogLines++;
            droppedLogChars += line.length() - keep;
            logChars += keep + 1;
            logs.add(line.substring(0, keep) + "\u2026");
            return;
        }
        droppedLogLines++;
        droppedLogChars += line.length();
    }

    synchronized List<String> logs() {
        List<String> copy = new ArrayList<>(logs);
        if (cutLogLines > 0 || droppedLogLines > 0) {
            List<String> what = new ArrayList<>();
            if (cutLogLines > 0) {
                what.add(cutLogLines + (cutLogLines == 1 ? " line cut" : " lines cut"));
            }
            if (droppedLogLines > 0) {
                what.add(droppedLogLines + (droppedLogLines == 1 ? " more line" : " more lines") + " dropped");
            }
            copy.add("[" + String.join(", ", what) + " (" + droppedLogChars + " characters not kept): print less,"
                    + " e.g. s[:200] or len(s); print output is limited to " + limits.maxOutputChars() + " characters]");
        }
        return copy;
    }

    /** Claims {@code n} tool calls from the budget, or fails with the limit error. */
    void reserveCalls(int n) throws LimitException {
        int after = reserved.addAndGet(n);
        if (after > limits.maxToolCalls()) {
            reserved.addAndGet(-n);
            throw new LimitException("tool call limit reached: at most " + limits.maxToolCalls()
                    + " tool calls per script (" + toolCalls() + " made)"
                    + (n > 1 ? "; parallel asked for " + n + " more" : ""),
                    "batch: one call that returns many items (a search or list tool, a bigger page),"
                    + " or split the work over several scripts");
        }
    }

    /**
     * The tool's JSON arguments from the script's keyword arguments: identifiers mapped back to the
     * original property names, values converted, required ones checked.
     */
    Map<String, Object> arguments(CatalogTool tool, Map<String, Object> kwargs) throws EvalException {
        Map<String, String> idToName = new LinkedHashMap<>();
        tool.parameterIds().forEach((name, id) -> idToName.put(id, name));
        boolean openSchema = tool.parameterIds().isEmpty();
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            String name = idToName.get(e.getKey());
            if (name == null) {
                if (!openSchema) {
                    throw Starlark.errorf("%s", ToolBinding.unknownParameter(tool, e.getKey()));
                }
                name = e.getKey();
            }
            if (e.getValue() == Starlark.NONE) {
                continue; // Optional parameters default to None in the stubs: None means "not given".
            }
            try {
                args.put(name, StarlarkValues.toJava(e.getValue(), limits.maxValueChars()));
            } catch (StarlarkValues.TooLargeException tooLarge) {
                throw new LimitException("argument " + e.getKey() + " of " + tool.id() + " is "
                        + tooLarge.getMessage(), "pass less data per call: split it over several calls");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String id : ToolBinding.requiredIds(tool)) {
            if (!args.containsKey(idToName.get(id))) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw Starlark.errorf("%s", ToolBinding.missingParameters(tool, missing));
        }
        return args;
    }

    /**
     * Calls the tool on this thread. Tool-level failures come back as {@link ToolFailure}; limits
     * and interrupts are thrown.
     */
    Object invoke(CatalogTool tool, Map<String, Object> args) throws ToolFailure, RefusedException, InterruptedException {
        ToolResult result;
        Object call = begin(tool);
        try {
            result = invoker.invoke(tool, args);
        } catch (ToolRefusedException e) {
            throw new RefusedException(e.getMessage());
        } catch (ToolCallException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            throw new ToolFailure(capped(e.getMessage()));
        } catch (RuntimeException | Error e) {
            // A tool source broke its contract (or ran out of memory): the model gets one line with the
            // cause class, never the exception's text (a transport's message may hold credentials).
            log.warn("Tool {} failed inside its source: {}", tool.id(), Failures.detail(e, java.util.Set.of()));
            throw new ToolFailure(tool.id() + " failed: " + Failures.cause(e));
        } finally {
            running.remove(call);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        if (result == null) {
            return null;
        }
        if (result.isError()) {
            throw new ToolFailure(capped(tool.id() + " failed: " + result.error()));
        }
        return result.value();
    }

    /**
     * A tool's error text as the script sees it (the error of {@code try_call} and {@code parallel}, or
     * the message that stops the script): within the value limit, like any other value.
     */
    private String capped(String text) {
        int cap = Math.min(limits.maxValueChars(), limits.maxOutputChars());
        if (text == null || text.length() <= cap) {
            return text;
        }
        String note = " ... (cut: " + text.length() + " characters)";
        return text.substring(0, Math.max(0, cap - note.length())) + note;
    }

    /** A tool's JSON result as a Starlark value, within the value limit. */
    Object toStarlark(CatalogTool tool, Object json) throws ToolFailure, EvalException {
        try {
            return StarlarkValues.toStarlark(json, mutability, limits.maxValueChars());
        } catch (StarlarkValues.TooLargeException e) {
            throw new ToolFailure("the result of " + tool.id() + " is " + e.getMessage()
                    + ": ask the tool for less (filters, paging)", "pass the tool a filter, a smaller page or a limit,"
                    + " and take only the fields the answer needs");
        }
    }

    /** Calls a tool from the script thread: count, convert, call, convert back. */
    Object call(CatalogTool tool, Dict<String, Object> kwargs) throws EvalException, InterruptedException {
        Map<String, Object> args = arguments(tool, kwargs); // a call whose arguments fail is no call
        reserveCalls(1);
        try {
            return toStarlark(tool, invoke(tool, args));
        } catch (ToolFailure failure) {
            if (failure.hint != null) {
                throw new HintedException(failure.getMessage(), failure.hint);
            }
            throw Starlark.errorf("%s", failure.getMessage());
        }
    }

    /** A call refused by policy: stops the script, whatever wraps the call. */
    static final class RefusedException extends EvalException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** A tool failed or its result could not be used; becomes an error value in {@code try_call}. */
    static final class ToolFailure extends Exception {
        private static final long serialVersionUID = 1L;
        /** What to do, when a limit caused it; {@code null} for a tool's own failure. */
        final String hint;

        ToolFailure(String message) {
            this(message, null);
        }

        ToolFailure(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }
    }
}
