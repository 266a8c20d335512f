package dev.codemode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the code the consumer projects compile: each {@code ```java} block of
 * README.md, and of docs/langchain4j.md's README section (between its two {@code ---} rules), follows a
 * line {@code <!-- compiled in PATH... -->} naming files under {@code consumers/}, and appears in one of
 * them as written. The consumers build against the deployed coordinates in {@code .ci/run}, so a snippet
 * that stops compiling fails there, and one edited here without its consumer fails here.
 *
 * <p>"As written" allows one thing: the whole block, or else each top-level piece of it (a piece ends
 * with a line that is just {@code }} at column 0, e.g. a type or a bean method), may sit at any one
 * indentation in the file.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MARKER = Pattern.compile("^<!-- compiled in ((?:\\S+\\s+)+)-->$");

    record Snippet(String document, int line, List<String> files, List<String> code) {
    }

    @Test
    void should_find_every_readme_java_snippet_in_the_consumer_file_its_marker_names() throws IOException {
        List<Snippet> snippets = javaSnippets("README.md", lines("README.md"));

        assertThat(snippets).hasSizeGreaterThanOrEqualTo(4);
        snippets.forEach(ReadmeSnippetsTest::assertCompiledAsWritten);
    }

    @Test
    void should_find_the_langchain4j_paste_block_in_the_consumer_that_compiles_it() throws IOException {
        List<String> doc = lines("docs/langchain4j.md");
        int first = doc.indexOf("---");
        int second = doc.subList(first + 1, doc.size()).indexOf("---") + first + 1;
        assertThat(first).as("docs/langchain4j.md has its README section between two --- rules").isPositive();
        List<String> pasteBlock = new ArrayList<>(doc.subList(0, second));
        for (int i = 0; i <= first; i++) {
            pasteBlock.set(i, "");                                // only the section itself
        }

        List<Snippet> snippets = javaSnippets("docs/langchain4j.md", pasteBlock);

        assertThat(snippets).isNotEmpty();
        snippets.forEach(ReadmeSnippetsTest::assertCompiledAsWritten);
    }

    @Test
    void should_reject_a_snippet_that_differs_from_its_consumer_by_one_character() throws IOException {
        Snippet snippet = javaSnippets("README.md", lines("README.md")).get(0);
        List<String> changed = new ArrayList<>(snippet.code());
        changed.set(0, changed.get(0) + " ");

        assertThat(missingPieces(new Snippet(snippet.document(), snippet.line(), snippet.files(), changed)))
                .isNotEmpty();
        assertThat(missingPieces(snippet)).isEmpty();
    }

    private static void assertCompiledAsWritten(Snippet snippet) {
        assertThat(snippet.files())
                .as("%s line %d: a ```java block needs a line <!-- compiled in consumers/...java --> above it",
                        snippet.document(), snippet.line())
                .isNotEmpty()
                .allSatisfy(file -> assertThat(file).startsWith("consumers/"));
        for (String file : snippet.files()) {
            assertThat(ROOT.resolve(file)).as("%s line %d names %s", snippet.document(), snippet.line(), file)
                    .isRegularFile();
        }
        assertThat(missingPieces(snippet))
                .as("%s line %d: pieces not found as written in %s", snippet.document(), snippet.line(),
                        snippet.files())
                .isEmpty();
    }

    /** The pieces of the snippet that none of its files contains as written; empty when all are found. */
    static List<String> missingPieces(Snippet snippet) {
        List<List<String>> files = new ArrayList<>();
        for (String file : snippet.files()) {
            try {
                files.add(Files.readAllLines(ROOT.resolve(file)));
            } catch (IOException e) {
                return List.of("cannot read " + file);
            }
        }
        if (files.stream().anyMatch(f -> contains(f, snippet.code()))) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (List<String> piece : pieces(snippet.code())) {
            if (files.stream().noneMatch(f -> contains(f, piece))) {
                missing.add(String.join("\n", piece));
            }
        }
        return missing;
    }

    /** Top-level pieces: split after each line that is exactly "}", blank lines between pieces dropped. */
    static List<List<String>> pieces(List<String> code) {
        List<List<String>> pieces = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : code) {
            if (current.isEmpty() && line.isBlank()) {
                continue;
            }
            current.add(line);
            if (line.equals("}")) {
                pieces.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            pieces.add(current);
        }
        return pieces;
    }

    /** Whether {@code file} holds {@code code}'s lines in a row, all with one extra indentation. */
    static boolean contains(List<String> file, List<String> code) {
        for (int start = 0; start + code.size() <= file.size(); start++) {
            String first = file.get(start);
            if (!first.endsWith(code.get(0)) || !first.substring(0, first.length() - code.get(0).length()).isBlank()) {
                continue;
            }
            String indent = first.substring(0, first.length() - code.get(0).length());
            boolean all = true;
            for (int i = 1; i < code.size() && all; i++) {
                String expected = code.get(i);
                String actual = file.get(start + i);
                all = expected.isEmpty() ? actual.isBlank() : actual.equals(indent + expected);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    static List<Snippet> javaSnippets(String document, List<String> lines) {
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            List<String> files = new ArrayList<>();
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : MARKER.matcher("");
            if (marker.matches()) {
                files.addAll(List.of(marker.group(1).trim().split("\\s+")));
            }
            List<String> code = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                code.add(lines.get(j));
                j++;
            }
            snippets.add(new Snippet(document, i + 1, files, code));
            i = j;
        }
        return snippets;
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(ROOT.resolve(file));
    }
}
