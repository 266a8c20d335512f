package dev.codemode.skill;

import dev.codemode.catalog.CatalogView;
import dev.codemode.sandbox.Script;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.Comprehension;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Expression;
import net.starlark.java.syntax.ExpressionStatement;
import net.starlark.java.syntax.FloatLiteral;
import net.starlark.java.syntax.ForStatement;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.IntLiteral;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Parameter;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.Statement;
import net.starlark.java.syntax.StringLiteral;
import net.starlark.java.syntax.SyntaxError;
import net.starlark.java.syntax.TokenKind;
import net.starlark.java.syntax.UnaryOperatorExpression;

/**
 * Checks a skill's source before it is stored; never runs it. In two steps: {@link #shape} needs no
 * catalog (size, syntax, one {@code def} with a docstring, parameters, name), {@link #full} checks the
 * body against the saving caller's view and compiles it as the sandbox would.
 *
 * <p>The body may name only its parameters, its own variables, builtins, and {@code server.tool} of
 * tools the saving caller sees: no script variable, no other {@code def}, no {@code skills.x} (a skill
 * does not call another skill), no bare server (so every tool it can reach is written in it).
 */
final class SkillCheck {

    static final int MAX_NAME_CHARS = 64;
    static final Set<String> TYPES = Set.of("str", "int", "float", "bool", "list", "dict");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Python's keywords and Starlark's: a skill by such a name could not be written as skills.name in Python. */
    static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield", "load", "match", "case", "type");
    /** Names a script has besides builtins and servers. */
    static final Set<String> RESERVED = Set.of("result", "skills", "servers", "self");
    private static final Pattern ARG = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\(([^)]*)\\))?\\s*:\\s*(.*)$");

    private SkillCheck() {
    }

    /** What can be checked without a catalog: size, syntax, one def with a docstring, parameters, name. */
    static Skill shape(String source, int maxSourceChars) {
        String text = source == null ? "" : source.strip();
        if (text.isEmpty()) {
            throw new SkillException("the skill is empty: write one def with a docstring");
        }
        if (text.length() > maxSourceChars) {
            throw new SkillException("the skill has " + text.length() + " characters, over the limit of "
                    + maxSourceChars + ": make it shorter");
        }
        StarlarkFile file;
        try {
            file = StarlarkFile.parse(ParserInput.fromString(text + "\n", "skill"));
        } catch (StackOverflowError e) {
            throw new SkillException("the skill is nested too deeply: split its expressions");
        }
        if (!file.ok()) {
            SyntaxError first = file.errors().get(0);
            throw new SkillException("line " + first.location().line() + ": " + oneLine(first.message()));
        }
        List<Statement> statements = file.getStatements();
        if (statements.size() != 1 || !(statements.get(0) instanceof DefStatement def)) {
            throw new SkillException("a skill is exactly one top-level def (with its docstring), nothing else"
                    + " around it");
        }
        String name = def.getIdentifier().getName();
        String bad = nameProblem(name);
        if (bad != null) {
            throw new SkillException(bad);
        }
        List<Statement> body = def.getBody();
        if (!(body.get(0) instanceof ExpressionStatement first && first.getExpression() instanceof StringLiteral doc)
                || doc.getValue().isBlank()) {
            throw new SkillException("skill " + name + " has no docstring: make the first line of its body a"
                    + " \"\"\"docstring\"\"\" saying what it does, with an Args: section");
        }
        String docstring = dedent(doc.getValue());
        Map<String, String[]> args = args(docstring);
        List<Skill.Parameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Parameter p : def.getParameters()) {
            if (p instanceof Parameter.Star || p instanceof Parameter.StarStar) {
                throw new SkillException("skill " + name + " has *args or **kwargs: name every parameter");
            }
            String pname = p.getIdentifier().getName();
            names.add(pname);
            if (pname.startsWith("_") || KEYWORDS.contains(pname)) {
                throw new SkillException("parameter " + pname + " of skill " + name
                        + ": use a name that does not start with _");
            }
            String defaultValue = null;
            if (p.getDefaultValue() != null) {
                defaultValue = constant(text, p.getDefaultValue());
                if (defaultValue == null) {
                    throw new SkillException("the default of parameter " + pname + " of skill " + name
                            + " is not a constant: use a number, a one-line string, True, False or None");
                }
            }
            String[] arg = args.get(pname);
            String type = arg == null ? null : arg[0];
            if (type != null && !TYPES.contains(type)) {
                throw new SkillException("the type of parameter " + pname + " in Args: is " + type
                        + "; use one of str, int, float, bool, list, dict");
            }
            parameters.add(new Skill.Parameter(pname, type, arg == null || arg[1].isEmpty() ? null : arg[1],
                    defaultValue));
        }
        for (String documented : args.keySet()) {
            if (!names.contains(documented)) {
                throw new SkillException("Args: of skill " + name + " documents " + documented
                        + ", which is not a parameter");
            }
        }
        return new Skill(name, SkillStore.SHARED, 0, docstring, parameters, text, List.of(), SkillLibrary.APPLICATION,
                null);
    }

    /**
     * {@link #shape}, then the body against {@code view} (what the saving caller sees) and the catalog's
     * server ids, then a compile by the sandbox against the same view.
     */
    static Skill full(String source, int maxSourceChars, CatalogView view, Set<String> catalogServers,
            StarlarkInterpreter interpreter, String scope, String author) {
        Skill shaped = shape(source, maxSourceChars);
        String name = shaped.name();
        if (catalogServers.contains(name)) {
            throw new SkillException("the name " + name + " is a server's: choose another name");
        }
        if (StarlarkInterpreter.builtinNames().contains(name)) {
            throw new SkillException("the name " + name + " is a builtin's: choose another name");
        }
        DefStatement def = (DefStatement) StarlarkFile.parse(ParserInput.fromString(shaped.source() + "\n", "skill"))
                .getStatements().get(0);
        Set<String> servers = new HashSet<>();
        view.servers().forEach(s -> servers.add(s.id()));
        Body body = new Body(name, servers, view, catalogServers);
        for (Parameter p : def.getParameters()) {
            body.bind(p.getIdentifier());
        }
        body.collectBindings(def.getBody());
        body.visitBlock(def.getBody());
        // The sandbox's own checks: its rewriting, the resolver, and each tool call's keywords against the tool.
        Script compiled = interpreter.prepare(shaped.source() + "\n", view);
        if (!compiled.isReady()) {
            var e = compiled.error();
            throw new SkillException((e.line() == null ? "" : "line " + e.line() + ": ") + e.message()
                    + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        }
        return new Skill(name, scope, 0, shaped.description(), shaped.parameters(), shaped.source(),
                List.copyOf(new TreeSet<>(body.tools)), author, null);
    }

    /** Why {@code name} cannot name a skill, or {@code null}. */
    static String nameProblem(String name) {
        if (name.startsWith("_")) {
            return "the name " + name + " starts with _, which is reserved: choose a name starting with a letter";
        }
        if (name.length() > MAX_NAME_CHARS || !NAME.matcher(name).matches()) {
            return "the name " + name + " is not a plain identifier of at most " + MAX_NAME_CHARS
                    + " characters: use letters, digits and _";
        }
        if (KEYWORDS.contains(name)) {
            return "the name " + name + " is a keyword: choose another name";
        }
        if (RESERVED.contains(name)) {
            return "the name " + name + " is reserved in scripts: choose another name";
        }
        if (StarlarkInterpreter.builtinNames().contains(name)) {
            return "the name " + name + " is a builtin's: choose another name";
        }
        return null;
    }

    /** The source text of a constant default, or {@code null}. */
    private static String constant(String source, Expression e) {
        boolean literal = e instanceof IntLiteral || e instanceof FloatLiteral || e instanceof StringLiteral
                || (e instanceof Identifier id && Set.of("True", "False", "None").contains(id.getName()))
                || (e instanceof UnaryOperatorExpression u && u.getOperator() == TokenKind.MINUS
                        && (u.getX() instanceof IntLiteral || u.getX() instanceof FloatLiteral));
        if (!literal) {
            return null;
        }
        String text = source.substring(e.getStartOffset(), e.getEndOffset());
        return text.contains("\n") || text.contains("\r") || text.length() > 80 ? null : text;
    }

    /** The docstring without the indentation its continuation lines share, ends stripped. */
    static String dedent(String doc) {
        List<String> lines = doc.strip().lines().toList();
        int common = Integer.MAX_VALUE;
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank()) {
                common = Math.min(common, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder(lines.isEmpty() ? "" : lines.get(0).strip());
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            out.append('\n').append(l.isBlank() ? "" : l.substring(Math.min(common, l.length())).stripTrailing());
        }
        return out.toString();
    }

    /** The Google-style {@code Args:} entries: name to {type or null, description}. */
    static Map<String, String[]> args(String docstring) {
        Map<String, String[]> out = new LinkedHashMap<>();
        boolean in = false;
        int indent = -1;
        String last = null;
        for (String line : docstring.lines().toList()) {
            String t = line.strip();
            if (!in) {
                in = t.equals("Args:") || t.equals("Arguments:") || t.equals("Parameters:");
                continue;
            }
            if (t.isEmpty()) {
                continue;
            }
            int lead = line.length() - line.stripLeading().length();
            if (indent < 0) {
                indent = lead;
            }
            if (lead < indent || (lead == 0 && t.endsWith(":") && !t.contains(" "))) {
                break; // the next section (Returns:, ...)
            }
            Matcher m = ARG.matcher(line);
            if (lead == indent && m.matches()) {
                String type = m.group(2) == null ? null : normalType(m.group(2).strip());
                last = m.group(1);
                out.put(last, new String[] {type, m.group(3).strip()});
            } else if (last != null) {
                String[] entry = out.get(last);
                entry[1] = (entry[1] + " " + t).strip();
            }
        }
        return out;
    }

    /** {@code list[str]} as {@code list}, {@code string} as {@code str}, {@code Optional} markers dropped. */
    private static String normalType(String type) {
        String t = type.replaceAll(",\\s*optional$", "").strip();
        int bracket = t.indexOf('[');
        if (bracket > 0) {
            t = t.substring(0, bracket);
        }
        return switch (t) {
            case "string" -> "str";
            case "integer" -> "int";
            case "number" -> "float";
            case "boolean" -> "bool";
            case "List" -> "list";
            case "Dict" -> "dict";
            default -> t;
        };
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** The body's names: what it binds, what it reads, the tools it names. */
    private static final class Body extends NodeVisitor {
        final String skill;
        final Set<String> servers;
        final CatalogView view;
        final Set<String> catalogServers;
        final Set<String> locals = new HashSet<>();
        final Set<String> tools = new TreeSet<>();

        Body(String skill, Set<String> servers, CatalogView view, Set<String> catalogServers) {
            this.skill = skill;
            this.servers = servers;
            this.view = view;
            this.catalogServers = catalogServers;
        }

        void bind(Identifier id) {
            String name = id.getName();
            if (name.startsWith("_cm_") || name.startsWith("__")) {
                throw new SkillException("line " + id.getStartLocation().line() + ": the name " + name
                        + " is reserved: choose another");
            }
            if (servers.contains(name) || catalogServers.contains(name) || RESERVED.contains(name)
                    || StarlarkInterpreter.builtinNames().contains(name)) {
                throw new SkillException("line " + id.getStartLocation().line() + ": skill " + skill + " binds "
                        + name + ", a name scripts already have: choose another variable name");
            }
            locals.add(name);
        }

        void collectBindings(List<Statement> block) {
            new NodeVisitor() {
                @Override
                public void visit(AssignmentStatement node) {
                    Identifier.boundIdentifiers(node.getLHS()).forEach(Body.this::bind);
                    super.visit(node);
                }

                @Override
                public void visit(ForStatement node) {
                    Identifier.boundIdentifiers(node.getVars()).forEach(Body.this::bind);
                    super.visit(node);
                }

                @Override
                public void visit(Comprehension.For node) {
                    Identifier.boundIdentifiers(node.getVars()).forEach(Body.this::bind);
                    super.visit(node);
                }

                @Override
                public void visit(DefStatement node) {
                    throw new SkillException("line " + node.getStartLocation().line() + ": skill " + skill
                            + " defines another function: a skill is one def; write the helper's code inline");
                }
            }.visitBlock(block);
        }

        @Override
        public void visit(DotExpression dot) {
            if (dot.getObject() instanceof Identifier object) {
                String o = object.getName();
                String field = dot.getField().getName();
                if (o.equals("skills") && !locals.contains(o)) {
                    throw new SkillException("line " + dot.getStartLocation().line() + ": skill " + skill
                            + " calls skills." + field + ": a skill does not call another skill; copy the code it"
                            + " needs");
                }
                if (servers.contains(o) && !locals.contains(o)) {
                    if (view.tool(o, field).isEmpty()) {
                        throw new SkillException("line " + dot.getStartLocation().line() + ": " + o
                                + " has no tool " + field + " that you can call");
                    }
                    tools.add(o + "." + field);
                    return;
                }
            }
            visit(dot.getObject()); // the field is a name on the value, not a variable
        }

        @Override
        public void visit(Identifier id) {
            String name = id.getName();
            if (locals.contains(name) || (StarlarkInterpreter.builtinNames().contains(name)
                    && !name.startsWith("_"))) {
                return;
            }
            int line = id.getStartLocation().line();
            if (servers.contains(name)) {
                throw new SkillException("line " + line + ": skill " + skill + " uses the server " + name
                        + " as a value: call its tools as " + name + ".tool(...) so they can be checked");
            }
            if (name.equals("skills")) {
                throw new SkillException("line " + line + ": a skill does not use skills; copy the code it needs");
            }
            if (name.equals(skill)) {
                throw new SkillException("line " + line + ": skill " + skill + " calls itself: recursion is not"
                        + " available; use a for loop");
            }
            throw new SkillException("line " + line + ": skill " + skill + " uses " + name + ", which it does not"
                    + " define: a skill sees only its parameters, its own variables, builtins and server.tool;"
                    + " make " + name + " a parameter");
        }
    }
}
