package dev.codemode.policy;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.Comprehension;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Expression;
import net.starlark.java.syntax.ForStatement;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.Node;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Parameter;
import net.starlark.java.syntax.StarlarkFile;

/**
 * Finds the tools a script can call, on its parsed syntax tree (never on text).
 *
 * <p>Every {@code server.tool} written in the script counts as a use of that tool, wherever it is
 * written: called directly ({@code crm.lookup_customer(...)}), given to {@code try_call} or
 * {@code parallel}, or used as a value (stored in a list, a dict or a variable, passed to a helper,
 * built into a list of calls in a comprehension). A script can only reach a tool through such a
 * reference or through the server itself, so these are all the tools it can call. Any other use of
 * a server name makes the script undetermined: a server assigned, stored, passed to a function,
 * given to {@code getattr} or {@code dir}, and any rebinding of a server name, {@code parallel} or
 * {@code try_call}. Runtime enforcement in the binding backs this up: whatever the analysis says, a
 * call to a tool that was not approved fails.
 */
final class ScriptAnalyzer {

    static final String PARALLEL = "parallel";
    static final String TRY_CALL = "try_call";

    private ScriptAnalyzer() {
    }

    /**
     * The tools {@code file} can call. The tree comes from the sandbox's parser, whose depth limits keep
     * the walk below within any thread's stack.
     */
    static ScriptTools analyze(StarlarkFile file, CatalogView view) {
        Set<String> servers = new LinkedHashSet<>();
        for (CatalogServer s : view.servers()) {
            servers.add(s.id());
        }
        Walk walk = new Walk(servers, view);
        walk.visit(file);
        return new ScriptTools(walk.tools, walk.reasons);
    }

    private static final class Walk extends NodeVisitor {
        final Set<String> servers;
        final CatalogView view;
        final Set<CatalogTool> tools = new LinkedHashSet<>();
        final List<String> reasons = new ArrayList<>();

        Walk(Set<String> servers, CatalogView view) {
            this.servers = servers;
            this.view = view;
        }

        @Override
        public void visit(DotExpression dot) {
            if (dot.getObject() instanceof Identifier object && servers.contains(object.getName())) {
                // Called or used as a value: either way the script can call this tool, and only this one.
                view.tool(object.getName(), dot.getField().getName()).ifPresent(tools::add);
                return; // the object is accounted for; the field is a name, not a variable
            }
            visit(dot.getObject());
        }

        @Override
        public void visit(Identifier id) {
            if (servers.contains(id.getName())) {
                reasons.add(id.getName() + " is used as a value at " + where(id));
            }
        }

        @Override
        public void visit(AssignmentStatement node) {
            bound(node.getLHS());
            super.visit(node);
        }

        @Override
        public void visit(ForStatement node) {
            bound(node.getVars());
            super.visit(node);
        }

        @Override
        public void visit(Comprehension.For node) {
            bound(node.getVars());
            super.visit(node);
        }

        @Override
        public void visit(DefStatement node) {
            rebinding(node.getIdentifier());
            for (Parameter p : node.getParameters()) {
                if (p.getIdentifier() != null) {
                    rebinding(p.getIdentifier());
                }
                if (p.getDefaultValue() != null) {
                    visit(p.getDefaultValue());
                }
            }
            visitBlock(node.getBody());
        }

        @Override
        public void visit(Parameter node) {
            if (node.getDefaultValue() != null) {
                visit(node.getDefaultValue());
            }
        }

        private void bound(Expression lhs) {
            for (Identifier id : Identifier.boundIdentifiers(lhs)) {
                rebinding(id);
            }
        }

        private void rebinding(Identifier id) {
            String name = id.getName();
            if (servers.contains(name) || name.equals(PARALLEL) || name.equals(TRY_CALL)) {
                reasons.add(name + " is rebound at " + where(id));
            }
        }

        private static String where(Node node) {
            return "line " + node.getStartLocation().line();
        }
    }
}
