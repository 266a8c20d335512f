package dev.codemode.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Sequence;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkFloat;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.StarlarkList;

/**
 * The one conversion table between JSON values (as plain Java) and Starlark values. Every other
 * class converts through here.
 *
 * <pre>
 *   JSON (Java)                          Starlark
 *   Map (string keys)               <->  dict (string keys; other keys are an error)
 *   List                            <->  list   (tuple and range also convert to List)
 *   String                          <->  str
 *   Integer, Long, BigInteger       <->  int    (Long when it fits, else BigInteger)
 *   Float, Double, BigDecimal       <->  float  (NaN and infinities have no JSON form: error)
 *   Boolean                         <->  bool
 *   null                            <->  None
 *   anything else                    ->  error naming its type
 * </pre>
 *
 * <p>Each conversion has a budget in characters of JSON (strings count their length, every other
 * value a few characters, and shared substructures count every time they are reached), and a depth
 * limit, so a hostile value fails fast instead of exhausting memory or the stack. {@link #sizeUpTo}
 * measures text as it prints: escapes counted, a range by its repr, a cycle as "...".
 */
final class StarlarkValues {

    /** Deeper nesting than this is refused both ways. */
    public static final int MAX_DEPTH = 64;

    private StarlarkValues() {
    }

    /** A value over its budget or nested too deeply; the message says which. */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** JSON value to Starlark, in a fresh mutable structure owned by {@code mutability}. */
    public static Object toStarlark(Object json, Mutability mutability, long budget)
            throws EvalException, TooLargeException {
        return new Budget(budget).toStarlark(json, mutability, 0);
    }

    /** Starlark value to JSON. */
    public static Object toJava(Object value, long budget) throws EvalException, TooLargeException {
        return new Budget(budget).toJava(value, 0);
    }

    /** Characters of the JSON form, counted up to {@code budget} (returns {@code budget + 1} past it). */
    public static long sizeUpTo(Object value, long budget) {
        Budget b = new Budget(budget);
        try {
            b.measure(value, 0);
            return budget - b.left;
        } catch (TooLargeException e) {
            return budget + 1;
        }
    }

    private static final class Budget {
        private final long limit;
        private long left;

        Budget(long limit) {
            this.limit = limit;
            this.left = limit;
        }

        private void spend(long n) throws TooLargeException {
            left -= n;
            if (left < 0) {
                throw new TooLargeException("larger than " + limit + " characters of JSON");
            }
        }

        private static void depth(int depth) throws TooLargeException {
            if (depth > MAX_DEPTH) {
                throw new TooLargeException("nested more than " + MAX_DEPTH + " levels deep");
            }
        }

        Object toStarlark(Object v, Mutability mu, int depth) throws EvalException, TooLargeException {
            depth(depth);
            if (v == null) {
                spend(4);
                return Starlark.NONE;
            }
            if (v instanceof String s) {
                spend(s.length() + 2L);
                return s;
            }
            if (v instanceof Boolean b) {
                spend(5);
                return b;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                spend(8);
                return StarlarkInt.of(((Number) v).longValue());
            }
            if (v instanceof BigInteger big) {
                spend(big.bitLength() / 3 + 1);
                return StarlarkInt.of(big);
            }
            if (v instanceof BigDecimal dec) {
                spend(dec.precision() + 2L);
                return StarlarkFloat.of(dec.doubleValue());
            }
            if (v instanceof Number n) {
                spend(8);
                return StarlarkFloat.of(n.doubleValue());
            }
            if (v instanceof Map<?, ?> map) {
                spend(2);
                Dict<String, Object> dict = Dict.of(mu);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    spend(key.length() + 3L);
                    dict.putEntry(key, toStarlark(e.getValue(), mu, depth + 1));
                }
                return dict;
            }
            if (v instanceof List<?> list) {
                spend(2);
                StarlarkList<Object> out = StarlarkList.newList(mu);
                for (Object item : list) {
                    spend(1);
                    out.addElement(toStarlark(item, mu, depth + 1));
                }
                return out;
            }
            throw Starlark.errorf("a Java %s has no JSON form", v.getClass().getSimpleName());
        }

        Object toJava(Object v, int depth) throws EvalException, TooLargeException {
            depth(depth);
            if (v == Starlark.NONE || v == null) {
                spend(4);
                return null;
            }
            if (v instanceof String s) {
                spend(s.length() + 2L);
                return s;
            }
            if (v instanceof Boolean b) {
                spend(5);
                return b;
            }
            if (v instanceof StarlarkInt i) {
                BigInteger big = i.toBigInteger();
                spend(big.bitLength() / 3 + 1);
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            if (v instanceof StarlarkFloat f) {
                double d = f.toDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw Starlark.errorf("%s has no JSON form", Starlark.repr(f));
                }
                spend(8);
                return d;
            }
            if (v instanceof Dict<?, ?> dict) {
                spend(2);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : dict.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        // The key is shown only when short: a tuple key can print to gigabytes.
                        throw sizeUpTo(e.getKey(), 60) <= 60
                                ? Starlark.errorf("dict key %s is a %s: JSON objects need string keys",
                                        Starlark.repr(e.getKey()), Starlark.type(e.getKey()))
                                : Starlark.errorf("a dict key is a %s: JSON objects need string keys",
                                        Starlark.type(e.getKey()));
                    }
                    spend(key.length() + 3L);
                    out.put(key, toJava(e.getValue(), depth + 1));
                }
                return out;
            }
            if (v instanceof Sequence<?> seq) {
                spend(2);
                List<Object> out = new ArrayList<>(Math.min(seq.size(), 1024));
                for (Object item : seq) {
                    spend(1);
                    out.add(toJava(item, depth + 1));
                }
                return out;
            }
            throw Starlark.errorf("a %s has no JSON form", Starlark.type(v));
        }

        /** Containers on the path from the root to the value being measured: a cycle prints as "...". */
        private final java.util.Set<Object> path = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        void measure(Object v, int depth) throws TooLargeException {
            depth(depth);
            if (v instanceof String s) {
                spend(2);
                textLength(s);
            } else if (v instanceof StarlarkInt i) {
                spend(i.toBigInteger().bitLength() / 3 + 1);
            } else if (v instanceof Dict<?, ?> || v instanceof Sequence<?>) {
                if (!path.add(v)) {
                    spend(5);
                    return;
                }
                try {
                    if (v instanceof Dict<?, ?> dict) {
                        spend(2);
                        for (Map.Entry<?, ?> e : dict.entrySet()) {
                            measure(e.getKey(), depth + 1);
                            measure(e.getValue(), depth + 1);
                        }
                    } else if (Starlark.type(v).equals("range")) {
                        spend(Starlark.repr(v).length()); // printed as range(a, b, c), not item by item
                    } else {
                        spend(2);
                        for (Object item : (Sequence<?>) v) {
                            spend(1);
                            measure(item, depth + 1);
                        }
                    }
                } finally {
                    path.remove(v);
                }
            } else {
                spend(Math.max(4, String.valueOf(v).length()));
            }
        }

        /**
         * A string as printed or encoded: a control character takes up to six characters ({@code \u0001}),
         * a quote, backslash or line break two. Stops at the budget, so a huge string costs the budget.
         */
        private void textLength(String s) throws TooLargeException {
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                n += c < 0x20 || c == 0x7f ? 6 : c == '"' || c == '\\' ? 2 : 1;
                if (n > left) {
                    spend(n);
                }
            }
            spend(n);
        }
    }
}
