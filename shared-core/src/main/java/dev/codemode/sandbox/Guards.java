package dev.codemode.sandbox;

import java.util.Map;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Printer;
import net.starlark.java.eval.Sequence;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkCallable;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.StarlarkList;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Tuple;

/**
 * The guards the rewriter puts in place of operations that could build a huge value or do unbounded
 * work in one step ({@link ScriptPreparer}): size checks before {@code *}, {@code %}, {@code <<}, the
 * string methods and the builtins that make many items; the comparison operators, {@code in} and
 * dict keys, handed to {@link BoundedOps}; and the method and attribute routes, so that no guarded
 * method is reached without its check. Each reads its run's limits from the thread.
 */
final class Guards {

    /** Integers wider than this many bits are refused (JSON consumers cannot use them anyway). */
    static final int MAX_INT_BITS = 4096;

    /**
     * Longest digit string {@code int()} and {@code json.decode} convert (Python's limit too): the
     * conversion is quadratic, and one uninterruptible call on a million digits takes seconds.
     */
    static final int MAX_INT_DIGITS = 4300;

    private Guards() {
    }

    /** A guard the rewriter calls with positional arguments only; no tuple or dict is built per call. */
    @StarlarkBuiltin(name = "builtin_function_or_method", documented = false)
    static final class Guard implements StarlarkCallable {

        /** The body of a one- or two-argument guard. */
        @FunctionalInterface
        interface Body {
            Object apply(StarlarkThread thread, Object x, Object y) throws EvalException, InterruptedException;
        }

        private final String name;
        private final int arity;
        private final Body body;

        Guard(String name, int arity, Body body) {
            this.name = name;
            this.arity = arity;
            this.body = body;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object fastcall(StarlarkThread thread, Object[] positional, Object[] named)
                throws EvalException, InterruptedException {
            if (positional.length != arity || named.length != 0) {
                throw Starlark.errorf("internal call with the wrong arguments");
            }
            return body.apply(thread, positional[0], arity == 2 ? positional[1] : null);
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public void repr(Printer printer) {
            printer.append("<built-in function>");
        }
    }

    /** The comparison operators, {@code in}, and the dict-key guard, by the names the rewriter uses. */
    static Map<String, Object> operatorGuards() {
        Map<String, Object> g = new java.util.HashMap<>();
        g.put("_cm_eq", new Guard("_cm_eq", 2, (t, x, y) -> BoundedOps.equal(x, y)));
        g.put("_cm_ne", new Guard("_cm_ne", 2, (t, x, y) -> !BoundedOps.equal(x, y)));
        g.put("_cm_lt", new Guard("_cm_lt", 2, (t, x, y) -> BoundedOps.compare(x, y) < 0));
        g.put("_cm_le", new Guard("_cm_le", 2, (t, x, y) -> BoundedOps.compare(x, y) <= 0));
        g.put("_cm_gt", new Guard("_cm_gt", 2, (t, x, y) -> BoundedOps.compare(x, y) > 0));
        g.put("_cm_ge", new Guard("_cm_ge", 2, (t, x, y) -> BoundedOps.compare(x, y) >= 0));
        g.put("_cm_in", new Guard("_cm_in", 2, (t, x, y) -> BoundedOps.contains(t, y, x)));
        g.put("_cm_not_in", new Guard("_cm_not_in", 2, (t, x, y) -> !BoundedOps.contains(t, y, x)));
        g.put("_cm_key", new Guard("_cm_key", 1, (t, x, y) -> {
            BoundedOps.checkKey(x);
            return x;
        }));
        g.put("_cm_attr", new Guard("_cm_attr", 2, (t, x, y) -> attr(t, x, (String) y, null)));
        return g;
    }

    /**
     * The size-checked {@code *}, {@code %} and {@code <<}: the check, then the operation itself in Java
     * for the common operand types (one step, as the native operator), or else through {@code fallback}
     * (the prelude's plain operator) for the rare ones.
     */
    static Map<String, Object> sizeGuards(Map<String, Object> fallback) {
        Object mul = fallback.get("*");
        Object mod = fallback.get("%");
        Object shl = fallback.get("<<");
        return Map.of(
                "_cm_mul", new Guard("_cm_mul", 2, (t, x, y) -> {
                    checkBinary(t, "*", x, y);
                    if (x instanceof StarlarkInt a && y instanceof StarlarkInt b) {
                        return StarlarkInt.multiply(a, b);
                    }
                    if (x instanceof String str && y instanceof StarlarkInt n) {
                        return repeat(str, n);
                    }
                    if (x instanceof StarlarkInt n && y instanceof String str) {
                        return repeat(str, n);
                    }
                    if (x instanceof StarlarkList<?> list && y instanceof StarlarkInt n) {
                        return list.repeat(n, t.mutability());
                    }
                    if (x instanceof StarlarkInt n && y instanceof StarlarkList<?> list) {
                        return list.repeat(n, t.mutability());
                    }
                    return Starlark.fastcall(t, mul, new Object[] {x, y}, new Object[0]);
                }),
                "_cm_mod", new Guard("_cm_mod", 2, (t, x, y) -> {
                    checkBinary(t, "%", x, y);
                    if (x instanceof StarlarkInt a && y instanceof StarlarkInt b) {
                        return StarlarkInt.mod(a, b);
                    }
                    if (x instanceof String format && PythonFormat.needsPercent(format)) {
                        return PythonFormat.percent(format, y, ScriptRun.of(t).limits.maxValueChars());
                    }
                    if (x instanceof String format) {
                        try {
                            return y instanceof Tuple tuple ? Starlark.formatWithList(format, tuple)
                                    : Starlark.format(format, y);
                        } catch (java.util.IllegalFormatException e) {
                            throw new EvalException(e.getMessage());
                        }
                    }
                    return Starlark.fastcall(t, mod, new Object[] {x, y}, new Object[0]);
                }),
                "_cm_shl", new Guard("_cm_shl", 2, (t, x, y) -> {
                    checkBinary(t, "<<", x, y);
                    return x instanceof StarlarkInt a && y instanceof StarlarkInt b ? StarlarkInt.shiftLeft(a, b)
                            : Starlark.fastcall(t, shl, new Object[] {x, y}, new Object[0]);
                }));
    }

    private static String repeat(String s, StarlarkInt n) throws EvalException {
        int times = n.toInt("repeat");
        return times <= 0 ? "" : s.repeat(times);
    }

    /**
     * {@code x.name} where the rewriter could not see a call: refused for guarded methods of values.
     * A missing field of a dict or list says what the value has instead.
     */
    static Object attr(StarlarkThread thread, Object x, String name, Object fallback)
            throws EvalException, InterruptedException {
        boolean has = Starlark.hasattr(thread.getSemantics(), x, name);
        if ((x instanceof String || x instanceof StarlarkList || x instanceof Dict) && ScriptPreparer.GUARDED_METHODS.contains(name)
                && has) {
            throw Starlark.errorf("the %s method %s cannot be stored, passed or fetched with getattr: call it where"
                    + " it is written, e.g. %s", Starlark.type(x), name, example(x, name));
        }
        if (!has && fallback == null && x instanceof Dict<?, ?> dict) {
            String missing = "'dict' value has no field or method '" + name + "'";
            if (dict.containsKey(name)) {
                throw new HintedException(missing + ", but it has the key \"" + name + "\"",
                        "read a dict's keys with [\"" + name + "\"] or .get(\"" + name + "\"), not ." + name);
            }
            throw new HintedException(missing + "; " + keys(dict),
                    "read a dict's keys with [\"key\"] or .get(\"key\", default), not .key");
        }
        if (!has && fallback == null && x instanceof Sequence<?> seq && !(x instanceof String)) {
            throw new HintedException("'" + Starlark.type(x) + "' value has no field or method '" + name + "'",
                    "it is a " + Starlark.type(x) + " of " + seq.size() + " items: take one (xs[0]) or loop over them"
                            + " (for x in xs)");
        }
        return Starlark.getattr(thread.mutability(), thread.getSemantics(), x, name, fallback);
    }

    /** Keys listed in an error: at most this many, each cut to {@link #KEY_CHARS} characters. */
    static final int LISTED_KEYS = 20;
    static final int KEY_CHARS = 40;

    /** "its keys: "id", "name"" (the first {@link #LISTED_KEYS}), or "the dict is empty". */
    static String keys(Dict<?, ?> dict) {
        if (dict.isEmpty()) {
            return "the dict is empty";
        }
        StringBuilder out = new StringBuilder(dict.size() == 1 ? "its key: " : "its keys: ");
        int n = 0;
        for (Object key : dict.keySet()) {
            if (n == LISTED_KEYS) {
                out.append(", ... (").append(dict.size()).append(" keys)");
                break;
            }
            String repr = key instanceof String || key instanceof StarlarkInt || key instanceof Boolean
                    ? Starlark.repr(key) : Starlark.type(key);
            out.append(n++ == 0 ? "" : ", ")
                    .append(repr.length() > KEY_CHARS ? repr.substring(0, KEY_CHARS - 3) + "..." : repr);
        }
        return out.toString();
    }

    /**
     * {@code x[k]} read by the script: the interpreter's own indexing ({@code plainIndex} for types
     * other than dicts, lists and tuples), with a computed tuple key bounded first ({@link
     * BoundedOps#checkKey}), and a missing key or an index out of range answered with what {@code x}
     * has: the first keys of the dict, the length of the list.
     */
    static Object index(StarlarkThread thread, Object x, Object key, Object plainIndex)
            throws EvalException, InterruptedException {
        if (x instanceof Dict<?, ?> dict) {
            BoundedOps.checkKey(key);
            try {
                return dict.getIndex(thread.getSemantics(), key);
            } catch (EvalException e) {
                if (!e.getMessage().endsWith("not found in dictionary")) {
                    throw e;
                }
                String k = Starlark.repr(key);
                k = k.length() > KEY_CHARS ? k.substring(0, KEY_CHARS - 3) + "..." : k;
                throw new HintedException(e.getMessage() + "; " + keys(dict), dict.isEmpty()
                        ? "use .get(" + k + ", default) for a key that may be missing"
                        : "read one of its keys, or .get(" + k + ", default) for a key that may be missing");
            }
        }
        if (x instanceof Sequence<?> seq && !(x instanceof String)) {
            try {
                return seq.getIndex(thread.getSemantics(), key);
            } catch (EvalException e) {
                if (!e.getMessage().startsWith("index out of range")) {
                    throw e;
                }
                int n = seq.size();
                throw new HintedException(e.getMessage(), n == 0
                        ? "the " + Starlark.type(x) + " is empty (a search may find nothing): check len(xs) > 0 first"
                        : "a " + Starlark.type(x) + " of " + n + " items has indexes 0 to " + (n - 1) + " (-1 is the last):"
                                + " check len(xs), or loop with for x in xs");
            }
        }
        return Starlark.call(thread, plainIndex, Tuple.of(x, key), Map.of());
    }

    private static String example(Object x, String name) {
        return x instanceof String ? (name.equals("join") ? "sep.join(items)" : "s." + name + "(...)")
                : x instanceof Dict ? "d." + name + "(...)" : "xs." + name + "(...)";
    }

    /**
     * {@code x.name(...)} for the guarded method names: checked (sizes, search work, dict keys) or done
     * in bounded steps, then called. On anything but a string, list or dict it is a plain call, so a
     * tool named {@code format} or {@code get} is called as written.
     */
    static Object method(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        Object x = args.get(0);
        String name = (String) args.get(1);
        Tuple positional = args.subList(2, args.size());
        Object habit = PythonHabits.call(thread, x, name, positional, kwargs);
        if (habit != PythonHabits.NOT_HANDLED) {
            return habit;
        }
        if (x instanceof String s) {
            checkStringMethod(ScriptRun.of(thread), s, name, positional, kwargs);
            if (name.equals("format") && PythonFormat.needsBraces(s)) {
                return PythonFormat.braces(s, positional, kwargs, ScriptRun.of(thread).limits.maxValueChars());
            }
        } else if (x instanceof Dict<?, ?> dict) {
            if (name.equals("update")) {
                if (positional.size() > 1) {
                    throw Starlark.errorf("update takes at most one positional argument (a dict or a list of pairs)");
                }
                @SuppressWarnings("unchecked")
                Dict<Object, Object> target = (Dict<Object, Object>) dict;
                BoundedOps.update("update", target, positional.isEmpty() ? null : positional.get(0), kwargs);
                return Starlark.NONE;
            }
            if (!positional.isEmpty() && (name.equals("get") || name.equals("pop") || name.equals("setdefault"))) {
                BoundedOps.checkKey(positional.get(0));
            }
            if (name.equals("items")) {
                checkItems("items()", dict.size(), ScriptRun.of(thread).limits.maxValueChars());
            }
        } else if (x instanceof StarlarkList<?> list) {
            if (name.equals("index")) {
                return BoundedOps.listIndex(list, positional, kwargs);
            }
            if (name.equals("remove")) {
                @SuppressWarnings("unchecked")
                StarlarkList<Object> target = (StarlarkList<Object>) list;
                return BoundedOps.listRemove(target, positional, kwargs);
            }
        }
        Object fn = Starlark.getattr(thread.mutability(), thread.getSemantics(), x, name, null);
        return Starlark.call(thread, fn, positional, kwargs);
    }

    // ---- size checks called by the prelude's guards ----

    private static void checkBinary(StarlarkThread thread, String op, Object a, Object b) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
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
                    // One walk over all the arguments, within the cap: a tuple's items are used once each,
                    // a dict's values as often as placeholders name them (the whole dict bounds each).
                    long args = StarlarkValues.sizeUpTo(b, cap);
                    long most = b instanceof Tuple ? args : count(format, '%') * args;
                    checkSize("the string made by %", format.length() + most, cap);
                }
            }
            default -> throw new IllegalStateException(op);
        }
    }

    /** Size and search-work checks of the guarded string methods, before they run. */
    private static void checkStringMethod(ScriptRun run, String s, String method, Tuple positional, Dict<?, ?> named)
            throws EvalException {
        long cap = run.limits.maxValueChars();
        String sub = switch (method) {
            case "find", "rfind", "index", "rindex", "count" -> stringArgument(positional, named, "sub");
            case "split", "rsplit", "partition", "rpartition" -> stringArgument(positional, named, "sep");
            case "replace" -> stringArgument(positional, named, "old");
            default -> null;
        };
        if (sub != null) {
            BoundedOps.checkSearch(method, s, sub);
        }
        switch (method) {
            // One string becomes a list of strings: each item costs far more memory than its characters did.
            case "elems" -> checkItems("elems()", s.length(), cap);
            case "splitlines" -> checkItems("splitlines()", count(s, '\n') + count(s, '\r') + 1, cap);
            case "split", "rsplit" -> {
                if (sub != null && !sub.isEmpty() && s.length() / sub.length() + 1 > cap) {
                    checkItems(method + "()", countOccurrences(s, sub) + 1, cap);
                }
            }
            case "join" -> {
                Object elements = argument(positional, named, 0, "elements");
                if (elements instanceof Sequence<?> || elements instanceof Dict<?, ?>) {
                    long items = 0;
                    long total = 0;
                    for (Object item : (Iterable<?>) elements) {
                        total += (items++ > 0 ? s.length() : 0) + (item instanceof String str ? str.length() : 0);
                        if (total > cap) {
                            break;
                        }
                    }
                    checkSize("the string made by join", total, cap);
                }
            }
            case "replace" -> {
                if (argument(positional, named, 0, "old") instanceof String old
                        && argument(positional, named, 1, "new") instanceof String replacement
                        && replacement.length() > old.length()) {
                    long occurrences = old.isEmpty() ? s.length() + 1L : countOccurrences(s, old);
                    if (argument(positional, named, 2, "count") instanceof StarlarkInt n && n.signum() >= 0) {
                        occurrences = Math.min(occurrences, n.toBigInteger().min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).longValue());
                    }
                    checkSize("the string made by replace",
                            s.length() + occurrences * (replacement.length() - old.length()), cap);
                }
            }
            case "format" -> {
                // One walk over all the arguments, within the cap; a placeholder may repeat any of them.
                long args = StarlarkValues.sizeUpTo(Tuple.pair(positional, named), cap);
                checkSize("the string made by format", s.length() + count(s, '{') * args, cap);
            }
            default -> {
            }
        }
    }

    private static void checkItems(String what, long items, long cap) throws LimitException {
        if (items > cap) {
            throw new LimitException(what + " would make " + items + " items, over the limit of " + cap
                    + ": work on a part of it");
        }
    }

    /** {@code enumerate(x, start=0)}: each item becomes a new pair, so the count is checked first. */
    static void checkEnumerate(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        if (!args.isEmpty()) {
            long size = args.get(0) instanceof Sequence<?> seq ? seq.size()
                    : args.get(0) instanceof Dict<?, ?> dict ? dict.size() : 0;
            checkItems("enumerate()", size, ScriptRun.of(thread).limits.maxValueChars());
        }
    }

    /** The method's first argument, given by position or by {@code name}, when it is a string. */
    private static String stringArgument(Tuple positional, Dict<?, ?> named, String name) {
        return argument(positional, named, 0, name) instanceof String str ? str : null;
    }

    /** A method's argument given at {@code index} or by {@code name}, or {@code null}. */
    private static Object argument(Tuple positional, Dict<?, ?> named, int index, String name) {
        return index < positional.size() ? positional.get(index) : named.get(name);
    }

    /** {@code int(x, base)}: at most {@link #MAX_INT_DIGITS} digits are converted. */
    static void checkInt(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        Object x = args.isEmpty() ? kwargs.get("x") : args.get(0);
        if (x instanceof String s && s.length() > MAX_INT_DIGITS) {
            throw new LimitException("int() of a string of " + s.length() + " characters: at most " + MAX_INT_DIGITS
                    + " digits are converted");
        }
    }

    /** {@code range(...)}: at most as many items as a value may hold. */
    static void checkRange(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        ScriptRun run = ScriptRun.of(thread);
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = asLong(args.get(0));
        } else if (args.size() >= 2) {
            start = asLong(args.get(0));
            stop = asLong(args.get(1));
            if (args.size() == 3) {
                step = asLong(args.get(2));
            }
        } else {
            return; // range's own error message is clearer
        }
        if (step == 0) {
            return;
        }
        long length = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (length > run.limits.maxValueChars()) {
            throw new LimitException("range of " + length + " items is over the limit of " + run.limits.maxValueChars()
                    + " items", "loop over the data itself, or over range(n) with a small n and break when done;"
                    + " page through big data with tool arguments");
        }
    }

    /** {@code json.encode(x)}: at most a value's size. */
    static void checkSize(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        long cap = ScriptRun.of(thread).limits.maxValueChars();
        if (StarlarkValues.sizeUpTo(args.get(0), cap) > cap) {
            throw new LimitException("value too large to turn into text: over " + cap
                    + " characters; print or return a part of it");
        }
    }

    /** A check run before a builtin of Starlark's own. */
    @FunctionalInterface
    interface Check {
        void check(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException;
    }

    /**
     * Starlark's builtin {@code name}, with {@code check} run first: one Java builtin that carries the
     * builtin's own name, so its repr, its type and its errors are the builtin's.
     */
    static Builtins.Fn checked(String name, Check check) {
        Object builtin = Starlark.UNIVERSE.get(name);
        return new Builtins.Fn(name, (thread, args, kwargs) -> {
            check.check(thread, args, kwargs);
            Object[] named = new Object[kwargs.size() * 2];
            int i = 0;
            for (Map.Entry<String, Object> e : kwargs.entrySet()) {
                named[i++] = e.getKey();
                named[i++] = e.getValue();
            }
            return Starlark.fastcall(thread, builtin, args.toArray(), named);
        });
    }

    /** {@code str}, {@code repr} and {@code fail} turn their arguments into text: at most a value's size. */
    static void checkText(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        long cap = ScriptRun.of(thread).limits.maxValueChars();
        if (StarlarkValues.sizeUpTo(Tuple.pair(args, kwargs), cap) > cap) {
            throw new LimitException("value too large to turn into text: over " + cap
                    + " characters; print or return a part of it");
        }
    }

    /** {@code print(*args, sep=...)}: the line is built whole before it is captured. */
    static void checkPrint(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        long cap = ScriptRun.of(thread).limits.maxValueChars();
        long size = StarlarkValues.sizeUpTo(args, cap);
        if (kwargs.get("sep") instanceof String sep) {
            size += (long) sep.length() * Math.max(0, args.size() - 1);
        }
        if (size > cap) {
            throw new LimitException("the printed line could reach " + size + " characters, over the limit of " + cap
                    + ": print a part of it");
        }
    }

    /** {@code zip(*iterables)}: refused when its tuples would hold more items than a value may. */
    static void checkZip(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs) throws EvalException {
        long cap = ScriptRun.of(thread).limits.maxValueChars();
        long shortest = Long.MAX_VALUE;
        for (Object arg : args) {
            if (arg instanceof Sequence<?> seq) {
                shortest = Math.min(shortest, seq.size());
            } else if (arg instanceof Dict<?, ?> dict) {
                shortest = Math.min(shortest, dict.size());
            }
        }
        if (!args.isEmpty() && shortest != Long.MAX_VALUE && shortest * args.size() > cap) {
            throw new LimitException("zip would make " + shortest + " tuples of " + args.size() + " items, over the limit of "
                    + cap + " items: zip fewer or shorter lists");
        }
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

    static void checkSize(String what, long size, long cap) throws LimitException {
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
}
