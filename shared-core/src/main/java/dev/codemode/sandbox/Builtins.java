package dev.codemode.sandbox;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Printer;
import net.starlark.java.eval.Sequence;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkCallable;
import net.starlark.java.eval.StarlarkFloat;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.StarlarkList;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Structure;
import net.starlark.java.eval.Tuple;
import net.starlark.java.lib.json.Json;

/**
 * The builtins a script has beyond plain Starlark, written in Java: {@code try_call}, {@code parallel},
 * {@code sum}, {@code abs}, {@code round}, {@code json}, {@code getattr}. The guards the rewriter
 * inserts are in {@link Guards}. Each reads its run's state from the thread; none holds state of its own.
 */
final class Builtins {

    private Builtins() {
    }

    /** A builtin written as one Java lambda. */
    @FunctionalInterface
    interface Body {
        Object call(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
                throws EvalException, InterruptedException;
    }

    @StarlarkBuiltin(name = "builtin_function_or_method", documented = false)
    static final class Fn implements StarlarkCallable {
        private final String name;
        private final Body body;

        Fn(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object call(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
                throws EvalException, InterruptedException {
            return body.call(thread, args, kwargs);
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public void repr(Printer printer) {
            printer.append("<built-in function ").append(name).append(">");
        }
    }

    // ---- try_call and parallel ----

    static Object tryCall(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.isEmpty() || !(args.get(0) instanceof ToolBinding tool)) {
            throw Starlark.errorf("try_call takes a tool, uncalled, then its arguments by keyword; got %s",
                    args.isEmpty() ? "no tool" : Starlark.type(args.get(0)));
        }
        if (args.size() > 1) {
            throw Starlark.errorf("try_call takes the arguments of %s by keyword, not by position", tool.getName());
        }
        ScriptRun run = ScriptRun.of(thread);
        Map<String, Object> arguments = run.arguments(tool.tool, kwargs);
        run.reserveCalls(1);
        try {
            return Tuple.pair(run.toStarlark(tool.tool, run.invoke(tool.tool, arguments)), Starlark.NONE);
        } catch (ScriptRun.ToolFailure failure) {
            return Tuple.pair(Starlark.NONE, failure.getMessage());
        }
    }

    static Object parallel(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs, ExecutorService pool)
            throws EvalException, InterruptedException {
        String usage = "parallel takes one list of (tool, arguments) pairs";
        if (args.size() != 1 || !kwargs.isEmpty() || !(args.get(0) instanceof Sequence<?> calls)) {
            throw Starlark.errorf("%s", usage);
        }
        ScriptRun run = ScriptRun.of(thread);
        List<ToolBinding> tools = new ArrayList<>(calls.size());
        List<Map<String, Object>> arguments = new ArrayList<>(calls.size());
        for (Object item : calls) {
            if (!(item instanceof Sequence<?> pair) || pair.isEmpty() || pair.size() > 2
                    || !(pair.get(0) instanceof ToolBinding tool)) {
                throw Starlark.errorf("%s; got a %s item%s", usage, Starlark.type(item),
                        item instanceof Dict ? " (a tool's result: the tool was called, not paired)" : "");
            }
            Object given = pair.size() == 2 ? pair.get(1) : Dict.empty();
            if (!(given instanceof Dict<?, ?> dict)) {
                throw Starlark.errorf("the arguments of %s in parallel must be a dict, got %s", tool.getName(),
                        Starlark.type(given));
            }
            Dict<String, Object> kw = Dict.cast(dict, String.class, Object.class, "arguments");
            tools.add(tool);
            arguments.add(run.arguments(tool.tool, kw));
        }
        run.reserveCalls(tools.size());

        Semaphore permits = new Semaphore(run.limits.maxConcurrentCalls());
        List<Future<Object>> futures = new ArrayList<>(tools.size());
        try {
            for (int i = 0; i < tools.size(); i++) {
                ToolBinding tool = tools.get(i);
                Map<String, Object> a = arguments.get(i);
                permits.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return run.invoke(tool.tool, a);
                    } finally {
                        permits.release();
                    }
                }));
            }
            StarlarkList<Object> results = StarlarkList.newList(thread.mutability());
            for (int i = 0; i < futures.size(); i++) {
                ToolBinding tool = tools.get(i);
                try {
                    Object json = futures.get(i).get();
                    results.addElement(Tuple.pair(run.toStarlark(tool.tool, json), Starlark.NONE));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof EvalException fatal) {
                        throw fatal;
                    }
                    if (cause instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    String message = cause instanceof ScriptRun.ToolFailure ? cause.getMessage()
                            : tool.getName() + " failed: " + dev.codemode.catalog.ToolCallException.reasonOf(cause);
                    results.addElement(Tuple.pair(Starlark.NONE, message));
                } catch (ScriptRun.ToolFailure failure) {
                    results.addElement(Tuple.pair(Starlark.NONE, failure.getMessage()));
                }
            }
            return results;
        } finally {
            for (Future<Object> f : futures) {
                f.cancel(true);
            }
        }
    }

    // ---- script variables read by top-level defs ----

    /**
     * {@code _cm_global(globals, name, fn)}: a top-level def's read of the script variable {@code name}
     * (see {@link ScriptPreparer}): its value now, or an error when the script has not set it yet.
     */
    static Object global(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        Object value = ((Dict<?, ?>) args.get(0)).get(args.get(1));
        if (value == null) {
            throw Starlark.errorf("%s() reads %s before the script sets it", args.get(2), args.get(1));
        }
        return value;
    }

    // ---- getattr and guarded methods ----

    /**
     * Starlark's {@code getattr}, except for the guarded methods of strings, lists and dicts: a method
     * value fetched here would be called without its guard.
     */
    static Object getattr(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() < 2 || args.size() > 3 || !kwargs.isEmpty() || !(args.get(1) instanceof String name)) {
            throw Starlark.errorf("getattr takes a value, a name and an optional default, e.g. getattr(x, \"name\", None)");
        }
        return Guards.attr(thread, args.get(0), name, args.size() == 3 ? args.get(2) : null);
    }

    // ---- sum and abs ----

    /**
     * {@code sum(iterable, start=0)}: numbers added in Java, anything else (lists, say) with the
     * interpreter's {@code +} through {@code plainAdd}; the deadline is checked as it goes.
     */
    static Object sum(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs, Object plainAdd)
            throws EvalException, InterruptedException {
        Object start = kwargs.isEmpty() ? null : kwargs.get("start");
        if (args.isEmpty() || args.size() > 2 || kwargs.size() > (start == null ? 0 : 1)
                || args.size() == 2 && start != null) {
            throw Starlark.errorf("sum takes an iterable and an optional start, e.g. sum(xs) or sum(xs, 0.0)");
        }
        Object total = args.size() == 2 ? args.get(1) : start == null ? StarlarkInt.of(0) : start;
        BoundedOps.Meter meter = new BoundedOps.Meter();
        for (Object x : Starlark.toIterable(args.get(0))) {
            meter.charge(1);
            if (total instanceof StarlarkInt a && x instanceof StarlarkInt b) {
                total = StarlarkInt.add(a, b);
            } else if (total instanceof StarlarkFloat a && x instanceof StarlarkFloat b) {
                total = StarlarkFloat.of(a.toDouble() + b.toDouble());
            } else {
                total = Starlark.fastcall(thread, plainAdd, new Object[] {total, x}, new Object[0]);
            }
        }
        return total;
    }

    static Object abs(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        if (args.size() != 1 || !kwargs.isEmpty()) {
            throw Starlark.errorf("abs takes one number, e.g. abs(x)");
        }
        Object x = args.get(0);
        if (x instanceof StarlarkInt i) {
            return i.signum() < 0 ? StarlarkInt.uminus(i) : i;
        }
        if (x instanceof StarlarkFloat f) {
            return StarlarkFloat.of(Math.abs(f.toDouble()));
        }
        throw Starlark.errorf("abs needs a number, got %s", Starlark.type(x));
    }

    // ---- round ----

    static Object round(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        if (args.isEmpty() || args.size() > 2 || !kwargs.isEmpty()) {
            throw Starlark.errorf("round takes a number and optional digits, e.g. round(x, 2)");
        }
        Object x = args.get(0);
        if (x instanceof StarlarkInt) {
            return x;
        }
        if (!(x instanceof StarlarkFloat f)) {
            throw Starlark.errorf("round needs a number, got %s", Starlark.type(x));
        }
        double d = f.toDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Starlark.errorf("cannot round %s", Starlark.repr(x));
        }
        if (args.size() == 1 || args.get(1) == Starlark.NONE) {
            return StarlarkInt.of(new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toBigInteger());
        }
        int digits = Starlark.toInt(args.get(1), "digits");
        if (digits > 15 || digits < -15) {
            throw Starlark.errorf("round digits must be between -15 and 15");
        }
        return StarlarkFloat.of(new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue()); // the exact binary value, as Python rounds
    }

    // ---- json ----

    /**
     * {@code json.encode}, {@code json.decode}, {@code json.indent}, with encode size-checked; and
     * Python's names for them, {@code json.dumps(x, indent=n)} and {@code json.loads(text)}.
     */
    @StarlarkBuiltin(name = "json", documented = false)
    static final class JsonModule implements Structure {
        private final Map<String, Fn> fields = Map.of(
                "encode", new Fn("encode", (thread, args, kwargs) -> {
                    one(args, "json.encode(x)");
                    Guards.checkSize(thread, args, kwargs);
                    return Json.INSTANCE.encode(args.get(0));
                }),
                "dumps", new Fn("dumps", (thread, args, kwargs) -> {
                    Object indent = kwargs.get("indent");
                    if (args.size() != 1 || kwargs.size() > (indent == null ? 0 : 1)) {
                        throw Starlark.errorf("usage: json.dumps(x) or json.dumps(x, indent=2)");
                    }
                    Guards.checkSize(thread, args, Dict.empty());
                    String text = Json.INSTANCE.encode(args.get(0));
                    if (indent == null || indent == Starlark.NONE) {
                        return text;
                    }
                    long cap = ScriptRun.of(thread).limits.maxValueChars();
                    Guards.checkSize("the string made by json.dumps", indentedSize(text, cap), cap);
                    return Json.INSTANCE.indent(text, "", "  ");
                }),
                "loads", new Fn("loads", (thread, args, kwargs) -> decode(thread, args, "json.loads(text)")),
                "decode", new Fn("decode", (thread, args, kwargs) -> decode(thread, args, "json.decode(text)")),
                "indent", new Fn("indent", (thread, args, kwargs) -> {
                    one(args, "json.indent(text)");
                    if (!(args.get(0) instanceof String text)) {
                        throw Starlark.errorf("json.indent needs a string, got %s", Starlark.type(args.get(0)));
                    }
                    ScriptRun run = ScriptRun.of(thread);
                    Guards.checkSize("the string made by json.indent", indentedSize(text, run.limits.maxValueChars()),
                            run.limits.maxValueChars());
                    return Json.INSTANCE.indent(text, "", "  ");
                }));

        private static Object decode(StarlarkThread thread, Tuple args, String usage) throws EvalException {
            one(args, usage);
            if (!(args.get(0) instanceof String text)) {
                throw Starlark.errorf("json.decode needs a string, got %s", Starlark.type(args.get(0)));
            }
            long cap = ScriptRun.of(thread).limits.maxValueChars();
            if (text.length() > cap) {
                throw new LimitException("json.decode of " + text.length() + " characters, over the limit of "
                        + cap + ": decode a smaller text");
            }
            checkDigitRuns(text);
            return Json.INSTANCE.decode(text, thread);
        }

        /**
         * An upper bound of the length of {@code json.indent(text)}, up to {@code cap + 1}: every bracket
         * and comma can start a new line indented two spaces per level of nesting.
         */
        static long indentedSize(String text, long cap) {
            long size = text.length();
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < text.length() && size <= cap; i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> inString = true;
                    case '[', '{' -> size += 2 + 2L * ++depth;
                    case ']', '}' -> size += 2 + 2L * Math.max(0, --depth);
                    case ',' -> size += 2 + 2L * depth;
                    case ':' -> size += 1;
                    default -> {
                    }
                }
            }
            return size;
        }

        /** Refuses numbers too long to convert in bounded time (digits inside strings count too: rare, and safe). */
        private static void checkDigitRuns(String text) throws LimitException {
            int run = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                run = c >= '0' && c <= '9' ? run + 1 : 0;
                if (run > Guards.MAX_INT_DIGITS) {
                    throw new LimitException("json.decode: a number of more than " + Guards.MAX_INT_DIGITS
                            + " digits is not converted");
                }
            }
        }

        private static void one(Tuple args, String usage) throws EvalException {
            if (args.size() != 1) {
                throw Starlark.errorf("usage: %s", usage);
            }
        }

        @Override
        public Object getValue(String name) {
            return fields.get(name);
        }

        @Override
        public ImmutableList<String> getFieldNames() {
            return ImmutableList.of("decode", "dumps", "encode", "indent", "loads");
        }

        @Override
        public String getErrorMessageForUnknownField(String field) {
            return "json has no " + field + "; it has encode (dumps), decode (loads), indent";
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public void repr(Printer printer) {
            printer.append("<module json>");
        }
    }
}
