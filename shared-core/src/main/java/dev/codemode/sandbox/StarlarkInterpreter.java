package dev.codemode.sandbox;

import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.CatalogView;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Module;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkSemantics;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.Program;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.SyntaxError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts with starlark-java, each on a pooled worker thread with its own {@link ScriptRun},
 * {@link Mutability} and {@link StarlarkThread}, under the {@link Limits} given at construction.
 *
 * <p>How each limit is enforced: source size before parsing; steps by the interpreter's own
 * counter; wall-clock time by the caller waiting with a deadline and interrupting the worker (the
 * interpreter checks the interrupt flag between steps); tool calls and value sizes in the bindings;
 * one-step allocations ({@code *}, {@code %}, {@code <<}, {@code join}, {@code replace},
 * {@code format}, {@code range}, {@code str}) by guards checking sizes first; the rest of memory by a
 * watchdog that reads the worker's allocated bytes every few milliseconds and interrupts it. An
 * {@link OutOfMemoryError} or {@link StackOverflowError} inside a script ends that script only.
 *
 * <p>Threads are daemon threads; {@link #close()} stops them.
 */
public final class StarlarkInterpreter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StarlarkInterpreter.class);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final long WATCHDOG_PERIOD_MILLIS = 5;
    /** The script's last expression, standing in for an unset {@code result}, was {@code None} or not JSON-like. */
    private static final Object UNUSABLE_LAST_EXPRESSION = new Object();
    /**
     * Script threads get a stack of their own size: a script's tree is at most
     * {@link ScriptSyntax#MAX_DEPTH} deep, and the guards the rewriter adds nest it further.
     */
    private static final long SCRIPT_STACK_BYTES = 8L << 20;

    private final Limits limits;
    private final ExecutorService scripts;
    private final ExecutorService calls;
    private final ScheduledExecutorService watchdog;
    private final Map<String, Object> builtins;
    private final com.sun.management.ThreadMXBean threads;

    private StarlarkInterpreter(Builder builder) {
        this.limits = builder.limits == null ? Limits.DEFAULTS : builder.limits;
        this.scripts = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("codemode-script-", SCRIPT_STACK_BYTES));
        this.calls = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("codemode-call-", 0));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("codemode-watchdog-", 0));
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        this.threads = bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                ? sun : null;
        if (threads != null && !threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        this.builtins = builtins(calls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An interpreter with {@link Limits#DEFAULTS}. */
    public static StarlarkInterpreter create() {
        return builder().build();
    }

    public Limits limits() {
        return limits;
    }

    /** Names of the builtins every script has (Starlark's and this sandbox's), without the sandbox's own guards. */
    public static Set<String> builtinNames() {
        return BuiltinNames.NAMES;
    }

    /** Computed on first use from the builtins themselves, so the list cannot drift from them. */
    private static final class BuiltinNames {
        static final Set<String> NAMES;

        static {
            Set<String> names = new TreeSet<>(Starlark.UNIVERSE.keySet());
            builtins(null).keySet().stream().filter(n -> !n.startsWith(ScriptPreparer.GUARD_PREFIX)).forEach(names::add);
            NAMES = Collections.unmodifiableSet(names);
        }
    }

    /**
     * Parses, checks and compiles {@code code} against {@code view}'s servers, once: syntax, static
     * limits, reserved and unknown names (an undefined global, a tool the server does not have). What
     * fails here is the script's {@link Script#error()}; nothing has run and nobody was asked to
     * approve it. Never throws for any source.
     */
    public Script prepare(String code, CatalogView view) {
        return prepare(code, view, null);
    }

    /**
     * As {@link #prepare(String, CatalogView)}, on a host with skills: {@code skills} maps the name of
     * each skill this caller may call to its source (one {@code def} by that name). {@code skills.name}
     * in the script calls it; the skills the script calls are compiled with it, after its last line,
     * so the sandbox's rewriting, the resolver, the unknown-tool checks and the approval analysis
     * ({@link Script#syntax()}) see their code as if the caller had written it. A name the map lacks is
     * an error here, with a suggestion. {@code null}: no skills (no {@code skills} global).
     */
    public Script prepare(String code, CatalogView view, @Nullable Map<String, String> skills) {
        Objects.requireNonNull(view, "view");
        String source = code == null ? "" : code;
        if (source.isBlank()) {
            return Script.failed(source, view, null, ScriptError.of("syntax", "the script is empty")
                    .withHint("write statements and set result = ... to the answer"));
        }
        if (source.length() > limits.maxSourceChars()) {
            return Script.failed(source, view, null, ScriptError.of("limit", "the script has " + source.length()
                    + " characters, over the limit of " + limits.maxSourceChars())
                    .withHint("write a shorter script: loop instead of repeating calls"));
        }
        ScriptSyntax.Parsed parsed = ScriptSyntax.parse(source, PreparedScript.FILE);
        if (!parsed.ok()) {
            return Script.failed(source, view, null, withHint(syntaxError(parsed.errors().get(0), null), source, view));
        }
        SkillLines skillLines = null;
        List<String> used = List.of();
        String text = source;
        StarlarkFile file = parsed.file();
        if (skills != null) {
            SkillCalls calls = SkillCalls.find(file, skills.keySet());
            if (calls.error() != null) {
                return Script.failed(source, view, file, calls.error());
            }
            used = calls.names();
            if (!used.isEmpty()) {
                StringBuilder combined = new StringBuilder(source);
                if (!source.endsWith("\n")) {
                    combined.append('\n');
                }
                int boundary = combined.length();
                int line = PreparedScript.lineStarts(combined.toString()).length;
                List<SkillLines.Segment> segments = new java.util.ArrayList<>();
                for (String name : used) {
                    String def = skills.get(name).strip();
                    segments.add(new SkillLines.Segment(name, line));
                    combined.append(def.replaceFirst("^def\\s+" + java.util.regex.Pattern.quote(name) + "\\b",
                            "def " + SkillLines.PREFIX + name)).append('\n');
                    line += PreparedScript.lineStarts(def).length;
                }
                text = combined.toString();
                skillLines = new SkillLines(text, boundary, segments);
                ScriptSyntax.Parsed all = ScriptSyntax.parse(text, PreparedScript.FILE);
                if (!all.ok()) {
                    return Script.failed(source, view, file,
                            skillLines.relocate(syntaxError(all.errors().get(0), null)));
                }
                file = all.file();
                // A stored skill is one def by its name (checked when saved); a store edited by hand
                // could hold more, which must not run as part of the script.
                List<String> defs = new java.util.ArrayList<>();
                for (net.starlark.java.syntax.Statement statement : file.getStatements()) {
                    if (statement.getStartOffset() >= boundary) {
                        defs.add(statement instanceof net.starlark.java.syntax.DefStatement d
                                ? d.getIdentifier().getName() : "");
                    }
                }
                if (!defs.equals(used.stream().map(n -> SkillLines.PREFIX + n).toList())) {
                    return Script.failed(source, view, parsed.file(), ScriptError.of("runtime",
                            "a skill this script calls is damaged in the skill store")
                            .withHint("ask the user to save it again; meanwhile write the code in the script"));
                }
            }
        }
        PreparedScript prepared;
        try {
            prepared = ScriptPreparer.prepare(text, file, skillLines);
        } catch (ScriptPreparer.Rejected rejected) {
            ScriptError error = syntaxError(rejected.errors.get(0), null);
            return Script.failed(source, view, file, skillLines == null ? withHint(error, source, view)
                    : skillLines.relocate(withHint(error, text, view)));
        }
        Map<String, Object> predeclared = ServerBinding.globals(view, builtins);
        if (skills != null) {
            predeclared = new HashMap<>(predeclared);
            predeclared.put(SkillsGlobal.NAME, SkillsGlobal.INSTANCE);
        }
        Module module = Module.withPredeclared(StarlarkSemantics.DEFAULT, predeclared);
        // The guarded program nests deeper than the user's source: it is parsed and compiled on a script
        // thread, whose stack is sized for it, as it was when compiling was part of the run.
        Compiled compiled;
        Map<String, Object> globals = predeclared;
        try {
            compiled = scripts.submit(() -> compile(prepared, module, globals)).get();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Script.failed(source, view, parsed.file(), ScriptError.of("internal", "the interpreter is closed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Script.failed(source, view, parsed.file(), ScriptError.of("cancelled", "the call was cancelled: its caller stopped waiting"));
        } catch (ExecutionException e) {
            return Script.failed(source, view, parsed.file(), unexpected(e.getCause()));
        }
        if (compiled.error() != null) {
            return Script.failed(source, view, file, skillLines == null ? withHint(compiled.error(), source, view)
                    : skillLines.relocate(withHint(compiled.error(), text, view)));
        }
        Program program = compiled.program();
        return Script.ready(source, view, file, prepared, program, module, used);
    }

    /**
     * Runs a prepared script, each tool call through {@code invoker}. A script that is not
     * {@linkplain Script#isReady() ready} returns its error without running.
     */
    public ExecutionResult run(Script script, ToolInvoker invoker) {
        Objects.requireNonNull(invoker, "invoker");
        long started = System.nanoTime();
        if (!script.isReady()) {
            return failed(script.error(), started);
        }
        CatalogView view = script.view();
        Mutability mutability = Mutability.create("script");
        ScriptRun run = new ScriptRun(limits, view, invoker, mutability);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Future<Object> future;
        try {
            future = scripts.submit(() -> {
                run.allocationBaseline = allocated();
                worker.set(Thread.currentThread());
                try {
                    return run(script, run);
                } finally {
                    Thread.interrupted();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return failed(ScriptError.of("internal", "the interpreter is closed"), started);
        }
        ScheduledFuture<?> memoryWatch = watchMemory(worker, run);
        try {
            Object value = future.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            String note = script.prepared().resultNote();
            if (value == UNUSABLE_LAST_EXPRESSION) {
                value = null;
                note = ScriptPreparer.RESULT_NOT_SET;
            }
            return new ExecutionResult(value, run.logs(), run.end(), millis(started), null, note);
        } catch (TimeoutException e) {
            run.stopReason = "timeout";
            // What was running is read before the worker is interrupted, which ends those calls.
            ScriptError timedOut = timeout(run.stillRunning());
            future.cancel(true);
            int calls = run.end();
            awaitStop(worker);
            return new ExecutionResult(null, run.logs(), calls, millis(started), timedOut);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            ScriptError error = cause instanceof ScriptFailure failure ? failure.error : unexpected(cause);
            return new ExecutionResult(null, run.logs(), run.end(), millis(started),
                    withHint(error, script.source(), view));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new ExecutionResult(null, run.logs(), run.end(), millis(started),
                    ScriptError.of("cancelled", "the call was cancelled: its caller stopped waiting"));
        } catch (CancellationException e) {
            return new ExecutionResult(null, run.logs(), run.end(), millis(started),
                    ScriptError.of("cancelled", "the call was cancelled: its caller stopped waiting"));
        } finally {
            memoryWatch.cancel(false);
        }
    }

    /** {@link #prepare} then {@link #run}: for a caller with nothing to decide in between. */
    public ExecutionResult execute(String code, CatalogView view, ToolInvoker invoker) {
        long started = System.nanoTime();
        Script script = prepare(code, view);
        return script.isReady() ? run(script, invoker) : failed(script.error(), started);
    }

    /** The guarded program, or why it does not compile (a syntax error, an undefined name, an unknown tool). */
    private record Compiled(Program program, ScriptError error) {
    }

    private static Compiled compile(PreparedScript prepared, Module module, Map<String, Object> predeclared) {
        try {
            StarlarkFile guarded = StarlarkFile.parse(ParserInput.fromString(prepared.text(), PreparedScript.FILE));
            Program program = Program.compileFile(guarded, module);
            ScriptError unknown = CallChecks.find(guarded, predeclared, prepared);
            return new Compiled(unknown == null ? program : null, unknown);
        } catch (SyntaxError.Exception e) {
            SyntaxError first = e.errors().get(0);
            if (first.message().startsWith("internal error")) {
                // The parser's own stack overflow, reported with a Java trace: the model gets one line.
                int[] at = prepared.toUser(first.location());
                return new Compiled(null, ScriptError.of("syntax", ScriptSyntax.tooDeepMessage(
                        at == null ? 1 : at[0], ScriptSyntax.MAX_DEPTH)));
            }
            return new Compiled(null, syntaxError(first, prepared));
        } catch (StackOverflowError e) {
            return new Compiled(null, ScriptError.of("syntax", ScriptSyntax.tooDeepMessage(1, ScriptSyntax.MAX_DEPTH)));
        }
    }

    private static ScriptError syntaxError(SyntaxError error, PreparedScript prepared) {
        if (prepared == null) {
            return new ScriptError("syntax", error.message(), error.location().line(), error.location().column(), null);
        }
        int[] at = prepared.toUser(error.location());
        return new ScriptError("syntax", error.message(), at == null ? null : at[0], at == null ? null : at[1], null);
    }

    private Object run(Script script, ScriptRun run) throws ScriptFailure {
        PreparedScript prepared = script.prepared();
        Module module = script.module();
        try (Mutability mu = run.mutability) {
            StarlarkThread thread = new StarlarkThread(mu, StarlarkSemantics.DEFAULT);
            thread.setThreadLocal(ScriptRun.class, run);
            thread.setMaxExecutionSteps(limits.maxSteps());
            thread.setPrintHandler((t, message) -> run.log(message));
            long allocatedBefore = allocated();
            try {
                Starlark.execFileProgram(script.program(), module, thread);
            } catch (EvalException e) {
                throw new ScriptFailure(evalError(e, prepared, run));
            } catch (InterruptedException e) {
                throw new ScriptFailure(stopped(run));
            } catch (Starlark.UncheckedEvalException e) {
                throw new ScriptFailure(unchecked(e.getCause(), e, prepared, run));
            } catch (OutOfMemoryError e) {
                throw new ScriptFailure(ScriptError.of("limit", "the script ran out of memory")
                        .withHint("build smaller values: filter and slice tool results"));
            } catch (StackOverflowError e) {
                throw new ScriptFailure(ScriptError.of("limit", "a value is nested too deeply to process")
                        .withHint("build flatter values: lists of dicts, not values inside values"));
            }
            Object result = module.getGlobal(ScriptPreparer.RESULT_GLOBAL);
            boolean fromLastExpression = ScriptPreparer.RESULT_FROM_LAST_EXPRESSION.equals(prepared.resultNote());
            if (fromLastExpression && result == Starlark.NONE) {
                return UNUSABLE_LAST_EXPRESSION; // a call made for its effect, such as xs.append(x)
            }
            try {
                return StarlarkValues.toJava(result, limits.maxValueChars());
            } catch (EvalException e) {
                if (fromLastExpression) {
                    return UNUSABLE_LAST_EXPRESSION; // a function or a module, say: not an answer
                }
                throw new ScriptFailure(ScriptError.of("runtime", "result: " + e.getMessage())
                        .withHint("result must be JSON-like: dicts, lists, strings, numbers, booleans, None"));
            } catch (StarlarkValues.TooLargeException e) {
                throw new ScriptFailure(ScriptError.of("limit", "result is " + e.getMessage())
                        .withHint("return only what the answer needs: filter, count or slice in the script"));
            } finally {
                log.trace("script allocated {} bytes", allocated() - allocatedBefore);
            }
        }
    }

    private ScriptError evalError(EvalException e, PreparedScript prepared, ScriptRun run) {
        if (run.stopReason != null || Thread.currentThread().isInterrupted()) {
            return stopped(run);
        }
        String message = e.getMessage();
        if (e instanceof HintedException hinted) {
            return located(new ScriptError(e instanceof LimitException ? "limit" : "runtime", message, null, null,
                    hinted.hint), e, prepared, run.view);
        }
        String kind = e instanceof ScriptRun.RefusedException ? "denied" : "runtime";
        if (message.startsWith("Starlark computation cancelled: too many steps")
                || message.contains("too many steps")) {
            return located(new ScriptError("limit", "the script took more than " + limits.maxSteps()
                    + " steps, the limit per script", null, null, "loop over less: filter with tool arguments, avoid"
                    + " nested loops over big lists; a loop that waits for something must break"), e, prepared, run.view);
        }
        return located(new ScriptError(kind, message, null, null, null), e, prepared, run.view);
    }

    private ScriptError unchecked(Throwable cause, Starlark.UncheckedEvalException e, PreparedScript prepared,
            ScriptRun run) {
        return unexpected(cause == null ? e : cause);
    }

    /**
     * What the model hears of a failure the interpreter did not expect: a limit for memory and stack,
     * else one line without the host's class names; the detail goes to the log.
     */
    private static ScriptError unexpected(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return ScriptError.of("limit", "the script ran out of memory")
                    .withHint("build smaller values: filter and slice tool results");
        }
        if (cause instanceof StackOverflowError) {
            return ScriptError.of("limit", "a value is nested too deeply to process")
                    .withHint("build flatter values: lists of dicts, not values inside values");
        }
        if (cause instanceof ClassCastException && cause.getMessage() != null
                && cause.getMessage().startsWith("unsupported comparison")) {
            // Starlark's own message: dict keys of unlike types met in one hash bucket, which Java orders.
            return ScriptError.of("runtime", cause.getMessage())
                    .withHint("use dict keys of one type (strings, say), not tuples mixing strings and numbers");
        }
        log.warn("Unexpected failure inside a script", cause);
        return ScriptError.of("internal", "the sandbox failed on this script (the error is in the host's log)")
                .withHint("try again; if it fails again, write the script differently");
    }

    private ScriptError located(ScriptError error, EvalException e, PreparedScript prepared, CatalogView view) {
        List<StarlarkThread.CallStackEntry> stack = e.getCallStack();
        SkillLines skills = prepared.skills();
        String inSkill = null;
        if (skills != null) {
            // A skill's function is compiled under its reserved name; the model knows it as skills.name.
            error = new ScriptError(error.kind(), error.message().replace(SkillLines.PREFIX, "skills."), error.line(),
                    error.column(), error.hint());
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            int[] at = prepared.toUser(stack.get(i).location);
            if (at == null) {
                continue;
            }
            if (skills != null && skills.isDefLine(at[0])) {
                continue; // a skill's def line is where its arguments are bound: an error there is the caller's call
            }
            if (skills != null && skills.prefix(at[0]) != null) {
                if (inSkill == null) {
                    // The innermost line of a skill: told as the skill's own, with a hint read from that line.
                    inSkill = skills.prefix(at[0]);
                    if (error.hint() == null) {
                        String line = ErrorHints.line(skills.source(), at[0]);
                        String hint = ErrorHints.hintFor(error.message(), line, view);
                        if (hint != null) {
                            error = error.withHint(hint);
                        }
                    }
                }
                continue; // on to the script's line that called the skill
            }
            return new ScriptError(error.kind(), inSkill == null ? error.message() : inSkill + error.message(),
                    at[0], at[1], error.hint());
        }
        return inSkill == null ? error
                : new ScriptError(error.kind(), inSkill + error.message(), null, null, error.hint());
    }

    private ScriptError stopped(ScriptRun run) {
        if ("memory".equals(run.stopReason)) {
            return new ScriptError("limit", "the script allocated more than " + (limits.maxMemoryBytes() >> 20)
                    + " MiB and was stopped", null, null, "build smaller values: filter and slice tool results");
        }
        return timeout(run.stillRunning());
    }

    /**
     * The timeout error, naming the calls that were still running ({@link ScriptRun#stillRunning}):
     * a slow tool needs a smaller request, a busy script less work.
     */
    private ScriptError timeout(String stillRunning) {
        String limit = limits.timeout().toMillis() % 1000 == 0 ? limits.timeout().toSeconds() + " s"
                : limits.timeout().toMillis() + " ms";
        if (stillRunning.isEmpty()) {
            return new ScriptError("timeout", "the script ran longer than " + limit + " and was stopped", null, null,
                    "do less per script: fewer calls, parallel(...) for independent calls, smaller loops");
        }
        return new ScriptError("timeout", "the script ran longer than " + limit + " and was stopped; " + stillRunning,
                null, null, "ask the slow tool for less (filters, a smaller page), or run independent calls with"
                        + " parallel(...); split the work over several scripts");
    }

    private ScriptError withHint(ScriptError error, String code, CatalogView view) {
        if (error.hint() != null) {
            return error;
        }
        String line = ErrorHints.line(code, error.line());
        String message = ErrorHints.message(error.message(), line);
        if (!message.equals(error.message())) {
            error = new ScriptError(error.kind(), message, error.line(), error.column(), null);
        }
        String hint = ErrorHints.hintFor(error.message(), line, view);
        return hint == null ? error : error.withHint(hint);
    }

    private ScheduledFuture<?> watchMemory(AtomicReference<Thread> worker, ScriptRun run) {
        if (threads == null) {
            return watchdog.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
        }
        return watchdog.scheduleAtFixedRate(() -> {
            Thread t = worker.get();
            if (t == null || run.stopReason != null) {
                return;
            }
            if (threads.getThreadAllocatedBytes(t.getId()) - run.allocationBaseline > limits.maxMemoryBytes()) {
                run.stopReason = "memory";
                t.interrupt();
            }
        }, 0, WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private long allocated() {
        return threads == null ? 0 : threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void awaitStop(AtomicReference<Thread> worker) {
        Thread t = worker.get();
        if (t == null) {
            return;
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < deadline && t.getState() == Thread.State.RUNNABLE) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ExecutionResult failed(ScriptError error, long started) {
        return new ExecutionResult(null, List.of(), 0, millis(started), error);
    }

    private static long millis(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Override
    public void close() {
        scripts.shutdownNow();
        calls.shutdownNow();
        watchdog.shutdownNow();
    }

    /** {@code stackSize} 0 is the JVM's default. */
    private static ThreadFactory daemon(String prefix, long stackSize) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + n.incrementAndGet(), stackSize);
            t.setDaemon(true);
            return t;
        };
    }

    /** Builtins shared by every run: the guards, the checked and bounded builtins, and the Java builtins. */
    private static Map<String, Object> builtins(ExecutorService calls) {
        Module prelude = Module.withPredeclared(StarlarkSemantics.DEFAULT, Map.of());
        try (Mutability mu = Mutability.create("prelude")) {
            StarlarkThread thread = new StarlarkThread(mu, StarlarkSemantics.DEFAULT);
            // Plain indexing, for the index guard's rare operand types (strings): defined here, beside it.
            Starlark.execFile(ParserInput.fromString(preludeSource() + "\ndef _cm_plain_index(x, k):\n    return x[k]\n",
                    "prelude"),
                    net.starlark.java.syntax.FileOptions.DEFAULT, prelude, thread);
        } catch (Exception e) {
            throw new IllegalStateException("the sandbox prelude does not compile", e);
        }
        Map<String, Object> b = new HashMap<>();
        b.putAll(Guards.sizeGuards(Map.of("*", prelude.getGlobal("_cm_plain_mul"), "%",
                prelude.getGlobal("_cm_plain_mod"), "<<", prelude.getGlobal("_cm_plain_shl"))));
        b.putAll(Guards.operatorGuards());
        b.put("_cm_method", new Builtins.Fn("_cm_method", Guards::method));
        Object plainIndex = prelude.getGlobal("_cm_plain_index");
        b.put("_cm_index", new Guards.Guard("_cm_index", 2, (t, x, k) -> Guards.index(t, x, k, plainIndex)));
        b.put("fail", Guards.checked("fail", Guards::checkText));
        b.put("sorted", new Builtins.Fn("sorted", BoundedOps::sorted));
        b.put("min", new Builtins.Fn("min", (thread, args, kwargs) -> BoundedOps.extreme(thread, args, kwargs, false)));
        b.put("max", new Builtins.Fn("max", (thread, args, kwargs) -> BoundedOps.extreme(thread, args, kwargs, true)));
        b.put("dict", new Builtins.Fn("dict", BoundedOps::dict));
        b.put("zip", Guards.checked("zip", Guards::checkZip));
        b.put("enumerate", Guards.checked("enumerate", Guards::checkEnumerate));
        b.put("range", Guards.checked("range", Guards::checkRange));
        b.put("int", Guards.checked("int", Guards::checkInt));
        b.put("str", Guards.checked("str", Guards::checkText));
        b.put("repr", Guards.checked("repr", Guards::checkText));
        b.put("print", Guards.checked("print", Guards::checkPrint));
        Object plainAdd = prelude.getGlobal("_cm_plain_add");
        b.put("sum", new Builtins.Fn("sum", (thread, args, kwargs) -> Builtins.sum(thread, args, kwargs, plainAdd)));
        b.put("abs", new Builtins.Fn("abs", Builtins::abs));
        b.put("round", new Builtins.Fn("round", Builtins::round));
        b.put("getattr", new Builtins.Fn("getattr", Builtins::getattr));
        b.put(ScriptPreparer.GLOBAL_LOOKUP, new Builtins.Fn(ScriptPreparer.GLOBAL_LOOKUP, Builtins::global));
        b.put("json", new Builtins.JsonModule());
        b.put("try_call", new Builtins.Fn("try_call", Builtins::tryCall));
        b.put("parallel", new Builtins.Fn("parallel",
                (thread, args, kwargs) -> Builtins.parallel(thread, args, kwargs, calls)));
        return Map.copyOf(b);
    }

    private static String preludeSource() throws IOException {
        try (InputStream in = StarlarkInterpreter.class.getResourceAsStream("prelude.star")) {
            if (in == null) {
                throw new IOException("prelude.star is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Failure of a script, carried out of the worker thread. */
    private static final class ScriptFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient ScriptError error;

        ScriptFailure(ScriptError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    public static final class Builder {
        private Limits limits;

        private Builder() {
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public StarlarkInterpreter build() {
            return new StarlarkInterpreter(this);
        }
    }
}
