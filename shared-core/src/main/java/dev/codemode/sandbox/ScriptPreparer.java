package dev.codemode.sandbox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.starlark.java.syntax.AssignmentStatement;
import net.starlark.java.syntax.BinaryOperatorExpression;
import net.starlark.java.syntax.CallExpression;
import net.starlark.java.syntax.Comment;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.DotExpression;
import net.starlark.java.syntax.Identifier;
import net.starlark.java.syntax.LoadStatement;
import net.starlark.java.syntax.Location;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.ParserInput;
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
 *   <li>Operations that can build a huge value in one step ({@code *}, {@code %}, {@code <<}, and the
 *       string methods {@code join}, {@code replace}, {@code format}) become calls to guards that check
 *       the size first: a single builtin cannot be interrupted once it allocates. Those methods can only
 *       be called where they are written (never stored, passed, or fetched with {@code getattr}), and
 *       the guards' own names are reserved, so no route reaches the operation without its check.</li>
 * </ul>
 */
final class ScriptPreparer {

    static final String MAIN = "__main__";
    static final String RESULT_GLOBAL = "__result__";
    static final Set<String> GUARDED_METHODS = Set.of("join", "replace", "format");
    static final String GUARD_PREFIX = "_cm_";

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

    static PreparedScript prepare(String source) throws Rejected {
        StarlarkFile file = StarlarkFile.parse(ParserInput.fromString(source, PreparedScript.FILE));
        if (!file.ok()) {
            throw new Rejected(file.errors());
        }
        int[] lines = PreparedScript.lineStarts(source);
        Collector collector = new Collector(source, lines, file);
        collector.visit(file);
        if (collector.load != null) {
            throw new Rejected(List.of(new SyntaxError(collector.load.getStartLocation(),
                    "load is not available: everything a script can use is already defined")));
        }
        if (!collector.refused.isEmpty()) {
            throw new Rejected(collector.refused);
        }

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
        out.generated("def " + MAIN + "():\n result = None\n");
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
        return new PreparedScript(out.text.toString(), out.origin(), lines);
    }

    private static int line(int[] lines, int offset) {
        return PreparedScript.lineOf(lines, offset);
    }

    /** Walks the tree once: load statements, multi-line strings, masks, and the guard edits. */
    private static final class Collector extends NodeVisitor {
        final String source;
        final int[] lines;
        final List<Edit> edits = new ArrayList<>();
        final BitSet stringContinuation = new BitSet();
        final BitSet masked = new BitSet();
        /** Method references that are called where they are written, so the guard sees the call. */
        final Set<DotExpression> called = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        final List<SyntaxError> refused = new ArrayList<>();
        LoadStatement load;

        Collector(String source, int[] lines, StarlarkFile file) {
            this.source = source;
            this.lines = lines;
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
                open(span, guard);
                edits.add(new Edit(op, node.getOperator().toString().length(), ",", 2));
                close(span);
            }
            super.visit(node);
        }

        @Override
        public void visit(AssignmentStatement node) {
            String guard = node.isAugmented() ? guard(node.getOperator()) : null;
            if (guard != null) {
                int[] lhs = balanced(node.getLHS().getStartOffset(), node.getLHS().getEndOffset());
                int[] rhs = balanced(node.getRHS().getStartOffset(), node.getRHS().getEndOffset());
                int op = offset(node.getOperatorLocation());
                // "x *= y" becomes "x = _cm_mul(x, y)"; the operator token is "*=" (two or three chars).
                int opEnd = source.indexOf('=', op) + 1;
                edits.add(new Edit(op, opEnd - op, "= " + guard + "(" + source.substring(lhs[0], lhs[1]) + ",", 2));
                edits.add(new Edit(rhs[1], 0, ")", 1));
            }
            super.visit(node);
        }

        @Override
        public void visit(Identifier node) {
            // The guards are predeclared globals; a script that rebinds or calls one could skip its check.
            if (node.getName().startsWith(GUARD_PREFIX)) {
                refused.add(new SyntaxError(node.getStartLocation(),
                        "names starting with " + GUARD_PREFIX + " are reserved for the sandbox"));
            }
        }

        @Override
        public void visit(DotExpression node) {
            // A guarded method taken as a value ("f = sep.join") would later be called without its check.
            if (GUARDED_METHODS.contains(node.getField().getName()) && !called.contains(node)) {
                refused.add(new SyntaxError(node.getDotLocation(), "the string method " + node.getField().getName()
                        + " cannot be stored or passed: call it where it is written, e.g. sep.join(items)"));
            }
            super.visit(node);
        }

        @Override
        public void visit(CallExpression node) {
            if (node.getFunction() instanceof DotExpression dot) {
                called.add(dot);
            }
            if (node.getFunction() instanceof DotExpression dot
                    && GUARDED_METHODS.contains(dot.getField().getName())) {
                // Up to the dot, so that parentheses around the object are inside the span.
                int[] span = balanced(dot.getObject().getStartOffset(), offset(dot.getDotLocation()));
                int lparen = offset(node.getLparenLocation());
                edits.add(new Edit(span[0], 0, "_cm_method(", 3L + (Integer.MAX_VALUE - (node.getEndOffset() - span[0]))));
                edits.add(new Edit(span[1], lparen + 1 - span[1], ", \"" + dot.getField().getName() + "\", ", 2));
            }
            super.visit(node);
        }

        private void open(int[] span, String guard) {
            // Outer expressions open first: order by span length, longest first.
            edits.add(new Edit(span[0], 0, guard + "(", 3L + (Integer.MAX_VALUE - (span[1] - span[0]))));
        }

        private void close(int[] span) {
            edits.add(new Edit(span[1], 0, ")", 1));
        }

        private static String guard(TokenKind op) {
            return switch (op) {
                case STAR -> "_cm_mul";
                case PERCENT -> "_cm_mod";
                case LESS_LESS -> "_cm_shl";
                default -> null;
            };
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
