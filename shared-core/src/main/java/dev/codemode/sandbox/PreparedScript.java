package dev.codemode.sandbox;

import net.starlark.java.syntax.Location;
import org.jspecify.annotations.Nullable;

/**
 * A user script rewritten for the interpreter, with the map back to the user's lines and columns.
 *
 * @param text      the rewritten source
 * @param origin    for each offset of {@code text}, the offset in the user's source it came from, or
 *                  -1 for generated text
 * @param userLines offsets at which the user's lines start
 * @param resultNote what the answer says when the script never assigns {@code result}, or {@code null}
 * @param skills    where the skills the script calls follow it, or {@code null} when it calls none
 */
record PreparedScript(String text, int[] origin, int[] userLines, @Nullable String resultNote,
        @Nullable SkillLines skills) {

    static final String FILE = "script";

    /** The user's (line, column) for a location in the rewritten text, or {@code null}. */
    int[] toUser(Location location) {
        if (location == null || !FILE.equals(location.file()) || location.line() <= 0) {
            return null;
        }
        int offset = offsetOf(text, location.line(), Math.max(1, location.column()));
        if (offset < 0 || offset >= origin.length) {
            return null;
        }
        int userOffset = origin[offset];
        for (int probe = offset; userOffset < 0 && probe < origin.length; probe++) {
            userOffset = origin[probe];
        }
        if (userOffset < 0) {
            return null;
        }
        int line = lineOf(userLines, userOffset);
        return new int[] {line + 1, userOffset - userLines[line] + 1};
    }

    static int[] lineStarts(String s) {
        int count = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                starts[n++] = i + 1;
            }
        }
        return starts;
    }

    static int lineOf(int[] starts, int offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int offsetOf(String s, int line, int column) {
        int current = 1;
        int i = 0;
        while (current < line && i < s.length()) {
            if (s.charAt(i++) == '\n') {
                current++;
            }
        }
        return current == line ? i + column - 1 : -1;
    }
}
