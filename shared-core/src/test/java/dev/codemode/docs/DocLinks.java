package dev.codemode.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the relative links of Markdown pages as GitHub renders them: every link, image and
 * reference definition that is not an absolute URL must name a file or folder of the repository,
 * and a {@code #fragment} into a Markdown page must be the anchor of one of its headings.
 *
 * <p>What counts as a link: {@code [text](dest)}, {@code ![alt](dest)} (the text may wrap onto the
 * next line), {@code [label]: dest}, and the {@code src}, {@code href} and {@code srcset} of HTML
 * tags. Fenced code blocks, inline code and HTML comments are not links. Anchors follow GitHub's
 * slug rules (the github-slugger package): the heading's text as rendered (code without its
 * backticks, a link's text, no emphasis marks), lower-cased; punctuation, symbols, controls and
 * separators other than {@code ' '} dropped, except {@code '-'} and {@code '_'}; each space becomes
 * {@code '-'}; a slug already taken gets {@code -1}, {@code -2}, ... HTML {@code id} and {@code name}
 * attributes are anchors too.
 */
final class DocLinks {

    /** One link that does not resolve, where it stands. */
    record Broken(Path file, int line, String link, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": (" + link + ") " + reason;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    /** {@code [text](} or {@code ![alt](}: the text holds no brackets but one level of nested ones. */
    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\[\\]\\\\]|\\\\.|\\[[^\\[\\]]*\\])*\\]\\(");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^ {0,3}\\[([^\\]]+)\\]:[ \\t]*(<[^>]*>|\\S+)");
    private static final Pattern HTML_LINK = Pattern.compile(
            "<(?:img|a|source)\\b[^>]*?\\b(src|href|srcset)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ANCHOR = Pattern.compile(
            "<[a-z][a-z0-9]*\\b[^>]*?\\b(?:id|name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLANK_LINE = Pattern.compile("\n[ \t]*\r?\n");
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
        String text = read(file);
        String masked = mask(text);
        List<Broken> broken = new ArrayList<>();
        for (Link link : links(masked)) {
            String reason = resolve(file, link.destination());
            if (reason != null) {
                broken.add(new Broken(root.relativize(file), lineOf(masked, link.offset()), link.destination(), reason));
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

    private record Link(int offset, String destination) {}

    private static List<Link> links(String masked) {
        List<Link> links = new ArrayList<>();
        Matcher inline = INLINE.matcher(masked);
        while (inline.find()) {
            String destination = destination(masked, inline.end());
            if (destination != null) {
                links.add(new Link(inline.start(), destination));
            }
        }
        Matcher definition = DEFINITION.matcher(masked);
        while (definition.find()) {
            String destination = definition.group(2);
            if (destination.startsWith("<")) {
                destination = destination.substring(1, destination.length() - 1);
            }
            links.add(new Link(definition.start(), destination));
        }
        Matcher html = HTML_LINK.matcher(masked);
        while (html.find()) {
            String value = html.group(2) != null ? html.group(2) : html.group(3);
            if (html.group(1).equalsIgnoreCase("srcset")) {
                for (String candidate : value.split(",")) {
                    String url = candidate.strip().split("\\s+")[0];
                    if (!url.isEmpty()) {
                        links.add(new Link(html.start(), url));
                    }
                }
            } else {
                links.add(new Link(html.start(), value));
            }
        }
        links.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return links;
    }

    /** The destination of an inline link whose {@code (} ends at {@code start}, or null if there is none. */
    private static String destination(String text, int start) {
        int i = start;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '<') {
            int close = text.indexOf('>', i);
            return close < 0 ? null : text.substring(i + 1, close);
        }
        int depth = 0;
        int begin = i;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                break;
            } else if (c == '\\' && i + 1 < text.length()) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
        }
        return text.substring(begin, i);
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
            fragment = decode(path.substring(hash + 1));
            path = path.substring(0, hash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        path = decode(path);
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

    /** The anchors of a page: its headings' slugs, in order, and its HTML ids and names. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>(headingSlugs(markdown));
        Matcher html = HTML_ANCHOR.matcher(mask(markdown));
        while (html.find()) {
            anchors.add(html.group(1) != null ? html.group(1) : html.group(2));
        }
        return anchors;
    }

    /** The slugs GitHub gives the page's headings, duplicates numbered, in page order. */
    static List<String> headingSlugs(String markdown) {
        List<String> slugs = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        String[] lines = markdown.split("\n", -1);
        String fence = null;
        String paragraph = null;   // the lines of a paragraph a setext underline would make a heading
        boolean otherBlock = false; // a list, table, quote or HTML block runs until the next blank line
        for (String raw : lines) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            Matcher f = FENCE.matcher(line);
            if (fence != null) {
                if (f.matches() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()
                        && f.group(2).isBlank()) {
                    fence = null;
                }
                continue;
            }
            if (f.matches() && !(f.group(1).charAt(0) == '`' && f.group(2).contains("`"))) {
                fence = f.group(1);
                paragraph = null;
                otherBlock = false;
                continue;
            }
            Matcher atx = ATX.matcher(line);
            Matcher setext = SETEXT.matcher(line);
            String heading = null;
            if (atx.matches()) {
                heading = atx.group(2) == null ? "" : atx.group(2);
            } else if (paragraph != null && setext.matches()) {
                heading = paragraph;
            }
            if (heading != null) {
                slugs.add(unique(slug(headingText(heading)), occurrences));
                paragraph = null;
            } else if (line.isBlank()) {
                paragraph = null;
                otherBlock = false;
            } else if (paragraph == null && (line.startsWith("    ") || line.startsWith("\t"))) {
                otherBlock = true; // indented code, or a list item's continuation
            } else {
                String trimmed = line.strip();
                boolean plain = !(trimmed.startsWith("|") || trimmed.startsWith(">") || trimmed.startsWith("<")
                        || trimmed.matches("([-*+]|\\d+[.)])(\\s.*)?") || trimmed.matches("[-*_ ]{3,}"));
                otherBlock |= !plain;
                paragraph = otherBlock ? null : paragraph == null ? trimmed : paragraph + " " + trimmed;
            }
        }
        return slugs;
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

    /**
     * A heading's text as GitHub renders it: inline code keeps its content, a link or image its
     * text, HTML tags and emphasis marks go, backslash escapes and a few entities are undone.
     */
    static String headingText(String markdown) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < markdown.length()) {
            int tick = markdown.indexOf('`', i);
            if (tick < 0) {
                out.append(plainText(markdown.substring(i)));
                break;
            }
            int run = tick;
            while (run < markdown.length() && markdown.charAt(run) == '`') {
                run++;
            }
            String ticks = markdown.substring(tick, run);
            int close = closingRun(markdown, run, ticks.length());
            if (close < 0) {
                out.append(plainText(markdown.substring(i, run)));
                i = run;
                continue;
            }
            out.append(plainText(markdown.substring(i, tick)));
            String code = markdown.substring(run, close);
            if (code.length() > 2 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank()) {
                code = code.substring(1, code.length() - 1);
            }
            out.append(code);
            i = close + ticks.length();
        }
        return out.toString().strip();
    }

    private static String plainText(String s) {
        String t = s.replaceAll("!\\[([^\\]]*)\\]\\([^)]*\\)", "")
                .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("\\[([^\\]]*)\\]\\[[^\\]]*\\]", "$1")
                .replaceAll("<[^>]+>", "")
                // emphasis with underscores: '_' that opens or closes a run, not one inside a word
                .replaceAll("(?<![\\p{L}\\p{N}_\\\\])_{1,3}(?=[^\\s_])", "")
                .replaceAll("(?<=[^\\s_\\\\])_{1,3}(?![\\p{L}\\p{N}_])", "")
                .replaceAll("\\\\([!-/:-@\\[-`{-~])", "$1");
        return t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&nbsp;", "\u00a0");
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

    /**
     * The text with fenced code blocks, inline code and HTML comments blanked out (line breaks kept,
     * so offsets still give line numbers): nothing in them is a link.
     */
    static String mask(String text) {
        char[] out = text.toCharArray();
        String[] lines = text.split("\n", -1);
        int offset = 0;
        String fence = null;
        for (String line : lines) {
            Matcher f = FENCE.matcher(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            boolean blank;
            if (fence != null) {
                blank = true;
                if (f.matches() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()
                        && f.group(2).isBlank()) {
                    fence = null;
                }
            } else if (f.matches() && !(f.group(1).charAt(0) == '`' && f.group(2).contains("`"))) {
                fence = f.group(1);
                blank = true;
            } else {
                blank = false;
            }
            if (blank) {
                blankOut(out, offset, offset + line.length());
            }
            offset += line.length() + 1;
        }
        String s = new String(out);
        for (int i = s.indexOf("<!--"); i >= 0; i = s.indexOf("<!--", i + 4)) {
            int end = s.indexOf("-->", i + 4);
            int stop = end < 0 ? s.length() : end + 3;
            blankOut(out, i, stop);
        }
        s = new String(out);
        int i = 0;
        while ((i = s.indexOf('`', i)) >= 0) {
            int run = i;
            while (run < s.length() && s.charAt(run) == '`') {
                run++;
            }
            int close = closingRun(s, run, run - i);
            if (close < 0) {
                i = run;
                continue;
            }
            blankOut(out, i, close + (run - i));
            i = close + (run - i);
        }
        return new String(out);
    }

    /** Where a run of exactly {@code n} backticks starts after {@code from}, within the paragraph; -1 if none. */
    private static int closingRun(String s, int from, int n) {
        Matcher blankLine = BLANK_LINE.matcher(s);
        int limit = blankLine.find(from) ? blankLine.start() : s.length();
        int i = from;
        while ((i = s.indexOf('`', i)) >= 0 && i < limit) {
            int run = i;
            while (run < s.length() && s.charAt(run) == '`') {
                run++;
            }
            if (run - i == n) {
                return i;
            }
            i = run;
        }
        return -1;
    }

    private static void blankOut(char[] text, int from, int to) {
        for (int i = from; i < to && i < text.length; i++) {
            if (text[i] != '\n') {
                text[i] = ' ';
            }
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    if (n == bytes.length) {
                        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
                    }
                    bytes[n++] = b;
                }
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
