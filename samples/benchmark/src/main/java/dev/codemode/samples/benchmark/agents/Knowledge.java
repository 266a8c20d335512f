package dev.codemode.samples.benchmark.agents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.starlark.java.syntax.Argument;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.CallExpression;
import net.starlark.java.syntax.Comprehension;
import net.starlark.java.syntax.DictExpression;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Expression;
import net.starlark.java.syntax.ForStatement;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.IndexExpression;
import net.starlark.java.syntax.ListExpression;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.SliceExpression;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.StringLiteral;

/**
 * The knowledge rule: a script may use only the tool names, parameter names and result fields the
 * agent was shown, in a definition, a listing, a stub, docs it asked for, or a result it saw. The
 * user's request does not count: its answer shape names the answer's keys, not the tools' fields.
 *
 * <p>What a script uses is read from its syntax tree: each {@code server.tool(...)} call with its
 * keyword names, and each field read with a string key ({@code x["items"]}, {@code x.get("items")}),
 * attributed to the tool whose result it reads by following assignments, loops and comprehensions.
 * A key of a dict the script builds itself is not a field when the field's tool is unknown (the
 * script may be reading its own dict); a field read from a tool's result always counts. A name counts as shown when it occurs as a
 * whole word in the shown text; a tool when its server's and its own name both occur. The rule is
 * deliberately a word check: it cannot tell which tool's text a word came from, so it errs toward
 * letting a script through.
 */
public final class Knowledge {

    /** Stands for a field whose tool the script's data flow does not show. */
    public static final String UNKNOWN_TOOL = "";

    /** One thing a script uses that the agent was not shown. */
    public record Gap(String tool, String kind, String name) {
        @Override
        public String toString() {
            String of = tool.isEmpty() ? "" : " of " + tool;
            return switch (kind) {
                case "tool" -> "tool " + name + " never shown";
                default -> kind + " '" + name + "'" + of + " never shown";
            };
        }
    }

    /** What a script relies on knowing. */
    public record Uses(Set<String> tools, Map<String, Set<String>> params, Map<String, Set<String>> fields,
            Set<String> ownKeys) {
    }

    private Knowledge() {
    }

    /** What {@code script} uses, where {@code servers} are the names a tool call starts with. */
    public static Uses of(String script, Collection<String> servers) {
        StarlarkFile file = StarlarkFile.parse(ParserInput.fromString(script, "script"));
        if (!file.ok()) {
            throw new IllegalArgumentException("the task's script does not parse: " + file.errors());
        }
        Scan scan = new Scan(Set.copyOf(servers));
        scan.visit(file);
        return new Uses(scan.tools, scan.params, scan.fields, scan.ownKeys);
    }

    /** What {@code script} uses that {@code shown} never shows; empty when the agent may write it. */
    public static List<Gap> gaps(String script, Collection<String> servers, String shown) {
        return gaps(of(script, servers), shown);
    }

    /** What {@code uses} holds that {@code shown} never shows; empty when the agent may write the script. */
    public static List<Gap> gaps(Uses uses, String shown) {
        Set<String> words = words(shown);
        List<Gap> gaps = new ArrayList<>();
        for (String tool : uses.tools()) {
            String server = tool.substring(0, tool.indexOf('.'));
            String name = tool.substring(tool.indexOf('.') + 1);
            if (!shown.contains(server) || !shown.contains(name)) {
                gaps.add(new Gap(tool, "tool", tool));
            }
        }
        uses.params().forEach((tool, names) -> names.stream().filter(p -> !words.contains(p))
                .forEach(p -> gaps.add(new Gap(tool, "parameter", p))));
        uses.fields().forEach((tool, names) -> names.stream()
                .filter(f -> !words.contains(f) && !(tool.equals(UNKNOWN_TOOL) && uses.ownKeys().contains(f)))
                .forEach(f -> gaps.add(new Gap(tool, "result field", f))));
        return gaps;
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : text.split("[^A-Za-z0-9_]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** Walks a script in order, remembering which tool's result each variable holds. */
    private static final class Scan extends NodeVisitor {
        /** Built-ins whose result holds the elements of their first argument. */
        private static final Set<String> PASS_THROUGH = Set.of("sorted", "reversed", "list", "max", "min");
        private final Set<String> servers;
        private final Map<String, String> varTool = new HashMap<>();
        final Set<String> tools = new LinkedHashSet<>();
        final Map<String, Set<String>> params = new LinkedHashMap<>();
        final Map<String, Set<String>> fields = new LinkedHashMap<>();
        final Set<String> ownKeys = new HashSet<>();

        Scan(Set<String> servers) {
            this.servers = servers;
        }

        @Override
        public void visit(AssignmentStatement node) {
            visit(node.getRHS());
            visit(node.getLHS());
            bind(node.getLHS(), toolOf(node.getRHS()));
        }

        @Override
        public void visit(ForStatement node) {
            visit(node.getCollection());
            bind(node.getVars(), toolOf(node.getCollection()));
            visitBlock(node.getBody());
        }

        @Override
        public void visit(Comprehension node) {
            for (Comprehension.Clause clause : node.getClauses()) {
                if (clause instanceof Comprehension.For f) {
                    visit(f.getIterable());
                    bind(f.getVars(), toolOf(f.getIterable()));
                } else if (clause instanceof Comprehension.If i) {
                    visit(i.getCondition());
                }
            }
            visit(node.getBody());
        }

        @Override
        public void visit(IndexExpression node) {
            if (node.getKey() instanceof StringLiteral key) {
                field(node.getObject(), key.getValue());
            }
            super.visit(node);
        }

        @Override
        public void visit(CallExpression node) {
            String tool = toolCalled(node);
            if (tool != null) {
                tools.add(tool);
                for (Argument a : node.getArguments()) {
                    if (a instanceof Argument.Keyword k) {
                        params.computeIfAbsent(tool, t -> new LinkedHashSet<>()).add(k.getName());
                    }
                }
            } else if (node.getFunction() instanceof DotExpression d && d.getField().getName().equals("get")
                    && !node.getArguments().isEmpty()
                    && node.getArguments().get(0).getValue() instanceof StringLiteral key) {
                field(d.getObject(), key.getValue());
            }
            super.visit(node);
        }

        @Override
        public void visit(DictExpression node) {
            node.getEntries().forEach(e -> {
                if (e.getKey() instanceof StringLiteral key) {
                    ownKeys.add(key.getValue());
                }
            });
            super.visit(node);
        }

        private void field(Expression object, String name) {
            String tool = toolOf(object);
            fields.computeIfAbsent(tool == null ? UNKNOWN_TOOL : tool, t -> new LinkedHashSet<>()).add(name);
        }

        private void bind(Expression vars, String tool) {
            if (vars instanceof Identifier id) {
                if (tool == null) {
                    varTool.remove(id.getName());
                } else {
                    varTool.put(id.getName(), tool);
                }
            } else if (vars instanceof ListExpression list) {
                list.getElements().forEach(e -> bind(e, null));
            }
        }

        private String toolCalled(CallExpression call) {
            return call.getFunction() instanceof DotExpression d && d.getObject() instanceof Identifier server
                    && servers.contains(server.getName()) ? server.getName() + "." + d.getField().getName() : null;
        }

        private String toolOf(Expression e) {
            if (e instanceof CallExpression call) {
                String tool = toolCalled(call);
                if (tool != null) {
                    return tool;
                }
                if (call.getFunction() instanceof DotExpression d && d.getField().getName().equals("get")) {
                    return toolOf(d.getObject());
                }
                return call.getFunction() instanceof Identifier f && PASS_THROUGH.contains(f.getName())
                        && !call.getArguments().isEmpty() ? toolOf(call.getArguments().get(0).getValue()) : null;
            }
            if (e instanceof Identifier id) {
                return varTool.get(id.getName());
            }
            if (e instanceof IndexExpression index) {
                return toolOf(index.getObject());
            }
            if (e instanceof SliceExpression slice) {
                return toolOf(slice.getObject());
            }
            return null;
        }
    }
}
