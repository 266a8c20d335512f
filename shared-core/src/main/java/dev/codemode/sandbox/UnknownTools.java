package dev.codemode.sandbox;

import java.util.Map;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Resolver;
import net.starlark.java.syntax.StarlarkFile;

/**
 * Finds {@code server.tool} written for a tool the server does not have, on the compiled program,
 * before anything runs or anyone is asked to approve. Only a server name the resolver bound to the
 * server's global counts: a script that rebinds the name is left to the run-time check.
 */
final class UnknownTools extends NodeVisitor {

    private final Map<String, Object> predeclared;
    private final PreparedScript prepared;
    private ScriptError found;

    private UnknownTools(Map<String, Object> predeclared, PreparedScript prepared) {
        this.predeclared = predeclared;
        this.prepared = prepared;
    }

    /** The first unknown tool, as the error the run would have given, or {@code null}. */
    static ScriptError find(StarlarkFile compiled, Map<String, Object> predeclared, PreparedScript prepared) {
        UnknownTools walk = new UnknownTools(predeclared, prepared);
        walk.visit(compiled);
        return walk.found;
    }

    @Override
    public void visit(DotExpression dot) {
        if (found == null && dot.getObject() instanceof Identifier object && object.getBinding() != null
                && object.getBinding().getScope() == Resolver.Scope.PREDECLARED
                && predeclared.get(object.getName()) instanceof ServerBinding server
                && !server.hasTool(dot.getField().getName())) {
            int[] at = prepared.toUser(dot.getDotLocation());
            String name = dot.getField().getName();
            found = new ScriptError("runtime", server.unknownToolMessage(name),
                    at == null ? null : at[0], at == null ? null : at[1], server.unknownToolHint(name));
            return;
        }
        super.visit(dot);
    }
}
