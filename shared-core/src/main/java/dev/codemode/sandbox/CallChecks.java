package dev.codemode.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.starlark.java.syntax.Argument;
import net.starlark.java.syntax.CallExpression;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.Location;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Resolver;
import net.starlark.java.syntax.StarlarkFile;

/**
 * Finds, on the compiled program, before anything runs or anyone is asked to approve, what a tool call
 * would be refused for at run time: {@code server.tool} for a tool the server does not have, and a
 * call {@code server.tool(...)} with positional arguments, a keyword the tool does not have, or a
 * required parameter missing (unless {@code *args} or {@code **kwargs} make the names unknowable).
 * Only a server name the resolver bound to the server's global counts: a script that rebinds the
 * name is left to the run-time checks, which give the same answers.
 */
final class CallChecks extends NodeVisitor {

    private final Map<String, Object> predeclared;
    private final PreparedScript prepared;
    private ScriptError found;

    private CallChecks(Map<String, Object> predeclared, PreparedScript prepared) {
        this.predeclared = predeclared;
        this.prepared = prepared;
    }

    /** The first refused call, as the error the run would have given, or {@code null}. */
    static ScriptError find(StarlarkFile compiled, Map<String, Object> predeclared, PreparedScript prepared) {
        CallChecks walk = new CallChecks(predeclared, prepared);
        walk.visit(compiled);
        return walk.found;
    }

    @Override
    public void visit(DotExpression dot) {
        ServerBinding server = server(dot);
        if (found == null && server != null && !server.hasTool(dot.getField().getName())) {
            String name = dot.getField().getName();
            found = error(server.unknownToolMessage(name), dot.getDotLocation(), server.unknownToolHint(name));
            return;
        }
        super.visit(dot);
    }

    @Override
    public void visit(CallExpression call) {
        if (found == null && call.getFunction() instanceof DotExpression dot && server(dot) != null
                && server(dot).getValue(dot.getField().getName()) instanceof ToolBinding binding) {
            String problem = problem(binding, call.getArguments());
            if (problem != null) {
                found = error(problem, call.getLparenLocation(), null);
                return;
            }
        }
        super.visit(call);
    }

    private static String problem(ToolBinding binding, List<Argument> arguments) {
        Set<String> given = new HashSet<>();
        for (Argument a : arguments) {
            if (a instanceof Argument.Star || a instanceof Argument.StarStar) {
                return null;
            }
            if (a instanceof Argument.Positional) {
                return ToolBinding.positionalArguments(binding.tool);
            }
            String unknown = ToolBinding.unknownParameter(binding.tool, a.getName());
            if (unknown != null) {
                return unknown;
            }
            given.add(a.getName());
        }
        List<String> missing = new ArrayList<>(ToolBinding.requiredIds(binding.tool));
        missing.removeAll(given);
        return missing.isEmpty() ? null : ToolBinding.missingParameters(binding.tool, missing);
    }

    private ServerBinding server(DotExpression dot) {
        return dot.getObject() instanceof Identifier object && object.getBinding() != null
                && object.getBinding().getScope() == Resolver.Scope.PREDECLARED
                && predeclared.get(object.getName()) instanceof ServerBinding server ? server : null;
    }

    private ScriptError error(String message, Location location, String hint) {
        int[] at = prepared.toUser(location);
        return new ScriptError("runtime", message, at == null ? null : at[0], at == null ? null : at[1], hint);
    }
}
