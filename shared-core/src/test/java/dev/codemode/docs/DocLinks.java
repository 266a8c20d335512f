package dev.codemode.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Checks the relative links of Markdown pages as GitHub renders them: every link, image and
 * reference definition that is not an absolute URL must name a file or folder of the repository,
 * and a {@code #fragment} into a Markdown page must be the anchor of one of its headings.
 *
 * <p>Pages are parsed with commonmark-java, so code blocks, inline code and HTML comments are not
 * links. What counts as a link: the destination of an inline link or image, of a reference
 * definition (links that use it are checked there), and the {@code src}, {@code href} and
 * {@code srcset} of HTML tags. Anchors follow GitHub's slug rules (the github-slugger package):
 * the heading's rendered text, lower-cased; punctuation, symbols, controls and separators other
 * than {@code ' '} dropped, except {@code '-'} and {@code '_'}; each space becomes {@code '-'}; a
 * slug already taken gets {@code -1}, {@code -2}, ... HTML {@code id} and {@code name} attributes
 * are anchors too.
 */
final class DocLinks {

    /** One link that does not resolve, where it stands. */
    record Broken(Path file, int line, String link, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": (" + link + ") " + reason;
        }
    }

    private static final Parser PARSER =
            Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    private static final Pattern HTML_LINK = Pattern.compile(
            "<(?:img|a|source)\\b[^>]*?\\b(src|href|srcset)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ANCHOR = Pattern.compile(
            "<[a-z][a-z0-9]*\\b[^>]*?\\b(?:id|name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?(?:-->|$)");
    private static final Pattern SCHEME = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)");

    private final Path root;
    private final Map<Path, Set<String>> anchorsByPage = new HashMap<>();

    /** @param root the repository root: links may not leave it */
    DocLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The broken links of every page, in page order. */
    List<Broken> check(List<Path> pages) {
        List<Broken> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(check(page));
        }
        return broken;
    }

    /** The broken links of one page, in the order they stand. */
    List<Broken> check(Path page) {
        Path file = page.toAbsolutePath().normalize();
        List<Broken> broken = new ArrayList<>();
        for (LinkAt link : links(read(file))) {
            String reason = resolve(file, link.destination());
            if (reason != null) {
                broken.add(new Broken(root.relativize(file), link.line(), link.destination(), reason));
            }
        }
        return broken;
    }

    /** The Markdown pages of a tree, without build output and version control folders, sorted. */
    static List<Path> markdownPages(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            String name = part.toString();
                            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record LinkAt(int line, String destination) {}

    /** The link destinations of a page with their 1-based lines, in the order they stand. */
    private static List<LinkAt> links(String markdown) {
        String[] lines = markdown.split("\r\n|\r|\n", -1);
        List<LinkAt> links = new ArrayList<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                inline(link, link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                inline(image, image.getDestination());
                visitChildren(image);
            }

            /** Only {@code [text](dest)}: a reference link's destination is checked at its definition. */
            private void inline(Node node, String destination) {
                SourceSpan first = node.getSourceSpans().get(0);
                SourceSpan last = node.getSourceSpans().get(node.getSourceSpans().size() - 1);
                if (lines[last.getLineIndex()].charAt(last.getColumnIndex() + last.getLength() - 1) == ')') {
                    links.add(new LinkAt(first.getLineIndex() + 1, destination));
                }
            }

            @Override
            public void visit(LinkReferenceDefinition definition) {
                SourceSpan first = definition.getSourceSpans().get(0);
                links.add(new LinkAt(first.getLineIndex() + 1, definition.getDestination()));
            }

            @Override
            public void visit(HtmlInline html) {
                html(html, html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                html(html, html.getLiteral());
            }

            private void html(Node node, String literal) {
                String text = withoutComments(literal);
                SourceSpan first = node.getSourceSpans().get(0);
                Matcher m = HTML_LINK.matcher(text);
                while (m.find()) {
                    int line = first.getLineIndex() + 1 + (int) text.substring(0, m.start()).chars()
                            .filter(c -> c == '\n').count();
                    String value = m.group(2) != null ? m.group(2) : m.group(3);
                    if (!m.group(1).equalsIgnoreCase("srcset")) {
                        links.add(new LinkAt(line, value));
                        continue;
                    }
                    for (String candidate : value.split(",")) {
                        String url = candidate.strip().split("\\s+")[0];
                        if (!url.isEmpty()) {
                            links.add(new LinkAt(line, url));
                        }
                    }
                }
            }
        });
        links.sort(Comparator.comparingInt(LinkAt::line));
        return links;
    }

    /** Why the destination does not resolve from {@code page}, or null when it does. */
    private String resolve(Path page, String destination) {
        if (destination.isEmpty()) {
            return "empty link";
        }
        if (SCHEME.matcher(destination).find()) {
            return null;
        }
        String path = destination;
        String fragment = null;
        int hash = path.indexOf('#');
        if (hash >= 0) {
            fragment = path.substring(hash + 1);
            path = path.substring(0, hash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        try {
            path = decode(path);
            fragment = fragment == null ? null : decode(fragment);
        } catch (IllegalArgumentException e) {
            return "malformed %-escape";
        }
        Path target;
        if (path.isEmpty()) {
            target = page;
        } else {
            target = (path.startsWith("/") ? root.resolve(path.substring(1)) : page.getParent().resolve(path))
                    .normalize();
            if (!target.startsWith(root)) {
                return "leaves the repository";
            }
            if (!Files.exists(target)) {
                return "no such file: " + root.relativize(target);
            }
        }
        if (fragment == null || !Files.isRegularFile(target) || !target.toString().endsWith(".md")) {
            return null;
        }
        if (fragment.isEmpty()) {
            return "empty anchor";
        }
        Set<String> anchors = anchorsByPage.computeIfAbsent(target, t -> anchors(read(t)));
        if (anchors.contains(fragment)) {
            return null;
        }
        return "no heading with anchor #" + fragment + " in " + root.relativize(target);
    }

    /** The anchors of a page: its headings' slugs, duplicates numbered, in order, and its HTML ids and names. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            private final Map<String, Integer> occurrences = new HashMap<>();

            @Override
            public void visit(Heading heading) {
                anchors.add(unique(slug(text(heading).strip()), occurrences));
                visitChildren(heading); // an HTML id inside it
            }

            @Override
            public void visit(HtmlInline html) {
                ids(html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                ids(html.getLiteral());
            }

            private void ids(String literal) {
                Matcher m = HTML_ANCHOR.matcher(withoutComments(literal));
                while (m.find()) {
                    anchors.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        });
        return anchors;
    }

    private static String unique(String slug, Map<String, Integer> occurrences) {
        String result = slug;
        while (occurrences.containsKey(result)) {
            int n = occurrences.merge(slug, 1, Integer::sum);
            result = slug + "-" + n;
        }
        occurrences.put(result, 0);
        return result;
    }

    /** The rendered text of a short piece of Markdown, as of a heading: see {@link #text(Node)}. */
    static String headingText(String markdown) {
        return text(PARSER.parse(markdown)).strip();
    }

    /**
     * A node's text as GitHub renders it: text and inline code as they read, a link's text, no
     * images, HTML tags or emphasis marks; a line break is a space.
     */
    private static String text(Node node) {
        if (node instanceof Text text) {
            return text.getLiteral();
        } else if (node instanceof Code code) {
            return code.getLiteral();
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            return " ";
        } else if (node instanceof Image || node instanceof HtmlInline) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            out.append(text(child));
        }
        return out.toString();
    }

    /** GitHub's slug of a heading's rendered text (github-slugger's {@code slug}). */
    static String slug(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        lower.codePoints().forEach(cp -> {
            if (cp == ' ') {
                out.append('-');
            } else if (cp == '-' || Character.isAlphabetic(cp) || !dropped(Character.getType(cp))) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean dropped(int type) {
        return switch (type) {
            case Character.OTHER_NUMBER, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.DASH_PUNCTUATION, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.CONTROL,
                    Character.PRIVATE_USE, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** HTML with its comments blanked out, line breaks kept: nothing in a comment is a link or an anchor. */
    private static String withoutComments(String html) {
        return HTML_COMMENT.matcher(html).replaceAll(m -> m.group().replaceAll("[^\n]", " "));
    }

    /** Percent-decoding of a path or fragment; {@code '+'} stays itself. */
    private static String decode(String s) {
        return s.indexOf('%') < 0 ? s : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
