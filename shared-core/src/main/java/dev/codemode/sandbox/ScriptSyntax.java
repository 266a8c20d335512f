package dev.codemode.sandbox;

import java.util.List;
import net.starlark.java.syntax.DefStatement;
import net.starlark.java.syntax.Location;
import net.starlark.java.syntax.Node;
import net.starlark.java.syntax.NodeVisitor;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.StarlarkFile;
import net.starlark.java.syntax.SyntaxError;

/**
 * Parses a script's source into a syntax tree whose depth is bounded, so that nothing that walks the
 * tree afterwards (the approval analysis, the rewriter, the resolver, the evaluator) can run out of
 * stack, whatever thread it runs on.
 *
 * <p>The parser recurses once per bracket, so bracket nesting is checked on the text before parsing;
 * other deep shapes (a very long chain of operators, many prefix operators) are caught on the tree.
 * Either way the script gets one line: "expression nested too deeply at line L, limit N".
 */
final class ScriptSyntax {

    /** Brackets ({@code ( [ {}) open at once, at most. */
    public static final int MAX_BRACKETS = 50;
    /** Depth of the syntax tree (statements and expressions), at most. */
    public static final int MAX_DEPTH = 200;
    /**
     * Parameters of one {@code def}, at most: binding keyword arguments costs parameters x keywords in
     * one uninterruptible step, and {@code f(**d)} can pass hundreds of thousands.
     */
    public static final int MAX_PARAMETERS = 255;

    private ScriptSyntax() {
    }

    /** A parsed script, or the syntax errors that stopped it (never a parser's internal failure). */
    public record Parsed(StarlarkFile file, List<SyntaxError> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Parses {@code source} as the file {@code fileName}. Never throws for any input. */
    public static Parsed parse(String source, String fileName) {
        String text = source == null ? "" : source;
        SyntaxError tooDeep = bracketDepth(text, fileName);
        if (tooDeep != null) {
            return new Parsed(null, List.of(tooDeep));
        }
        StarlarkFile file;
        try {
            file = StarlarkFile.parse(ParserInput.fromString(text, fileName));
        } catch (StackOverflowError e) {
            return new Parsed(null, List.of(new SyntaxError(Location.fromFileLineColumn(fileName, 1, 1),
                    tooDeepMessage(1, MAX_DEPTH))));
        }
        if (!file.ok()) {
            // The parser reports its own stack overflow as an "internal error" carrying a Java trace.
            SyntaxError first = file.errors().get(0);
            if (first.message().contains("stack overflow")) {
                return new Parsed(null, List.of(new SyntaxError(first.location(),
                        tooDeepMessage(first.location().line(), MAX_DEPTH))));
            }
            return new Parsed(file, file.errors());
        }
        DepthCheck check = new DepthCheck();
        try {
            check.visit(file);
        } catch (Refused e) {
            return new Parsed(null, List.of(new SyntaxError(e.at, e.getMessage())));
        }
        return new Parsed(file, List.of());
    }

    static String tooDeepMessage(int line, int limit) {
        return "expression nested too deeply at line " + line + ", limit " + limit
                + ": split it into several statements";
    }

    /**
     * The first place where more than {@link #MAX_BRACKETS} brackets are open, skipping strings and
     * comments, or {@code null}. Linear in the text and recursion-free.
     */
    static SyntaxError bracketDepth(String s, String fileName) {
        int depth = 0;
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
            } else if (c == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                boolean triple = i + 2 < n && s.charAt(i + 1) == c && s.charAt(i + 2) == c;
                i += triple ? 3 : 1;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\\') {
                        if (i + 1 < n && s.charAt(i + 1) == '\n') {
                            line++;
                            lineStart = i + 2;
                        }
                        i += 2; // raw strings too: a backslash keeps the next quote inside the string
                        continue;
                    }
                    if (d == '\n') {
                        if (!triple) {
                            break; // unterminated: the parser reports it
                        }
                        line++;
                        lineStart = i + 1;
                    }
                    if (d == c && (!triple || i + 2 < n && s.charAt(i + 1) == c && s.charAt(i + 2) == c)) {
                        i += triple ? 3 : 1;
                        break;
                    }
                    i++;
                }
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    if (++depth > MAX_BRACKETS) {
                        return new SyntaxError(Location.fromFileLineColumn(fileName, line, i - lineStart + 1),
                                tooDeepMessage(line, MAX_BRACKETS));
                    }
                } else if (c == ')' || c == ']' || c == '}') {
                    depth = Math.max(0, depth - 1);
                }
                i++;
            }
        }
        return null;
    }

    /**
     * Stops at the first node deeper than {@link #MAX_DEPTH} (its own recursion stays bounded) and at
     * the first {@code def} with more than {@link #MAX_PARAMETERS} parameters.
     */
    private static final class DepthCheck extends NodeVisitor {
        private int depth;

        @Override
        public void visit(Node node) {
            if (++depth > MAX_DEPTH) {
                Location at = node.getStartLocation();
                throw new Refused(at, tooDeepMessage(at.line(), MAX_DEPTH));
            }
            super.visit(node);
            depth--;
        }

        @Override
        public void visit(DefStatement node) {
            if (node.getParameters().size() > MAX_PARAMETERS) {
                throw new Refused(node.getStartLocation(), "def " + node.getIdentifier().getName() + " has "
                        + node.getParameters().size() + " parameters, over the limit of " + MAX_PARAMETERS
                        + ": pass a dict instead");
            }
            super.visit(node);
        }
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Location at;

        Refused(Location at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }
}
