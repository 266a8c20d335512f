package dev.codemode.sandbox;

import dev.codemode.catalog.CatalogView;
import net.starlark.java.eval.Module;
import net.starlark.java.syntax.Program;
import net.starlark.java.syntax.StarlarkFile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One script, parsed once and compiled against one view's globals by
 * {@link StarlarkInterpreter#prepare}: the user's syntax tree (what the approval analysis reads) and
 * the guarded program compiled from it (what {@link StarlarkInterpreter#run} executes). Runs once.
 *
 * <p>A script that failed a check before running (syntax, static limits, an unknown name) carries
 * that {@link #error()} and runs nothing.
 */
public final class Script {

    private final String source;
    private final CatalogView view;
    private final @Nullable StarlarkFile syntax;
    private final @Nullable PreparedScript prepared;
    private final @Nullable Program program;
    private final @Nullable Module module;
    private final @Nullable ScriptError error;
    private final List<String> skills;

    private Script(String source, CatalogView view, @Nullable StarlarkFile syntax, @Nullable PreparedScript prepared,
            @Nullable Program program, @Nullable Module module, @Nullable ScriptError error, List<String> skills) {
        this.source = source;
        this.view = view;
        this.syntax = syntax;
        this.prepared = prepared;
        this.program = program;
        this.module = module;
        this.error = error;
        this.skills = List.copyOf(skills);
    }

    static Script ready(String source, CatalogView view, StarlarkFile syntax, PreparedScript prepared, Program program,
            Module module, List<String> skills) {
        return new Script(source, view, syntax, prepared, program, module, null, skills);
    }

    static Script failed(String source, CatalogView view, @Nullable StarlarkFile syntax, ScriptError error) {
        return new Script(source, view, syntax, null, null, null, error, List.of());
    }

    /** The skills the script calls ({@code skills.name}), in the order first written; empty when none. */
    public List<String> skills() {
        return skills;
    }

    /** The user's source, as written. */
    public String source() {
        return source;
    }

    /** The view whose servers are this script's globals. */
    public CatalogView view() {
        return view;
    }

    /**
     * The syntax tree the approval analysis reads: the user's, followed by the {@code def} of each skill
     * the script calls (under a reserved name); {@code null} when the source did not parse.
     */
    public @Nullable StarlarkFile syntax() {
        return syntax;
    }

    /** Why the script cannot run, or {@code null} when it can. */
    public @Nullable ScriptError error() {
        return error;
    }

    public boolean isReady() {
        return error == null;
    }

    @Nullable PreparedScript prepared() {
        return prepared;
    }

    @Nullable Program program() {
        return program;
    }

    @Nullable Module module() {
        return module;
    }
}
