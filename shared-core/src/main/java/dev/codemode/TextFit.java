package dev.codemode;

import java.util.List;
import java.util.function.IntFunction;

/** Shapes answers to fit the output limit: whole lines kept, the rest named. */
final class TextFit {

    private TextFit() {
    }

    /**
     * {@code body} then {@code footer}, within {@code max}: whole lines of the body are kept while they
     * fit, and the rest is replaced by {@code note} of the number of lines left out.
     */
    static String fitLines(String body, String footer, IntFunction<String> note, int max) {
        if (body.length() + footer.length() <= max) {
            return body + footer;
        }
        List<String> lines = body.lines().toList();
        int room = max - footer.length() - note.apply(lines.size()).length();
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String line : lines) {
            if (out.length() + line.length() + 1 > room) {
                break;
            }
            out.append(line).append('\n');
            kept++;
        }
        if (kept == 0 && !lines.isEmpty()) {
            out.append(lines.get(0), 0, Math.max(0, room - 20)).append(" ...\n");
            kept = 1;
        }
        return out + note.apply(lines.size() - kept) + footer;
    }

    /** {@code text} cut to {@code max} characters, saying so: a hostile server must not flood the model. */
    static String capped(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String note = " ... (cut: " + text.length() + " characters)";
        return text.substring(0, Math.max(0, max - note.length())) + note;
    }

    /** Rows as aligned columns; a row whose third cell is empty has two. */
    static String table(List<String[]> rows) {
        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            String line = pad(r[0], w0) + "  " + (r[2].isEmpty() ? r[1] : pad(r[1], w1) + "  " + r[2]);
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The first line of {@code s}, at most 80 characters. */
    static String oneLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
