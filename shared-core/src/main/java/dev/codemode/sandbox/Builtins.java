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
 * {@code round}, {@code json}, and the size checks the prelude's guards call. Each reads its run's
 * state from the thread; none holds state of its own.
 */
final class Builtins {

    /** Integers wider than this many bits are refused (JSON consumers cannot use them anyway). */
    static final int MAX_INT_BITS = 4096;

    /**
     * Longest digit string {@code int()} and {@code json.decode} convert (Python's limit too): the
     * conversion is quadratic, and one uninterruptible call on a million digits takes seconds.
     */
    static final int MAX_INT_DIGITS = 4300;

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
        if (args.size() != 1 || !(args.get(0) instanceof ToolBinding tool)) {
            throw Starlark.errorf("try_call takes a tool and its keyword arguments, "
                    + "e.g. value, err = try_call(crm.lookup_customer, customer_id=\"c1\")");
        }
        ScriptRun run = ScriptRun.of(thread);
        run.reserveCalls(1);
        Map<String, Object> arguments = run.arguments(tool.tool, kwargs);
        try {
            return Tuple.pair(run.toStarlark(tool.tool, run.invoke(tool.tool, arguments)), Starlark.NONE);
        } catch (ScriptRun.ToolFailure failure) {
            return Tuple.pair(Starlark.NONE, failure.getMessage());
        }
    }

    static Object parallel(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs, ExecutorService pool)
            throws EvalException, InterruptedException {
        String usage = "parallel takes a list of (tool, arguments) pairs, "
                + "e.g. parallel([(crm.lookup_customer, {\"customer_id\": c}) for c in ids])";
        if (args.size() != 1 || !kwargs.isEmpty() || !(args.get(0) instanceof Sequence<?> calls)) {
            throw Starlark.errorf("%s", usage);
        }
        ScriptRun run = ScriptRun.of(thread);
        List<ToolBinding> tools = new ArrayList<>(calls.size());
        List<Map<String, Object>> arguments = new ArrayList<>(calls.size());
        for (Object item : calls) {
            if (!(item instanceof Sequence<?> pair) || pair.isEmpty() || pair.size() > 2
                    || !(pair.get(0) instanceof ToolBinding tool)) {
                throw Starlark.errorf("%s; got %s", usage, Starlark.type(item));
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
                    String message = cause instanceof ScriptRun.ToolFailure ? cause.getMessage()
                            : tool.getName() + " failed: " + cause;
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

    // ---- getattr ----

    /**
     * Starlark's {@code getattr}, except for the string methods the guards check ({@code join},
     * {@code replace}, {@code format}): a method value fetched here would be called without its check.
     */
    static Object getattr(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() < 2 || args.size() > 3 || !kwargs.isEmpty() || !(args.get(1) instanceof String name)) {
            throw Starlark.errorf("getattr takes a value, a name and an optional default, e.g. getattr(x, \"name\", None)");
        }
        if (args.get(0) instanceof String && ScriptPreparer.GUARDED_METHODS.contains(name)) {
            throw Starlark.errorf("the string method %s cannot be fetched with getattr: call it directly, e.g. sep.join(items)",
                    name);
        }
        return Starlark.getattr(thread.mutability(), thread.getSemantics(), args.get(0), name,
                args.size() == 3 ? args.get(2) : null);
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

    // ---- size checks called by the prelude's guards ----

    static Object check(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
        String op = (String) args.get(0);
        Object a = args.get(1);
        Object b = args.get(2);
        long cap = run.limits.maxValueChars();
        switch (op) {
            case "*" -> {
                if (a instanceof StarlarkInt x && b instanceof StarlarkInt y) {
                    intBits((long) x.toBigInteger().bitLength() + y.toBigInteger().bitLength());
                } else if (a instanceof StarlarkInt n && (b instanceof String || b instanceof Sequence)) {
                    repeat(b, n, cap);
                } else if (b instanceof StarlarkInt n && (a instanceof String || a instanceof Sequence)) {
                    repeat(a, n, cap);
                }
            }
            case "<<" -> {
                if (a instanceof StarlarkInt x && b instanceof StarlarkInt y && y.signum() > 0) {
                    intBits(x.toBigInteger().bitLength() + y.toBigInteger().min(java.math.BigInteger.valueOf(1 << 20)).longValue());
                }
            }
            case "%" -> {
                if (a instanceof String format) {
                    long argMax = 0;
                    if (b instanceof Tuple tuple) {
                        for (Object item : tuple) {
                            argMax = Math.max(argMax, StarlarkValues.sizeUpTo(item, cap));
                        }
                    } else if (b instanceof Dict<?, ?> dict) {
                        for (Object item : dict.values()) {
                            argMax = Math.max(argMax, StarlarkValues.sizeUpTo(item, cap));
                        }
                    } else {
                        argMax = StarlarkValues.sizeUpTo(b, cap);
                    }
                    checkSize("the string made by %", format.length() + count(format, '%') * argMax, cap);
                }
            }
            default -> throw new IllegalStateException(op);
        }
        return Starlark.NONE;
    }

    static Object checkMethod(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
        if (!(args.get(0) instanceof String s)) {
            return Starlark.NONE;
        }
        long cap = run.limits.maxValueChars();
        String method = (String) args.get(1);
        Tuple positional = (Tuple) args.get(2);
        Dict<?, ?> named = (Dict<?, ?>) args.get(3);
        switch (method) {
            case "join" -> {
                if (positional.size() == 1 && positional.get(0) instanceof Sequence<?> items) {
                    long total = (long) s.length() * Math.max(0, items.size() - 1);
                    for (Object item : items) {
                        total += item instanceof String str ? str.length() : 0;
                        if (total > cap) {
                            break;
                        }
                    }
                    checkSize("the string made by join", total, cap);
                }
            }
            case "replace" -> {
                if (positional.size() >= 2 && positional.get(0) instanceof String old
                        && positional.get(1) instanceof String replacement && replacement.length() > old.length()) {
                    long occurrences = old.isEmpty() ? s.length() + 1L : countOccurrences(s, old);
                    if (positional.size() == 3 && positional.get(2) instanceof StarlarkInt n && n.signum() >= 0) {
                        occurrences = Math.min(occurrences, n.toBigInteger().min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).longValue());
                    }
                    checkSize("the string made by replace",
                            s.length() + occurrences * (replacement.length() - old.length()), cap);
                }
            }
            case "format" -> {
                long argMax = 0;
                for (Object item : positional) {
                    argMax = Math.max(argMax, StarlarkValues.sizeUpTo(item, cap));
                }
                for (Object item : named.values()) {
                    argMax = Math.max(argMax, StarlarkValues.sizeUpTo(item, cap));
                }
                checkSize("the string made by format", s.length() + count(s, '{') * argMax, cap);
            }
            default -> {
            }
        }
        return Starlark.NONE;
    }

    static Object checkInt(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        Tuple positional = (Tuple) args.get(0);
        Object x = positional.isEmpty() ? ((Dict<?, ?>) args.get(1)).get("x") : positional.get(0);
        if (x instanceof String s && s.length() > MAX_INT_DIGITS) {
            throw new LimitException("int() of a string of " + s.length() + " characters: at most " + MAX_INT_DIGITS
                    + " digits are converted");
        }
        return Starlark.NONE;
    }

    static Object checkRange(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
        Tuple rangeArgs = (Tuple) args.get(0);
        long start = 0;
        long stop;
        long step = 1;
        if (rangeArgs.size() == 1) {
            stop = asLong(rangeArgs.get(0));
        } else if (rangeArgs.size() >= 2) {
            start = asLong(rangeArgs.get(0));
            stop = asLong(rangeArgs.get(1));
            if (rangeArgs.size() == 3) {
                step = asLong(rangeArgs.get(2));
            }
        } else {
            return Starlark.NONE; // range's own error message is clearer
        }
        if (step == 0) {
            return Starlark.NONE;
        }
        long length = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (length > run.limits.maxValueChars()) {
            throw new LimitException("range of " + length + " items is over the limit of " + run.limits.maxValueChars()
                    + ": iterate over less");
        }
        return Starlark.NONE;
    }

    static Object checkSize(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
        long cap = run.limits.maxValueChars();
        long size = StarlarkValues.sizeUpTo(args.get(0), cap);
        if (size > cap) {
            throw new LimitException("value too large to turn into text: over " + cap
                    + " characters; print or return a part of it");
        }
        return Starlark.NONE;
    }

    private static long asLong(Object o) throws EvalException {
        if (!(o instanceof StarlarkInt i)) {
            throw Starlark.errorf("range needs int arguments, got %s", Starlark.type(o));
        }
        return i.toBigInteger().max(java.math.BigInteger.valueOf(Long.MIN_VALUE / 4))
                .min(java.math.BigInteger.valueOf(Long.MAX_VALUE / 4)).longValue();
    }

    private static void repeat(Object seq, StarlarkInt n, long cap) throws LimitException {
        long count = n.toBigInteger().min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).max(java.math.BigInteger.ZERO)
                .longValue();
        long unit = seq instanceof String s ? s.length() : ((Sequence<?>) seq).size();
        String what = seq instanceof String ? "string" : Starlark.type(seq);
        if (unit * count > cap) {
            throw new LimitException(what + " repetition would make " + (unit * count) + " "
                    + (seq instanceof String ? "characters" : "items") + ", over the limit of " + cap);
        }
    }

    private static void intBits(long bits) throws LimitException {
        if (bits > MAX_INT_BITS) {
            throw new LimitException("integer too large: over " + MAX_INT_BITS + " bits");
        }
    }

    private static void checkSize(String what, long size, long cap) throws LimitException {
        if (size > cap) {
            throw new LimitException(what + " could reach " + size + " characters, over the limit of " + cap);
        }
    }

    private static long count(String s, char c) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static long countOccurrences(String s, String part) {
        long n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    // ---- json ----

    /** {@code json.encode}, {@code json.decode}, {@code json.indent}, with encode size-checked. */
    @StarlarkBuiltin(name = "json", documented = false)
    static final class JsonModule implements Structure {
        private final Map<String, Fn> fields = Map.of(
                "encode", new Fn("encode", (thread, args, kwargs) -> {
                    one(args, "json.encode(x)");
                    checkSize(thread, args, kwargs);
                    return Json.INSTANCE.encode(args.get(0));
                }),
                "decode", new Fn("decode", (thread, args, kwargs) -> {
                    one(args, "json.decode(text)");
                    if (!(args.get(0) instanceof String text)) {
                        throw Starlark.errorf("json.decode needs a string, got %s", Starlark.type(args.get(0)));
                    }
                    checkDigitRuns(text);
                    return Json.INSTANCE.decode(text, thread);
                }),
                "indent", new Fn("indent", (thread, args, kwargs) -> {
                    one(args, "json.indent(text)");
                    if (!(args.get(0) instanceof String text)) {
                        throw Starlark.errorf("json.indent needs a string, got %s", Starlark.type(args.get(0)));
                    }
                    ScriptRun run = ScriptRun.of(thread);
                    checkSize("the string made by json.indent", text.length() * 4L, run.limits.maxValueChars());
                    return Json.INSTANCE.indent(text, "", "  ");
                }));

        /** Refuses numbers too long to convert in bounded time (digits inside strings count too: rare, and safe). */
        private static void checkDigitRuns(String text) throws LimitException {
            int run = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                run = c >= '0' && c <= '9' ? run + 1 : 0;
                if (run > MAX_INT_DIGITS) {
                    throw new LimitException("json.decode: a number of more than " + MAX_INT_DIGITS
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
            return ImmutableList.of("decode", "encode", "indent");
        }

        @Override
        public String getErrorMessageForUnknownField(String field) {
            return "json has no " + field + "; it has encode, decode, indent";
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
