package dev.codemode.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.starlark.java.spelling.SpellChecker;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.StarlarkFile;
import org.jspecify.annotations.Nullable;

/**
 * The skills a script calls: every {@code skills.name} written in it. A name the caller has no skill
 * by is the script's error before anything runs (a skill the caller may not call, because it names a
 * tool outside the caller's view, is not named either: it does not exist for that caller).
 */
record SkillCalls(List<String> names, @Nullable ScriptError error) {

    /** Hint names at most this many of the caller's skills. */
    private static final int MAX_LISTED = 10;

    static SkillCalls find(StarlarkFile file, Set<String> known) {
        Set<String> names = new LinkedHashSet<>();
        ScriptError[] error = {null};
        new NodeVisitor() {
            @Override
            public void visit(DotExpression dot) {
                if (error[0] == null && dot.getObject() instanceof Identifier id && id.getName().equals(SkillsGlobal.NAME)) {
                    String name = dot.getField().getName();
                    if (known.contains(name)) {
                        names.add(name);
                    } else {
                        error[0] = new ScriptError("runtime", "no skill " + name, dot.getDotLocation().line(),
                                dot.getDotLocation().column(), hint(name, known));
                    }
                    return;
                }
                visit(dot.getObject());
            }
        }.visit(file);
        return new SkillCalls(List.copyOf(names), error[0]);
    }

    private static String hint(String name, Set<String> known) {
        if (known.isEmpty()) {
            return "you have no skills yet; write the code in the script";
        }
        List<String> sorted = new ArrayList<>(known);
        sorted.sort(null);
        String suggestion = SpellChecker.suggest(name, sorted);
        String listed = String.join(", ", sorted.size() > MAX_LISTED ? sorted.subList(0, MAX_LISTED) : sorted)
                + (sorted.size() > MAX_LISTED ? ", ..." : "");
        return (suggestion == null ? "" : "did you mean skills." + suggestion + "? ") + "your skills: " + listed;
    }
}
