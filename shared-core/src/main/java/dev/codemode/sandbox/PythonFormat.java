package dev.codemode.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkFloat;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.Tuple;

/**
 * Python's number formatting where Starlark has none: a width, flags or a precision in
 * {@code "%.2f" % x} and a format spec in {@code "{:.2f}".format(x)} or {@code "{:>8,}".format(n)}.
 * Starlark's own formatting does the rest (a string without such a directive never comes here).
 * Widths and precisions are bounded, so a directive cannot build a large string in one step.
 */
final class PythonFormat {

    /** The widest field and the most digits a directive may ask for. */
    static final int MAX_WIDTH = 1000;
    static final int MAX_PRECISION = 100;

    /** A %-directive: flags, width, precision, conversion. */
    private static final Pattern PERCENT = Pattern.compile("%([-+ 0#]*)(\\d*)(?:\\.(\\d+))?([sdirfFeExXo%])");
    /** A directive Starlark's % cannot do: one with flags, a width or a precision. */
    private static final Pattern PERCENT_SPEC = Pattern.compile("%(?:[-+ 0#]+|\\d|\\.)");
    /** A replacement field: {}, {0}, {name}, each with an optional :spec. */
    private static final Pattern FIELD = Pattern.compile("\\{\\{|\\}\\}|\\{([A-Za-z_]\\w*|\\d*)(?::([^{}]*))?\\}");
    /** A format spec: [[fill]align][sign][0][width][,][.precision][type]. */
    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>^]))?([-+ ])?(0)?(\\d*)(,)?(?:\\.(\\d+))?([sdfFeE%xXob]?)");

    private PythonFormat() {
    }

    /** Whether {@code format % args} needs this class: a directive with flags, width or precision. */
    static boolean needsPercent(String format) {
        return PERCENT_SPEC.matcher(format).find();
    }

    /** Whether {@code format.format(...)} needs this class: a field with a spec. */
    static boolean needsBraces(String format) {
        Matcher m = FIELD.matcher(format);
        while (m.find()) {
            if (m.group(2) != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code format % args}, Python's way, for a tuple or a single value. */
    static String percent(String format, Object args, long cap) throws EvalException {
        List<Object> values = args instanceof Tuple t ? new ArrayList<>(t) : List.of(args);
        StringBuilder out = new StringBuilder();
        Matcher m = PERCENT.matcher(format);
        int at = 0;
        int next = 0;
        while (m.find()) {
            unsupportedBetween(format, at, m.start());
            out.append(format, at, m.start());
            at = m.end();
            char conversion = m.group(4).charAt(0);
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            if (next >= values.size()) {
                throw Starlark.errorf("not enough arguments for format string");
            }
            out.append(directive(m.group(1), m.group(2), m.group(3), conversion, values.get(next++)));
        }
        unsupportedBetween(format, at, format.length());
        out.append(format, at, format.length());
        if (next < values.size()) {
            throw Starlark.errorf("not all arguments converted during string formatting");
        }
        return capped(out, cap);
    }

    private static void unsupportedBetween(String format, int from, int to) throws EvalException {
        int percent = format.indexOf('%', from);
        if (percent >= 0 && percent < to) {
            String rest = format.substring(percent, Math.min(format.length(), percent + 12));
            throw Starlark.errorf("unsupported format directive %s: use %%s, %%d, %%r, %%.2f or %%5d",
                    Starlark.repr(rest));
        }
    }

    private static String capped(StringBuilder out, long cap) throws EvalException {
        if (out.length() > cap) {
            throw new LimitException("the formatted string would have " + out.length()
                    + " characters, over the limit of " + cap);
        }
        return out.toString();
    }

    /** {@code format.format(*positional, **named)}, Python's way, specs included. */
    static String braces(String format, Tuple positional, Dict<String, Object> named, long cap)
            throws EvalException {
        StringBuilder out = new StringBuilder();
        Matcher m = FIELD.matcher(format);
        int at = 0;
        int auto = 0;
        while (m.find()) {
            out.append(format, at, m.start());
            at = m.end();
            if (m.group().equals("{{") || m.group().equals("}}")) {
                out.append(m.group().charAt(0));
                continue;
            }
            String field = m.group(1);
            Object value;
            if (field.isEmpty() || Character.isDigit(field.charAt(0))) {
                int index = field.isEmpty() ? auto++ : Integer.parseInt(field);
                if (index >= positional.size()) {
                    throw Starlark.errorf("format: no argument %d (%d given)", index, positional.size());
                }
                value = positional.get(index);
            } else {
                value = named.get(field);
                if (value == null) {
                    throw Starlark.errorf("format: no argument named %s", field);
                }
            }
            out.append(m.group(2) == null ? Starlark.str(value) : spec(m.group(2), value));
        }
        out.append(format, at, format.length());
        return capped(out, cap);
    }

    private static String spec(String spec, Object value) throws EvalException {
        Matcher s = SPEC.matcher(spec);
        if (!s.matches()) {
            throw Starlark.errorf("format spec %s is not supported: use {:.2f}, {:>8}, {:,} or {:05d}",
                    Starlark.repr(spec));
        }
        char fill = s.group(1) == null ? ' ' : s.group(1).charAt(0);
        char align = s.group(2) == null ? 0 : s.group(2).charAt(0);
        String sign = s.group(3) == null ? "" : s.group(3);
        boolean zero = s.group(4) != null;
        int width = bounded("width", s.group(5), MAX_WIDTH);
        boolean grouping = s.group(6) != null;
        String type = s.group(8);
        char conversion = !type.isEmpty() ? type.charAt(0) : value instanceof StarlarkInt ? 'd'
                : value instanceof StarlarkFloat && s.group(7) != null ? 'g' : 's';
        String flags = sign + (grouping ? "," : "") + (zero && align == 0 ? "0" : "");
        String body = directive(flags, "", s.group(7), conversion, value);
        if (body.length() >= width) {
            return body;
        }
        if (zero && align == 0) {
            return directive(flags, String.valueOf(width), s.group(7), conversion, value);
        }
        if (align == 0) {
            align = isNumber(value) ? '>' : '<';
        }
        int pad = width - body.length();
        String f = String.valueOf(fill);
        return switch (align) {
            case '>' -> f.repeat(pad) + body;
            case '^' -> f.repeat(pad / 2) + body + f.repeat(pad - pad / 2);
            default -> body + f.repeat(pad);
        };
    }

    /** One conversion of {@code value} with Python's flags, width and precision. */
    private static String directive(String flags, String widthText, String precisionText, char conversion,
            Object value) throws EvalException {
        int width = bounded("width", widthText, MAX_WIDTH);
        Integer precision = precisionText == null ? null : bounded("precision", precisionText, MAX_PRECISION);
        String w = width > 0 ? String.valueOf(width) : "";
        // Python ignores what Java refuses: 0 or - without a width, 0 beside -, a space beside +.
        String javaFlags = flags.replace("#", "");
        if (w.isEmpty() || javaFlags.contains("-")) {
            javaFlags = javaFlags.replace("0", "");
        }
        if (w.isEmpty()) {
            javaFlags = javaFlags.replace("-", "");
        }
        if (javaFlags.contains("+")) {
            javaFlags = javaFlags.replace(" ", "");
        }
        try {
            return convert(javaFlags, w, precision, conversion, value);
        } catch (java.util.IllegalFormatException e) {
            throw Starlark.errorf("unsupported format directive for %s", Starlark.type(value));
        }
    }

    private static String convert(String javaFlags, String w, Integer precision, char conversion, Object value)
            throws EvalException {
        switch (conversion) {
            case 's', 'r' -> {
                String text = conversion == 's' ? Starlark.str(value) : Starlark.repr(value);
                if (precision != null && precision < text.length()) {
                    text = text.substring(0, precision);
                }
                return String.format(Locale.ROOT, "%" + (javaFlags.contains("-") ? "-" : "") + w + "s", text);
            }
            case 'd', 'i', 'x', 'X', 'o', 'b' -> {
                BigInteger n = integer(value, conversion);
                if (conversion == 'b') {
                    return n.toString(2);
                }
                char c = conversion == 'i' ? 'd' : conversion;
                return String.format(Locale.ROOT, "%" + (c == 'd' ? javaFlags : javaFlags.replace(",", "")) + w + c, n);
            }
            case 'f', 'F', 'e', 'E', 'g', '%' -> {
                BigDecimal d = decimal(value, conversion);
                int digits = precision == null ? 6 : precision;
                if (conversion == '%') {
                    return String.format(Locale.ROOT, "%" + javaFlags + w + "." + digits + "f", d.movePointRight(2))
                            + "%";
                }
                if (conversion == 'g') {
                    String text = new BigDecimal(d.toString()).round(new java.math.MathContext(Math.max(1, digits)))
                            .stripTrailingZeros().toPlainString();
                    return String.format(Locale.ROOT, "%" + (javaFlags.contains("-") ? "-" : "") + w + "s", text);
                }
                return String.format(Locale.ROOT, "%" + javaFlags + w + "." + digits
                        + (conversion == 'F' ? 'f' : conversion), d);
            }
            default -> throw Starlark.errorf("unsupported format character %s", Starlark.repr(String.valueOf(conversion)));
        }
    }

    private static int bounded(String what, String digits, int most) throws EvalException {
        if (digits == null || digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 4 || Integer.parseInt(digits) > most) {
            throw Starlark.errorf("a format %s of %s is over the limit of %d", what, digits, most);
        }
        return Integer.parseInt(digits);
    }

    private static boolean isNumber(Object value) {
        return value instanceof StarlarkInt || value instanceof StarlarkFloat;
    }

    private static BigInteger integer(Object value, char conversion) throws EvalException {
        if (value instanceof StarlarkInt i) {
            return i.toBigInteger();
        }
        if (value instanceof StarlarkFloat f && Double.isFinite(f.toDouble())) {
            return new BigDecimal(f.toDouble()).toBigInteger();
        }
        throw Starlark.errorf("%%%s needs a number, got %s: convert it with int(x) or float(x) first",
                conversion, Starlark.type(value));
    }

    private static BigDecimal decimal(Object value, char conversion) throws EvalException {
        if (value instanceof StarlarkInt i) {
            return new BigDecimal(i.toBigInteger());
        }
        if (value instanceof StarlarkFloat f && Double.isFinite(f.toDouble())) {
            return new BigDecimal(f.toDouble()); // the exact binary value, which Python rounds
        }
        throw Starlark.errorf("%%%s needs a number, got %s: convert it with float(x) first", conversion,
                Starlark.type(value));
    }
}
