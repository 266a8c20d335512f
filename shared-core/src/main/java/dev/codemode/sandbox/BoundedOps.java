package dev.codemode.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Sequence;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkCallable;
import net.starlark.java.eval.StarlarkIndexable;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.StarlarkList;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Tuple;

/**
 * The operations whose work grows faster than the values they touch, done so that a script's
 * deadline stops them. Starlark runs each of these as one uninterruptible step: comparing two values
 * that share substructure walks every path through them (2^60 from sixty lines of code), a sort
 * compares megabyte strings n log n times, a dict built from colliding keys costs n^2, a substring
 * search costs the product of both lengths. Here they run with the same results and messages, but
 * walk values in Java loops that check the thread's interrupt flag as they go, and the costs that
 * cannot be interrupted (hashing a key, one substring search) are bounded before they start.
 *
 * <p>The rewriter routes the comparison operators, {@code in}, computed dict keys and the searching
 * methods here; {@code sorted}, {@code min}, {@code max}, {@code dict} and {@code dict.update} are
 * replaced outright.
 */
final class BoundedOps {

    /** Characters a tuple used as a dict key may print to, a shared part counted each time it is reached. */
    static final int MAX_KEY_CHARS = 100_000;
    /** Values nested deeper than this are not compared. */
    static final int MAX_DEPTH = 256;
    /**
     * Character comparisons one substring search may need in the worst case, (n - m + 1) * m for a
     * substring of m characters in a string of n: about a quarter of a second.
     */
    static final long MAX_SEARCH_WORK = 250_000_000L;

    private BoundedOps() {
    }

    /** Counts work and checks the interrupt flag every few thousand units. */
    static final class Meter {
        private long work;
        private long nextCheck = 4096;

        void charge(long units) throws InterruptedException {
            work += units;
            if (work >= nextCheck) {
                nextCheck = work + 4096;
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    // ---- equality and order ----

    static boolean equal(Object a, Object b) throws EvalException, InterruptedException {
        return equal(a, b, new Meter(), 0);
    }

    private static boolean equal(Object a, Object b, Meter meter, int depth) throws EvalException, InterruptedException {
        meter.charge(1);
        if (a == b) {
            return true;
        }
        if (a instanceof String s) {
            if (b instanceof String t) {
                meter.charge(Math.min(s.length(), t.length()) >> 6);
                return s.equals(t);
            }
            return false;
        }
        if (a instanceof StarlarkList<?> x) {
            return b instanceof StarlarkList<?> y && sameElements(x, y, meter, depth);
        }
        if (a instanceof Tuple x) {
            return b instanceof Tuple y && sameElements(x, y, meter, depth);
        }
        if (a instanceof Dict<?, ?> x) {
            if (!(b instanceof Dict<?, ?> y) || x.size() != y.size()) {
                return false;
            }
            deeper(depth);
            for (Map.Entry<?, ?> e : x.entrySet()) {
                meter.charge(64); // a lookup may walk a bucket of colliding keys: check the deadline often
                Object other = y.get(e.getKey());
                if (other == null || !equal(e.getValue(), other, meter, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean sameElements(Sequence<?> x, Sequence<?> y, Meter meter, int depth)
            throws EvalException, InterruptedException {
        if (x.size() != y.size()) {
            return false;
        }
        deeper(depth);
        for (int i = 0; i < x.size(); i++) {
            if (!equal(x.get(i), y.get(i), meter, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Starlark's order: negative, zero or positive, or the interpreter's own error for unordered types. */
    static int compare(Object a, Object b) throws EvalException, InterruptedException {
        return compare(a, b, new Meter(), 0);
    }

    private static int compare(Object a, Object b, Meter meter, int depth) throws EvalException, InterruptedException {
        meter.charge(1);
        if (a instanceof String s && b instanceof String t) {
            meter.charge(Math.min(s.length(), t.length()) >> 6);
            return s.compareTo(t);
        }
        if (a instanceof Sequence<?> x && b instanceof Sequence<?> y && a.getClass() == b.getClass()
                && (a instanceof StarlarkList || a instanceof Tuple)) {
            deeper(depth);
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                Object p = x.get(i);
                Object q = y.get(i);
                if (p != q && !equal(p, q, meter, depth + 1)) {
                    int c = compare(p, q, meter, depth + 1);
                    if (c != 0) {
                        return c;
                    }
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        try {
            return Starlark.ORDERING.compare(a, b);
        } catch (ClassCastException e) {
            throw new EvalException(e.getMessage());
        }
    }

    private static void deeper(int depth) throws LimitException {
        if (depth >= MAX_DEPTH) {
            throw new LimitException("values nested more than " + MAX_DEPTH + " levels deep cannot be compared");
        }
    }

    // ---- membership ----

    /** {@code x in container}. */
    static boolean contains(StarlarkThread thread, Object container, Object x) throws EvalException, InterruptedException {
        if (container instanceof String s) {
            if (!(x instanceof String sub)) {
                throw Starlark.errorf("'in <string>' requires string as left operand, not '%s'", Starlark.type(x));
            }
            checkSearch("substring in string", s, sub);
            return s.contains(sub);
        }
        if (container instanceof StarlarkList<?> || container instanceof Tuple) {
            Meter meter = new Meter();
            for (Object item : (Sequence<?>) container) {
                if (equal(x, item, meter, 0)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Dict<?, ?>) {
            checkKey(x);
        }
        if (container instanceof StarlarkIndexable indexable) {
            return indexable.containsKey(thread.getSemantics(), x);
        }
        if (container instanceof StarlarkIndexable.Threaded indexable) {
            return indexable.containsKey(thread, thread.getSemantics(), x);
        }
        throw Starlark.errorf("unsupported binary operation: %s in %s", Starlark.type(x), Starlark.type(container));
    }

    // ---- dict keys ----

    /**
     * Refuses a tuple key larger than {@link #MAX_KEY_CHARS} as text (a shared part counted each time
     * it appears) or nested deeper than {@link StarlarkValues#MAX_DEPTH}: Starlark walks a tuple key to
     * hash it and to check it is hashable, uninterruptibly, on every lookup, and prints it whole in
     * "not found" and "duplicate key" errors.
     */
    static void checkKey(Object key) throws LimitException {
        if (key instanceof Tuple && StarlarkValues.sizeUpTo(key, MAX_KEY_CHARS) > MAX_KEY_CHARS) {
            throw new LimitException("a dict key that is a tuple of more than " + MAX_KEY_CHARS + " characters (a shared"
                    + " part counted each time it appears) or nested more than " + StarlarkValues.MAX_DEPTH
                    + " levels is too large: use a string key");
        }
    }

    // ---- substring search ----

    /**
     * Refuses a search whose worst case, (n - m + 1) * m character comparisons for a substring of m
     * characters in a string of n, is over {@link #MAX_SEARCH_WORK}: one search cannot be interrupted.
     */
    static void checkSearch(String what, String s, String sub) throws LimitException {
        long n = s.length();
        long m = sub.length();
        if (m < 2 || m > n) {
            return;
        }
        if ((n - m + 1) * m > MAX_SEARCH_WORK) {
            throw new LimitException(what + ": searching " + n + " characters for a substring of " + m
                    + " could take " + (n - m + 1) * m + " character comparisons, over the limit of " + MAX_SEARCH_WORK
                    + ": search a smaller part, or for a shorter substring");
        }
    }

    // ---- builtins replaced ----

    /** {@code sorted(iterable, key=None, reverse=False)}, stable, as Starlark's. */
    static Object sorted(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() != 1) {
            throw Starlark.errorf("sorted takes one iterable and optional key= and reverse=, e.g. sorted(xs, key=f)");
        }
        Object key = Starlark.NONE;
        boolean reverse = false;
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            switch (e.getKey()) {
                case "key" -> key = e.getValue();
                case "reverse" -> reverse = Starlark.truth(e.getValue());
                default -> throw Starlark.errorf("sorted got an unexpected keyword argument '%s'", e.getKey());
            }
        }
        Object[] items = Starlark.toArray(args.get(0));
        Object[] keys = keys(thread, key, items, "sorted");
        Integer[] order = new Integer[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Meter meter = new Meter();
        boolean descending = reverse;
        sort(order, (i, j) -> descending ? compare(keys[j], keys[i], meter, 0) : compare(keys[i], keys[j], meter, 0));
        Object[] out = new Object[items.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = items[order[i]];
        }
        return StarlarkList.of(thread.mutability(), out);
    }

    /** {@code min(...)} or {@code max(...)}: of one iterable or of several arguments, with an optional key=. */
    static Object extreme(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs, boolean max)
            throws EvalException, InterruptedException {
        String name = max ? "max" : "min";
        Object key = Starlark.NONE;
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            if (!e.getKey().equals("key")) {
                throw Starlark.errorf("%s got an unexpected keyword argument '%s'", name, e.getKey());
            }
            key = e.getValue();
        }
        if (args.isEmpty()) {
            throw Starlark.errorf("%s takes an iterable or several values, e.g. %s(xs)", name, name);
        }
        Object[] items = args.size() == 1 ? Starlark.toArray(args.get(0)) : args.toArray();
        if (items.length == 0) {
            throw Starlark.errorf("expected at least one item");
        }
        Object[] keys = keys(thread, key, items, name);
        Meter meter = new Meter();
        int best = 0;
        for (int i = 1; i < items.length; i++) {
            int c = compare(keys[best], keys[i], meter, 0);
            if (max ? c < 0 : c > 0) {
                best = i;
            }
        }
        return items[best];
    }

    private static Object[] keys(StarlarkThread thread, Object key, Object[] items, String name)
            throws EvalException, InterruptedException {
        if (key == Starlark.NONE) {
            return items;
        }
        if (!(key instanceof StarlarkCallable fn)) {
            throw Starlark.errorf("%s: for key, got %s, want callable", name, Starlark.type(key));
        }
        Object[] keys = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            keys[i] = Starlark.fastcall(thread, fn, new Object[] {items[i]}, new Object[0]);
        }
        return keys;
    }

    @FunctionalInterface
    private interface IndexOrder {
        int compare(int i, int j) throws EvalException, InterruptedException;
    }

    /** A stable sort that lets the comparison's checked failures out. */
    private static void sort(Integer[] order, IndexOrder order2) throws EvalException, InterruptedException {
        final class Escape extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient Exception cause;

            Escape(Exception cause) {
                super(null, null, false, false);
                this.cause = cause;
            }
        }
        try {
            Arrays.sort(order, (i, j) -> {
                try {
                    return order2.compare(i, j);
                } catch (EvalException | InterruptedException e) {
                    throw new Escape(e);
                }
            });
        } catch (Escape e) {
            if (e.cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw (EvalException) e.cause;
        } catch (IllegalArgumentException e) {
            throw Starlark.errorf("sorted: these values have no consistent order (mixed types or nan)");
        }
    }

    /** {@code dict(pairs=[], **kwargs)}. */
    static Object dict(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() > 1) {
            throw Starlark.errorf("dict takes at most one positional argument (a dict or a list of pairs), got %d",
                    args.size());
        }
        Dict<Object, Object> out = Dict.of(thread.mutability());
        update("dict", out, args.isEmpty() ? null : args.get(0), kwargs);
        return out;
    }

    /** {@code d.update(pairs=[], **kwargs)} and the body of {@code dict(...)}: one entry at a time. */
    static void update(String name, Dict<Object, Object> target, Object pairs, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        Starlark.checkMutable(target);
        Meter meter = new Meter();
        if (pairs instanceof Dict<?, ?> source) {
            for (Map.Entry<?, ?> e : List.copyOf(source.entrySet())) {
                put(target, e.getKey(), e.getValue(), meter);
            }
        } else if (pairs != null) {
            Iterable<?> items;
            try {
                items = Starlark.toIterable(pairs);
            } catch (EvalException e) {
                throw Starlark.errorf("in %s, got %s, want iterable", name, Starlark.type(pairs));
            }
            int index = 0;
            List<Object> copy = new ArrayList<>();
            for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
                copy.add(it.next());
            }
            for (Object item : copy) {
                Object[] pair;
                try {
                    pair = Starlark.toArray(item);
                } catch (EvalException e) {
                    throw Starlark.errorf("in %s, dictionary update sequence element #%d is not iterable (%s)", name,
                            index, Starlark.type(item));
                }
                if (pair.length != 2) {
                    throw Starlark.errorf("in %s, item #%d has length %d, but exactly two elements are required", name,
                            index, pair.length);
                }
                put(target, pair[0], pair[1], meter);
                index++;
            }
        }
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            put(target, e.getKey(), e.getValue(), meter);
        }
    }

    private static void put(Dict<Object, Object> target, Object key, Object value, Meter meter)
            throws EvalException, InterruptedException {
        meter.charge(64); // an insert may walk a bucket of colliding keys: check the deadline often
        checkKey(key);
        target.putEntry(key, value);
    }

    /** {@code list.index(x, start=None, end=None)} with a bounded comparison. */
    static Object listIndex(StarlarkList<?> list, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        Object[] given = {Starlark.NONE, Starlark.NONE};
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            int slot = switch (e.getKey()) {
                case "start" -> 0;
                case "end" -> 1;
                default -> throw Starlark.errorf("index got an unexpected keyword argument '%s'", e.getKey());
            };
            given[slot] = e.getValue();
        }
        if (args.isEmpty() || args.size() > 3) {
            throw Starlark.errorf("index takes a value and optional start and end, e.g. xs.index(x)");
        }
        for (int i = 1; i < args.size(); i++) {
            given[i - 1] = args.get(i);
        }
        int n = list.size();
        int start = given[0] == Starlark.NONE ? 0 : index(Starlark.toInt(given[0], "start"), n);
        int end = given[1] == Starlark.NONE ? n : index(Starlark.toInt(given[1], "end"), n);
        Meter meter = new Meter();
        for (int i = start; i < end; i++) {
            if (equal(list.get(i), args.get(0), meter, 0)) {
                return StarlarkInt.of(i);
            }
        }
        throw notFound(args.get(0));
    }

    /** Python's {@code list.count(x)}, which Starlark lacks, with a bounded comparison. */
    static Object listCount(StarlarkList<?> list, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() != 1 || !kwargs.isEmpty()) {
            throw Starlark.errorf("count takes one value, e.g. xs.count(x)");
        }
        Meter meter = new Meter();
        int count = 0;
        for (int i = 0; i < list.size(); i++) {
            if (equal(list.get(i), args.get(0), meter, 0)) {
                count++;
            }
        }
        return StarlarkInt.of(count);
    }

    /** {@code list.remove(x)} with a bounded comparison. */
    static Object listRemove(StarlarkList<Object> list, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (args.size() != 1 || !kwargs.isEmpty()) {
            throw Starlark.errorf("remove takes one value, e.g. xs.remove(x)");
        }
        Starlark.checkMutable(list);
        Meter meter = new Meter();
        for (int i = 0; i < list.size(); i++) {
            if (equal(list.get(i), args.get(0), meter, 0)) {
                list.removeElementAt(i);
                return Starlark.NONE;
            }
        }
        throw notFound(args.get(0));
    }

    private static EvalException notFound(Object x) {
        // The interpreter's message shows the value; a huge or deeply shared one is not printed.
        long size = StarlarkValues.sizeUpTo(x, 200);
        return size > 200 ? Starlark.errorf("item not found in list") : Starlark.errorf("item %s not found in list",
                Starlark.repr(x));
    }

    /** A Python-style index clamped to [0, n]. */
    private static int index(int i, int n) {
        return Math.max(0, Math.min(n, i < 0 ? i + n : i));
    }
}
