package dev.codemode.sandbox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.BinaryOperatorExpression;
import net.starlark.java.syntax.Argument;
import net.starlark.java.syntax.CallExpression;
import net.starlark.java.syntax.Comment;
import net.starlark.java.syntax.Comprehension;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.DictExpression;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Expression;
import net.starlark.java.syntax.ExpressionStatement;
import net.starlark.java.syntax.ForStatement;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.IndexExpression;
import net.starlark.java.syntax.IntLiteral;
import net.starlark.java.syntax.ListExpression;
import net.starlark.java.syntax.LoadStatement;
import net.starlark.java.syntax.Location;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.Parameter;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.Statement;
import net.starlark.java.syntax.StringLiteral;
import net.starlark.java.syntax.SyntaxError;
import net.starlark.java.syntax.TokenKind;

/**
 * Rewrites a Python-style script into the Starlark the interpreter accepts, keeping a map back to the
 * user's lines and columns.
 *
 * <ul>
 *   <li>Starlark rejects {@code for}, {@code if} and rebinding at top level. Every top-level statement
 *       but {@code def} moves into a generated function {@code __main__} (indented by one space, except
 *       continuation lines of multi-line strings, whose text must not change); top-level {@code def}s
 *       stay at top level. {@code result} starts as {@code None} and is what {@code __main__} returns.</li>
 *   <li>A top-level {@code def} sees the script's variables as Python's functions see module globals:
 *       at call time. Each top-level binding of a name some {@code def} reads freely is copied, on the
 *       same line, into a per-run module dict ({@code ; _cm_g["X"] = X} after an assignment, at the
 *       start of a {@code for} body for its loop variables), and the {@code def}'s free reads of the
 *       name become {@code _cm_global(_cm_g, "X", "fn")}, which says so when the name is not set yet.</li>
 *   <li>A script that never assigns {@code result} and ends with an expression statement returns that
 *       expression's value ({@code result = } is put before it); either way the answer notes that
 *       {@code result} was not set ({@link PreparedScript#resultNote()}).</li>
 *   <li>Operations that can build a huge value in one step ({@code *}, {@code %}, {@code <<}, and the
 *       string methods {@code join}, {@code replace}, {@code format}) become calls to guards that check
 *       the size first: a single builtin cannot be interrupted once it allocates.</li>
 *   <li>Operations whose work can grow faster than their operands (the comparisons, {@code in}, computed
 *       dict keys, the searching and comparing methods of strings, lists and dicts) become calls to
 *       {@link BoundedOps}, which does them in interruptible steps or bounds them first.</li>
 *   <li>A guarded method can only be called where it is written: taken as a value on a string, list or
 *       dict it is refused at run time ({@code _cm_attr}), so no route reaches it without its guard;
 *       the guards' own names are reserved.</li>
 *   <li>Reading {@code x[k]}, and {@code x.name} on a value the script holds (not a server global),
 *       becomes {@code _cm_index} / {@code _cm_attr}: a missing key, field or index is answered with
 *       what the value does have ({@link Guards#index}).</li>
 *   <li>An augmented assignment whose operator is guarded ({@code d[k()] *= 2}) evaluates each part of
 *       its target once, through temporaries, as Python does; the others stay native (the interpreter
 *       evaluates their targets once).</li>
 * </ul>
 */
final class ScriptPreparer {

    static final String MAIN = "__main__";
    static final String RESULT_GLOBAL = "__result__";
    static final String GUARD_PREFIX = "_cm_";
    /** The module dict through which top-level defs read the script's variables. */
    static final String GLOBALS = GUARD_PREFIX + "g";
    /** The builtin a def's free read of a script variable becomes. */
    static final String GLOBAL_LOOKUP = GUARD_PREFIX + "global";
    static final String RESULT_FROM_LAST_EXPRESSION = "result was not set: returned the value of the last expression";
    static final String RESULT_NOT_SET = "result was not set: end the script with result = <value> to return one";
    /** Sorts after every other edit at one offset: a replaced name comes after any guard opened there. */
    private static final long LAST = Long.MAX_VALUE;
    /**
     * A statement put before another: after the line's indentation (order 0), before the guards that
     * open there and an augmented assignment's temporaries.
     */
    private static final long FIRST = 1;
    /** Methods called through {@code _cm_method}: size-checked, search-bounded or done in bounded steps. */
    static final Set<String> GUARDED_METHODS = Set.of("join", "replace", "format", "find", "rfind", "index",
            "rindex", "count", "split", "rsplit", "partition", "rpartition", "elems", "splitlines", "get", "pop",
            "setdefault", "update", "items", "remove", "sort", "reverse", "copy", "isnumeric", "zfill", "ljust",
            "rjust", "center", "casefold");

    /** A script the parser rejected. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<SyntaxError> errors;

        Rejected(List<SyntaxError> errors) {
            super(errors.get(0).message());
            this.errors = errors;
        }
    }

    private record Edit(int offset, int remove, String insert, long order) {
    }

    private ScriptPreparer() {
    }

    /** Rewrites {@code source}, whose syntax tree (from {@link ScriptSyntax#parse}) is {@code file}. */
    static PreparedScript prepare(String source, StarlarkFile file) throws Rejected {
        return prepare(source, file, null);
    }

    /**
     * As {@link #prepare(String, StarlarkFile)}, for a script followed by the skills it calls
     * ({@code skills}): {@code skills.name} in the script becomes the skill's function, whose def keeps
     * its reserved name, and the skills' bodies are rewritten like the script's own code.
     */
    static PreparedScript prepare(String source, StarlarkFile file, SkillLines skills) throws Rejected {
        int[] lines = PreparedScript.lineStarts(source);
        Collector collector = new Collector(source, lines, file, skills);
        collector.visit(file);
        if (collector.load != null) {
            throw new Rejected(List.of(new SyntaxError(collector.load.getStartLocation(),
                    "load is not available: everything a script can use is already defined")));
        }
        if (!collector.refused.isEmpty()) {
            throw new Rejected(collector.refused);
        }

        shareGlobals(file, collector);
        String resultNote = resultFromLastExpression(file, collector);

        BitSet defLines = new BitSet();
        for (Statement statement : file.getStatements()) {
            if (statement instanceof DefStatement) {
                defLines.set(line(lines, statement.getStartOffset()),
                        line(lines, Math.max(statement.getStartOffset(), statement.getEndOffset() - 1)) + 1);
            }
        }
        List<Edit> edits = collector.edits;
        for (int l = 0; l < lines.length; l++) {
            if (!defLines.get(l) && !collector.stringContinuation.get(l)) {
                edits.add(new Edit(lines[l], 0, " ", 0));
            }
        }
        edits.sort(Comparator.comparingInt(Edit::offset).thenComparingLong(Edit::order));

        Builder out = new Builder(source, edits);
        out.generated(GLOBALS + " = {}\ndef " + MAIN + "():\n result = None\n");
        for (int l = 0; l < lines.length; l++) {
            if (!defLines.get(l)) {
                out.copy(lines[l], l + 1 < lines.length ? lines[l + 1] : source.length());
            }
        }
        out.newlineIfNeeded();
        out.generated(" return result\n");
        for (Statement statement : file.getStatements()) {
            if (statement instanceof DefStatement) {
                int first = lines[line(lines, statement.getStartOffset())];
                int lastLine = line(lines, Math.max(statement.getStartOffset(), statement.getEndOffset() - 1));
                out.copy(first, lastLine + 1 < lines.length ? lines[lastLine + 1] : source.length());
                out.newlineIfNeeded();
            }
        }
        out.generated(RESULT_GLOBAL + " = " + MAIN + "()\n");
        return new PreparedScript(out.text.toString(), out.origin(), lines, resultNote, skills);
    }

    /**
     * Lets top-level defs read the script's top-level variables: the names the body binds (outside
     * comprehensions) that some def reads without binding them itself are copied into {@link #GLOBALS}
     * after each binding, and the def's reads of them go through {@link #GLOBAL_LOOKUP}.
     */
    private static void shareGlobals(StarlarkFile file, Collector c) {
        Set<String> defNames = new HashSet<>();
        List<Statement> body = new ArrayList<>();
        for (Statement statement : file.getStatements()) {
            if (statement instanceof DefStatement def) {
                defNames.add(def.getIdentifier().getName());
            } else {
                body.add(statement);
            }
        }
        if (defNames.isEmpty()) {
            return;
        }
        Set<String> scriptVariables = new HashSet<>();
        bindings(body, scriptVariables);
        scriptVariables.removeAll(defNames);
        Set<String> shared = new HashSet<>();
        for (Statement statement : file.getStatements()) {
            if (statement instanceof DefStatement def && !def.getIdentifier().getName().startsWith(SkillLines.PREFIX)) {
                Set<String> locals = new HashSet<>();
                for (Parameter p : def.getParameters()) {
                    if (p.getIdentifier() != null) {
                        locals.add(p.getIdentifier().getName());
                    }
                }
                bindings(def.getBody(), locals);
                new FreeReads(locals, scriptVariables, id -> {
                    shared.add(id.getName());
                    c.edits.add(new Edit(id.getStartOffset(), id.getName().length(), GLOBAL_LOOKUP + "(" + GLOBALS
                            + ", \"" + id.getName() + "\", \"" + def.getIdentifier().getName() + "\")", LAST));
                }).visitBlock(def.getBody());
            }
        }
        if (!shared.isEmpty()) {
            new NodeVisitor() {
                @Override
                public void visit(AssignmentStatement node) {
                    StringBuilder copy = new StringBuilder();
                    for (String name : sharedNames(node.getLHS(), shared)) {
                        copy.append("; ").append(GLOBALS).append("[\"").append(name).append("\"] = ").append(name);
                    }
                    if (copy.length() > 0) {
                        c.edits.add(new Edit(c.balanced(node.getStartOffset(), node.getEndOffset())[1], 0,
                                copy.toString(), LAST));
                    }
                }

                @Override
                public void visit(ForStatement node) {
                    Statement first = node.getBody().get(0);
                    StringBuilder copy = new StringBuilder();
                    for (String name : sharedNames(node.getVars(), shared)) {
                        copy.append(GLOBALS).append("[\"").append(name).append("\"] = ").append(name).append("; ");
                    }
                    if (copy.length() > 0) {
                        int start = first.getStartOffset();
                        int lineStart = c.lines[line(c.lines, start)];
                        if (c.source.substring(lineStart, start).isBlank()) {
                            // The body starts on a line of its own, perhaps with an if or for: the copy
                            // is a line of its own before it, at the same indentation.
                            copy.setLength(copy.length() - 2);
                            copy.append('\n').append(c.stringContinuation.get(line(c.lines, start)) ? "" : " ")
                                    .append(c.source, lineStart, start);
                        }
                        c.edits.add(new Edit(start, 0, copy.toString(), FIRST));
                    }
                    visitBlock(node.getBody());
                }

                @Override
                public void visit(ExpressionStatement node) {
                }
            }.visitAll(body);
        }
    }

    /** The names in {@code target} that are in {@code shared}, each once, in order. */
    private static Set<String> sharedNames(Expression target, Set<String> shared) {
        Set<String> names = new LinkedHashSet<>();
        for (Identifier id : Identifier.boundIdentifiers(target)) {
            if (shared.contains(id.getName())) {
                names.add(id.getName());
            }
        }
        return names;
    }

    /** Adds the names {@code block} binds by assignment or {@code for}, outside comprehensions. */
    private static void bindings(List<Statement> block, Set<String> into) {
        new NodeVisitor() {
            @Override
            public void visit(AssignmentStatement node) {
                Identifier.boundIdentifiers(node.getLHS()).forEach(id -> into.add(id.getName()));
            }

            @Override
            public void visit(ForStatement node) {
                Identifier.boundIdentifiers(node.getVars()).forEach(id -> into.add(id.getName()));
                visitBlock(node.getBody());
            }

            @Override
            public void visit(ExpressionStatement node) {
            }

            @Override
            public void visit(Comprehension node) {
            }
        }.visitAll(block);
    }

    /** The reads in a def's body of script variables it does not bind itself. */
    private static final class FreeReads extends NodeVisitor {
        private final Set<String> locals;
        private final Set<String> scriptVariables;
        private final java.util.function.Consumer<Identifier> found;
        private final List<Set<String>> comprehensions = new ArrayList<>();

        FreeReads(Set<String> locals, Set<String> scriptVariables, java.util.function.Consumer<Identifier> found) {
            this.locals = locals;
            this.scriptVariables = scriptVariables;
            this.found = found;
        }

        @Override
        public void visit(Identifier node) {
            String name = node.getName();
            if (scriptVariables.contains(name) && !locals.contains(name)
                    && comprehensions.stream().noneMatch(scope -> scope.contains(name))) {
                found.accept(node);
            }
        }

        @Override
        public void visit(DotExpression node) {
            visit(node.getObject()); // the field is a name, not a variable
        }

        @Override
        public void visit(Argument node) {
            visit(node.getValue()); // a keyword is a name, not a variable
        }

        @Override
        public void visit(Comprehension node) {
            Set<String> scope = new HashSet<>();
            comprehensions.add(scope);
            for (Comprehension.Clause clause : node.getClauses()) {
                if (clause instanceof Comprehension.For f) {
                    visit(f.getIterable());
                    Identifier.boundIdentifiers(f.getVars()).forEach(id -> scope.add(id.getName()));
                } else if (clause instanceof Comprehension.If i) {
                    visit(i.getCondition());
                }
            }
            visit(node.getBody());
            comprehensions.remove(comprehensions.size() - 1);
        }
    }

    /**
     * When the script never assigns {@code result}: the note the answer carries, and if its last
     * top-level statement is an expression (other than a {@code print}), that expression becomes
     * {@code result = <expression>}.
     */
    private static String resultFromLastExpression(StarlarkFile file, Collector c) {
        List<Statement> body = new ArrayList<>();
        for (Statement statement : file.getStatements()) {
            if (!(statement instanceof DefStatement)) {
                body.add(statement);
            }
        }
        Set<String> bound = new HashSet<>();
        bindings(body, bound);
        if (bound.contains("result")) {
            return null;
        }
        if (!body.isEmpty() && body.get(body.size() - 1) instanceof ExpressionStatement last
                && !(last.getExpression() instanceof CallExpression call && call.getFunction() instanceof Identifier fn
                        && fn.getName().equals("print"))) {
            int[] span = c.enclosed(c.balanced(last.getStartOffset(), last.getEndOffset()));
            c.edits.add(new Edit(span[0], 0, "result = ", FIRST));
            return RESULT_FROM_LAST_EXPRESSION;
        }
        return RESULT_NOT_SET;
    }

    private static int line(int[] lines, int offset) {
        return PreparedScript.lineOf(lines, offset);
    }

    /** Walks the tree once: load statements, multi-line strings, masks, and the guard edits. */
    private static final class Collector extends NodeVisitor {
        // Insert order at one offset: closing text first, then operator replacements, then opening
        // text, outer (longer) spans before inner ones.
        private static final long CLOSE = 1;
        private static final long REPLACE = 2;
        /** The temporaries of an augmented assignment open the statement, before any expression. */
        private static final long STATEMENT = 2;

        final String source;
        final int[] lines;
        final List<Edit> edits = new ArrayList<>();
        final BitSet stringContinuation = new BitSet();
        final BitSet masked = new BitSet();
        /** Method references that are called where they are written, so the guard sees the call. */
        final Set<DotExpression> called = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Targets of augmented assignments rewritten with temporaries: their own index key is wrapped there. */
        final Set<Expression> rewrittenTargets = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<SyntaxError> refused = new ArrayList<>();
        /** Index and dot expressions written to (assignment and loop targets): they stay as written. */
        final Set<Expression> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Names the script binds (assigns, loops over, takes as parameters): never a server global. */
        final Set<String> bound = new HashSet<>();
        LoadStatement load;
        /** The skills after the script, or {@code null} for a script alone. */
        final SkillLines skills;

        Collector(String source, int[] lines, StarlarkFile file, SkillLines skills) {
            this.source = source;
            this.lines = lines;
            this.skills = skills;
            for (Comment comment : file.getComments()) {
                masked.set(comment.getStartOffset(), comment.getEndOffset());
            }
            // Mask strings first, so that paren balancing below never counts a paren inside a string.
            new NodeVisitor() {
                @Override
                public void visit(StringLiteral node) {
                    masked.set(node.getStartOffset(), node.getEndOffset());
                    int first = line(lines, node.getStartOffset());
                    int last = line(lines, Math.max(node.getStartOffset(), node.getEndOffset() - 1));
                    if (last > first) {
                        stringContinuation.set(first + 1, last + 1);
                    }
                }
            }.visit(file);
            new NodeVisitor() {
                @Override
                public void visit(AssignmentStatement node) {
                    bind(node.getLHS());
                    super.visit(node);
                }

                @Override
                public void visit(ForStatement node) {
                    bind(node.getVars());
                    super.visit(node);
                }

                @Override
                public void visit(Comprehension.For node) {
                    bind(node.getVars());
                    super.visit(node);
                }

                @Override
                public void visit(Parameter node) {
                    if (node.getName() != null) {
                        bound.add(node.getName());
                    }
                    super.visit(node);
                }
            }.visit(file);
        }

        /** Records the names and index expressions an assignment or loop writes to. */
        private void bind(Expression target) {
            if (target instanceof Identifier id) {
                bound.add(id.getName());
            } else if (target instanceof IndexExpression || target instanceof DotExpression) {
                targets.add(target);
            } else if (target instanceof ListExpression list) {
                for (Expression e : list.getElements()) {
                    bind(e);
                }
            }
        }

        @Override
        public void visit(LoadStatement node) {
            if (load == null) {
                load = node;
            }
        }

        @Override
        public void visit(BinaryOperatorExpression node) {
            String guard = guard(node.getOperator());
            if (guard != null) {
                int[] span = balanced(node.getStartOffset(), node.getEndOffset());
                int op = offset(node.getOperatorLocation());
                wrap(span, guard + "(", ")");
                if (node.getOperator() == TokenKind.NOT_IN) {
                    // The parser locates "not in" at "in"; "not" is the word before it, perhaps on another
                    // line. Each word is replaced where it stands, since lines are copied one by one.
                    edits.add(new Edit(notBefore(op), 3, ",", REPLACE));
                    edits.add(new Edit(op, 2, "", REPLACE));
                } else {
                    edits.add(new Edit(op, node.getOperator().toString().length(), ",", REPLACE));
                }
            }
            super.visit(node);
        }

        @Override
        public void visit(AssignmentStatement node) {
            String guard = node.isAugmented() ? guard(node.getOperator()) : null;
            if (guard != null) {
                augmented(node, guard);
            }
            super.visit(node);
        }

        /**
         * {@code x op= y} becomes {@code x = guard(x, y)}; {@code T[K] op= y} becomes
         * {@code _cm_o, _cm_k = T, K; _cm_o[_cm_k] = guard(_cm_o[_cm_k], y)}: T and K stay where they
         * are written (with their own guards) and are evaluated once, in Python's order.
         */
        private void augmented(AssignmentStatement node, String guard) {
            Expression lhs = node.getLHS();
            if (!(lhs instanceof IndexExpression) && !(lhs instanceof Identifier)) {
                return; // the interpreter refuses any other target before it evaluates anything
            }
            int[] rhs = balanced(node.getRHS().getStartOffset(), node.getRHS().getEndOffset());
            int op = offset(node.getOperatorLocation());
            int opEnd = source.indexOf('=', op) + 1; // the operator token is "*=", "%=" or "<<="
            edits.add(new Edit(rhs[1], 0, ")", CLOSE));
            if (lhs instanceof IndexExpression index) {
                rewrittenTargets.add(index);
                // The whole target, with any parentheses around it: "(d[k]) *= 2" is a valid target.
                int[] whole = enclosed(balanced(lhs.getStartOffset(), lhs.getEndOffset()));
                int lbracket = offset(index.getLbracketLocation());
                int[] key = balanced(index.getKey().getStartOffset(), index.getKey().getEndOffset());
                int rbracket = next(']', key[1]);
                String target = GUARD_PREFIX + "o[" + GUARD_PREFIX + "k]";
                edits.add(new Edit(whole[0], 0, GUARD_PREFIX + "o, " + GUARD_PREFIX + "k = ", STATEMENT));
                // "[" becomes ", _cm_key((" and "]" becomes "))": the key stays inside brackets of some
                // kind, so a line break or comment between them is still joined.
                edits.add(new Edit(lbracket, 1, ", " + GUARD_PREFIX + "key((", REPLACE));
                edits.add(new Edit(rbracket, 1, "))", REPLACE));
                // Inserted after the target and the operator removed where it stands: a line
                // continuation between the two stays inside the guard's parentheses.
                edits.add(new Edit(whole[1], 0, "; " + target + " = " + guard + "(" + target + ",", REPLACE));
                edits.add(new Edit(op, opEnd - op, "", REPLACE));
            } else {
                // A name (perhaps in parentheses): reading it twice has no effect.
                int[] name = enclosed(balanced(lhs.getStartOffset(), lhs.getEndOffset()));
                edits.add(new Edit(op, opEnd - op, "= " + guard + "(" + source.substring(name[0], name[1]) + ",",
                        REPLACE));
            }
        }

        @Override
        public void visit(IndexExpression node) {
            if (!rewrittenTargets.contains(node) && !targets.contains(node)) {
                // A read: "x[k]" becomes "_cm_index(x, k)", which checks a computed key as _cm_key does
                // and answers a missing key or index with what the value has.
                int lbracket = offset(node.getLbracketLocation());
                int[] object = balanced(node.getObject().getStartOffset(), lbracket);
                int[] key = balanced(node.getKey().getStartOffset(), node.getKey().getEndOffset());
                int rbracket = next(']', key[1]);
                edits.add(new Edit(object[0], 0, GUARD_PREFIX + "index(", open(object[0], node.getEndOffset())));
                // The key in parentheses: "d[1, 2]" indexes with a tuple, not with two arguments.
                edits.add(new Edit(lbracket, 1, ", (", REPLACE));
                edits.add(new Edit(rbracket, 1, "))", REPLACE));
                super.visit(node);
                return;
            }
            if (!rewrittenTargets.contains(node) && !isLiteral(node.getKey())) {
                // A computed key may be a tuple that is hashed (walked) on every lookup: bound it first.
                int[] key = balanced(node.getKey().getStartOffset(), node.getKey().getEndOffset());
                wrap(key, GUARD_PREFIX + "key((", "))");
            }
            super.visit(node);
        }

        @Override
        public void visit(DictExpression.Entry node) {
            if (!isLiteral(node.getKey())) {
                int[] key = balanced(node.getKey().getStartOffset(), node.getKey().getEndOffset());
                wrap(key, GUARD_PREFIX + "key(", ")");
            }
            super.visit(node);
        }

        /** {@code skills.name} written in the script (not in a skill), with {@code name} one of its skills. */
        private boolean isSkillCall(DotExpression node) {
            return skills != null && node.getStartOffset() < skills.boundary()
                    && node.getObject() instanceof Identifier id && id.getName().equals(SkillsGlobal.NAME)
                    && skills.names().contains(node.getField().getName());
        }

        @Override
        public void visit(Identifier node) {
            if (skills != null && node.getStartOffset() >= skills.boundary()
                    && node.getName().startsWith(SkillLines.PREFIX)
                    && skills.names().contains(node.getName().substring(SkillLines.PREFIX.length()))) {
                return; // a skill's def, under its reserved name
            }
            // The guards are predeclared globals; a script that rebinds or calls one could skip its check.
            if (node.getName().startsWith(GUARD_PREFIX)) {
                refused.add(new SyntaxError(node.getStartLocation(),
                        "names starting with " + GUARD_PREFIX + " are reserved for the sandbox"));
            }
        }

        @Override
        public void visit(DotExpression node) {
            if (isSkillCall(node)) {
                // The skill's function, compiled after the script: a plain function, called or passed as any def.
                edits.add(new Edit(node.getStartOffset(), node.getEndOffset() - node.getStartOffset(),
                        SkillLines.PREFIX + node.getField().getName(), LAST));
                return;
            }
            boolean held = !(node.getObject() instanceof Identifier id) || bound.contains(id.getName());
            if ((GUARDED_METHODS.contains(node.getField().getName()) || held) && !called.contains(node)
                    && !rewrittenTargets.contains(node) && !targets.contains(node)) {
                // A method taken as a value ("f = sep.join") would later be called without its guard:
                // _cm_attr refuses it on strings, lists and dicts, and returns anything else (a tool).
                int dotAt = offset(node.getDotLocation());
                // Up to the dot, so that parentheses around the object are inside the span.
                int[] object = balanced(node.getObject().getStartOffset(), dotAt);
                edits.add(new Edit(object[0], 0, GUARD_PREFIX + "attr(", open(object[0], node.getEndOffset())));
                edits.add(new Edit(dotAt, node.getEndOffset() - dotAt, ", \"" + node.getField().getName() + "\")",
                        REPLACE));
            }
            super.visit(node);
        }

        @Override
        public void visit(CallExpression node) {
            if (node.getFunction() instanceof DotExpression dot && !isSkillCall(dot)) {
                called.add(dot);
                if (GUARDED_METHODS.contains(dot.getField().getName())) {
                    // Up to the dot, so that parentheses around the object are inside the span.
                    int[] span = balanced(dot.getObject().getStartOffset(), offset(dot.getDotLocation()));
                    int lparen = offset(node.getLparenLocation());
                    boolean noArguments = node.getArguments().isEmpty();
                    edits.add(new Edit(span[0], 0, GUARD_PREFIX + "method(", open(span[0], node.getEndOffset())));
                    edits.add(new Edit(span[1], lparen + 1 - span[1],
                            ", \"" + dot.getField().getName() + "\"" + (noArguments ? "" : ", "), REPLACE));
                }
            }
            super.visit(node);
        }

        private void wrap(int[] span, String before, String after) {
            edits.add(new Edit(span[0], 0, before, open(span[0], span[1])));
            edits.add(new Edit(span[1], 0, after, CLOSE));
        }

        /** Opening text sorts after closing text at one offset, and outer spans before inner ones. */
        private static long open(int start, int end) {
            return 3L + (Integer.MAX_VALUE - (end - start));
        }

        private static boolean isLiteral(Expression key) {
            return key instanceof StringLiteral || key instanceof IntLiteral;
        }

        private static String guard(TokenKind op) {
            return switch (op) {
                case STAR -> "_cm_mul";
                case PERCENT -> "_cm_mod";
                case LESS_LESS -> "_cm_shl";
                case EQUALS_EQUALS -> "_cm_eq";
                case NOT_EQUALS -> "_cm_ne";
                case LESS -> "_cm_lt";
                case LESS_EQUALS -> "_cm_le";
                case GREATER -> "_cm_gt";
                case GREATER_EQUALS -> "_cm_ge";
                case IN -> "_cm_in";
                case NOT_IN -> "_cm_not_in";
                default -> null;
            };
        }

        /** The offset of the "not" of a "not in" whose "in" is at {@code in}: comments and line breaks may part them. */
        private int notBefore(int in) {
            int i = in;
            while (i > 0 && (masked.get(i - 1) || Character.isWhitespace(source.charAt(i - 1))
                    || source.charAt(i - 1) == '\\')) {
                i--;
            }
            return i - 3;
        }

        /** The first {@code c} at or after {@code from} outside strings and comments. */
        private int next(char c, int from) {
            int i = from;
            while (i < source.length() && (masked.get(i) || source.charAt(i) != c)) {
                i++;
            }
            return i;
        }

        /** {@code span} widened over parentheses that enclose it whole, as in {@code (d[k]) *= 2}. */
        private int[] enclosed(int[] span) {
            int s = span[0];
            int e = span[1];
            while (true) {
                int before = s - 1;
                while (before >= 0 && (masked.get(before) || Character.isWhitespace(source.charAt(before)))) {
                    before--;
                }
                int after = e;
                while (after < source.length() && (masked.get(after) || Character.isWhitespace(source.charAt(after)))) {
                    after++;
                }
                if (before < 0 || after >= source.length() || source.charAt(before) != '(' || source.charAt(after) != ')') {
                    return new int[] {s, e};
                }
                s = before;
                e = after + 1;
            }
        }

        private int offset(Location location) {
            return lines[location.line() - 1] + location.column() - 1;
        }

        /** Widens [start, end) over parentheses the parser left outside a node's span. */
        private int[] balanced(int start, int end) {
            int depth = 0;
            int unopened = 0;
            for (int i = start; i < end; i++) {
                if (masked.get(i)) {
                    continue;
                }
                char c = source.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        unopened++;
                    } else {
                        depth--;
                    }
                }
            }
            int s = start;
            while (unopened > 0 && s > 0) {
                s--;
                if (!masked.get(s) && source.charAt(s) == '(') {
                    unopened--;
                }
            }
            int e = end;
            while (depth > 0 && e < source.length()) {
                if (!masked.get(e) && source.charAt(e) == ')') {
                    depth--;
                }
                e++;
            }
            return new int[] {s, e};
        }
    }

    /** Rewritten text plus, for each character, the user offset it came from. */
    private static final class Builder {
        final String source;
        final List<Edit> edits;
        final StringBuilder text = new StringBuilder();
        int[] origin = new int[256];
        int next;

        Builder(String source, List<Edit> edits) {
            this.source = source;
            this.edits = edits;
        }

        void generated(String s) {
            append(s, -1);
        }

        void copy(int from, int to) {
            int e = firstEditAt(from);
            int skipUntil = from;
            for (int i = from; i <= to; i++) {
                while (e < edits.size() && edits.get(e).offset() == i && (i < to || to == source.length())) {
                    Edit edit = edits.get(e++);
                    append(edit.insert(), i);
                    skipUntil = Math.max(skipUntil, i + edit.remove());
                }
                if (i < to && i >= skipUntil) {
                    append(String.valueOf(source.charAt(i)), i);
                }
            }
        }

        void newlineIfNeeded() {
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                generated("\n");
            }
        }

        private int firstEditAt(int offset) {
            int lo = 0;
            int hi = edits.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (edits.get(mid).offset() < offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private void append(String s, int from) {
            for (int k = 0; k < s.length(); k++) {
                if (next == origin.length) {
                    origin = java.util.Arrays.copyOf(origin, origin.length * 2);
                }
                origin[next++] = from;
            }
            text.append(s);
        }

        int[] origin() {
            return java.util.Arrays.copyOf(origin, next);
        }
    }
}
