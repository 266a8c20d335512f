package dev.codemode.policy;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.starlark.java.syntax.Argument;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.CallExpression;
import net.starlark.java.syntax.Comprehension;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Expression;
import net.starlark.java.syntax.ForStatement;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.ListExpression;
import net.starlark.java.syntax.Node;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Parameter;
import net.starlark.java.syntax.StarlarkFile;

/**
 * Finds the tools a script can call, on its parsed syntax tree (never on text).
 *
 * <p>A tool is determined where {@code server.tool} is written in one of three places: called
 * directly ({@code crm.lookup_customer(...)}), as the first argument of {@code try_call(...)}, or as
 * the first element of a tuple written inside the list (or list comprehension) given to
 * {@code parallel(...)}. Any other use of a server name makes the script undetermined: a server
 * or tool assigned, stored, passed to a function, given to {@code getattr} or {@code dir}, and any
 * rebinding of a server name, {@code parallel} or {@code try_call}. Runtime enforcement in the
 * binding backs this up: whatever the analysis says, a call to a tool that was not approved fails.
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
        /** {@code server.tool} nodes in a determined position. */
        final Set<DotExpression> allowed = Collections.newSetFromMap(new IdentityHashMap<>());

        Walk(Set<String> servers, CatalogView view) {
            this.servers = servers;
            this.view = view;
        }

        @Override
        public void visit(CallExpression call) {
            Expression fn = call.getFunction();
            if (isServerTool(fn)) {
                allowed.add((DotExpression) fn);
            } else if (fn instanceof Identifier id && id.getName().equals(TRY_CALL)) {
                List<Argument> args = call.getArguments();
                if (!args.isEmpty() && args.get(0) instanceof Argument.Positional first && isServerTool(first.getValue())) {
                    allowed.add((DotExpression) first.getValue());
                }
            } else if (fn instanceof Identifier id && id.getName().equals(PARALLEL) && call.getArguments().size() == 1
                    && call.getArguments().get(0) instanceof Argument.Positional only) {
                for (Expression pair : pairs(only.getValue())) {
                    if (pair instanceof ListExpression tuple && tuple.isTuple() && !tuple.getElements().isEmpty()
                            && isServerTool(tuple.getElements().get(0))) {
                        allowed.add((DotExpression) tuple.getElements().get(0));
                    }
                }
            }
            super.visit(call);
        }

        @Override
        public void visit(DotExpression dot) {
            if (dot.getObject() instanceof Identifier object && servers.contains(object.getName())) {
                if (allowed.contains(dot)) {
                    view.tool(object.getName(), dot.getField().getName()).ifPresent(tools::add);
                } else {
                    reasons.add(object.getName() + "." + dot.getField().getName() + " is used as a value at "
                            + where(dot));
                }
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

        private boolean isServerTool(Expression e) {
            return e instanceof DotExpression dot && dot.getObject() instanceof Identifier object
                    && servers.contains(object.getName());
        }

        /** The (tool, args) items written inside parallel's argument: a list or tuple literal, or a list comprehension. */
        private static List<Expression> pairs(Expression arg) {
            if (arg instanceof ListExpression list) {
                return list.getElements();
            }
            if (arg instanceof Comprehension c && !c.isDict() && c.getBody() instanceof Expression body) {
                return List.of(body);
            }
            return List.of();
        }

        private static String where(Node node) {
            return "line " + node.getStartLocation().line();
        }
    }
}
