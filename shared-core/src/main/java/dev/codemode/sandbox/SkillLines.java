package dev.codemode.sandbox;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the skills a script calls sit in the text the sandbox compiles: the script as written, then
 * each skill's {@code def} under its reserved name ({@code _cm_skill_<name>}). The script's own lines
 * keep their numbers; a line past them belongs to a skill, and errors there are reported as
 * {@code skills.<name> line N} (N counted in the skill's own source).
 *
 * @param source   the script and the skills, as compiled (before the sandbox's rewriting)
 * @param boundary the offset where the first skill starts (the script's length, with its last newline)
 * @param segments the skills, in order
 */
record SkillLines(String source, int boundary, List<Segment> segments) {

    /** The prefix of the name a skill's def is compiled under. */
    static final String PREFIX = ScriptPreparer.GUARD_PREFIX + "skill_";

    /** One skill: its name and the line of the compiled text its def starts on. */
    record Segment(String name, int firstLine) {
    }

    SkillLines {
        segments = List.copyOf(segments);
    }

    Set<String> names() {
        return Set.copyOf(segments.stream().map(Segment::name).toList());
    }

    int firstSkillLine() {
        return segments.get(0).firstLine();
    }

    /** The skill holding compiled line {@code line}, or {@code null} for a line of the script. */
    @Nullable Segment at(int line) {
        Segment found = null;
        for (Segment s : segments) {
            if (s.firstLine() <= line) {
                found = s;
            }
        }
        return found;
    }

    /** Whether compiled line {@code line} is the first line of a skill's def. */
    boolean isDefLine(int line) {
        return segments.stream().anyMatch(s -> s.firstLine() == line);
    }

    /** "skills.name line N: " for a compiled line inside a skill, else {@code null}. */
    @Nullable String prefix(int line) {
        Segment s = at(line);
        return s == null ? null : "skills." + s.name() + " line " + (line - s.firstLine() + 1) + ": ";
    }

    /** {@code error} with a line inside a skill told as the skill's: the script's line and column are left out. */
    ScriptError relocate(ScriptError error) {
        if (error.line() == null) {
            return error;
        }
        String prefix = prefix(error.line());
        return prefix == null ? error
                : new ScriptError(error.kind(), prefix + error.message(), null, null, error.hint());
    }
}
