package dev.codemode.sandbox;

import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkList;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Tuple;

/**
 * The Python methods of strings, lists and dicts that Starlark lacks and a model writes anyway, done
 * the way Python does them, under the same guards as the rest ({@link ScriptPreparer#GUARDED_METHODS}
 * routes them here through {@code _cm_method}):
 *
 * <ul>
 *   <li>strings: {@code split()} and {@code rsplit()} without a separator (on runs of whitespace),
 *       {@code isnumeric}, {@code zfill}, {@code ljust}, {@code rjust}, {@code center},
 *       {@code casefold};</li>
 *   <li>lists: {@code sort(key=, reverse=)} (in place, through the bounded {@code sorted}),
 *       {@code reverse}, {@code copy}, {@code count};</li>
 *   <li>dicts: {@code copy}.</li>
 * </ul>
 */
final class PythonHabits {

    /** Returned when the method is not one of these: the caller goes on to Starlark's own. */
    static final Object NOT_HANDLED = new Object();

    private PythonHabits() {
    }

    static Object call(StarlarkThread thread, Object x, String name, Tuple positional, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        long cap = ScriptRun.of(thread).limits.maxValueChars();
        if (x instanceof String s) {
            return switch (name) {
                case "split", "rsplit" -> isWhitespaceSplit(positional, kwargs)
                        ? splitWhitespace(thread, s, maxsplit(name, positional, kwargs), name.equals("rsplit"), cap)
                        : NOT_HANDLED;
                case "isnumeric" -> {
                    none(name, positional, kwargs);
                    yield !s.isEmpty() && s.codePoints().allMatch(PythonHabits::isNumeric);
                }
                case "casefold" -> {
                    none(name, positional, kwargs);
                    yield s.toLowerCase(java.util.Locale.ROOT);
                }
                case "zfill" -> zfill(s, width(name, positional, kwargs, 1, cap));
                case "ljust", "rjust", "center" -> pad(s, name, width(name, positional, kwargs, 2, cap),
                        fill(name, positional, kwargs));
                default -> NOT_HANDLED;
            };
        }
        if (x instanceof StarlarkList<?> list) {
            @SuppressWarnings("unchecked")
            StarlarkList<Object> target = (StarlarkList<Object>) list;
            switch (name) {
                case "sort" -> {
                    if (!positional.isEmpty()) {
                        throw Starlark.errorf("sort takes only key= and reverse=, e.g. xs.sort(key=f)");
                    }
                    Object sorted = BoundedOps.sorted(thread, Tuple.of(list), kwargs);
                    target.clearElements();
                    target.addElements((StarlarkList<?>) sorted);
                    return Starlark.NONE;
                }
                case "reverse" -> {
                    none(name, positional, kwargs);
                    Object[] items = target.toArray();
                    for (int i = 0; i < items.length; i++) {
                        target.setElementAt(i, items[items.length - 1 - i]);
                    }
                    return Starlark.NONE;
                }
                case "copy" -> {
                    none(name, positional, kwargs);
                    return StarlarkList.copyOf(thread.mutability(), list);
                }
                case "count" -> {
                    return BoundedOps.listCount(list, positional, kwargs);
                }
                default -> {
                    return NOT_HANDLED;
                }
            }
        }
        if (x instanceof Dict<?, ?> dict && name.equals("copy")) {
            none(name, positional, kwargs);
            return Dict.copyOf(thread.mutability(), dict);
        }
        return NOT_HANDLED;
    }

    private static boolean isWhitespaceSplit(Tuple positional, Dict<String, Object> kwargs) {
        Object sep = positional.isEmpty() ? kwargs.get("sep") : positional.get(0);
        return sep == null || sep == Starlark.NONE;
    }

    private static int maxsplit(String name, Tuple positional, Dict<String, Object> kwargs) throws EvalException {
        Object n = positional.size() > 1 ? positional.get(1) : kwargs.get("maxsplit");
        if (positional.size() > 2) {
            throw Starlark.errorf("%s takes a separator and a maximum number of splits, e.g. s.%s()", name, name);
        }
        return n == null || n == Starlark.NONE ? -1 : Starlark.toInt(n, "maxsplit");
    }

    /** Python's whitespace split: runs of whitespace separate, leading and trailing whitespace is dropped. */
    private static Object splitWhitespace(StarlarkThread thread, String s, int maxsplit, boolean fromRight, long cap)
            throws EvalException {
        java.util.List<String> words = new java.util.ArrayList<>();
        int n = s.length();
        if (!fromRight) {
            int i = 0;
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    break;
                }
                if (maxsplit >= 0 && words.size() == maxsplit) {
                    words.add(s.substring(i).stripTrailing());
                    break;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                words.add(s.substring(start, i));
            }
        } else {
            int i = n;
            while (true) {
                while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                    i--;
                }
                if (i == 0) {
                    break;
                }
                if (maxsplit >= 0 && words.size() == maxsplit) {
                    words.add(s.substring(0, i).stripLeading());
                    break;
                }
                int end = i;
                while (i > 0 && !Character.isWhitespace(s.charAt(i - 1))) {
                    i--;
                }
                words.add(s.substring(i, end));
            }
            java.util.Collections.reverse(words);
        }
        if (words.size() > cap) {
            throw new LimitException("split() would make " + words.size() + " items, over the limit of " + cap
                    + ": work on a part of it");
        }
        return StarlarkList.copyOf(thread.mutability(), words);
    }

    private static boolean isNumeric(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static int width(String name, Tuple positional, Dict<String, Object> kwargs, int most, long cap)
            throws EvalException {
        if (positional.isEmpty() || positional.size() > most || !kwargs.isEmpty()) {
            throw Starlark.errorf("%s takes a width%s, e.g. s.%s(8)", name, most > 1 ? " and a fill character" : "",
                    name);
        }
        int width = Starlark.toInt(positional.get(0), "width");
        Guards.checkSize("the string made by " + name, width, cap);
        return width;
    }

    private static char fill(String name, Tuple positional, Dict<String, Object> kwargs) throws EvalException {
        if (positional.size() < 2) {
            return ' ';
        }
        if (!(positional.get(1) instanceof String f) || f.length() != 1) {
            throw Starlark.errorf("the fill character of %s must be one character, e.g. s.%s(8, \"0\")", name, name);
        }
        return f.charAt(0);
    }

    private static String zfill(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        int sign = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        return s.substring(0, sign) + "0".repeat(width - s.length()) + s.substring(sign);
    }

    private static String pad(String s, String name, int width, char fill) {
        int missing = width - s.length();
        if (missing <= 0) {
            return s;
        }
        String f = String.valueOf(fill);
        return switch (name) {
            case "ljust" -> s + f.repeat(missing);
            case "rjust" -> f.repeat(missing) + s;
            default -> {
                // Python puts the odd character on the right, except when both are odd.
                int left = missing / 2 + (missing & width & 1);
                yield f.repeat(left) + s + f.repeat(missing - left);
            }
        };
    }

    private static void none(String name, Tuple positional, Dict<String, Object> kwargs) throws EvalException {
        if (!positional.isEmpty() || !kwargs.isEmpty()) {
            throw Starlark.errorf("%s takes no arguments", name);
        }
    }
}
