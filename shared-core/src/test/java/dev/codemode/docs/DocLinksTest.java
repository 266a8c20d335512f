package dev.codemode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the README and the pages under docs/ (and of any other Markdown page of the
 * repository) names a file that exists, and every {@code #anchor} names a heading of its page by
 * GitHub's slug rules; images included. The repository root is {@code ..} from this module, as in
 * {@code ModelFacingDocTest}. The other tests pin the checker itself on small trees.
 */
class DocLinksTest {

    static final Path ROOT = Path.of("..");

    @Test
    void every_relative_link_of_the_readme_and_docs_resolves() {
        List<Path> pages = DocLinks.markdownPages(ROOT);
        assertThat(pages).as("the README and the docs are found from the module folder")
                .contains(ROOT.resolve("README.md"), ROOT.resolve("docs").resolve("architecture.md"));

        List<DocLinks.Broken> broken = new DocLinks(ROOT).check(pages);

        assertThat(broken).as("broken links (file:line: (link) reason):%n%s",
                broken.stream().map(DocLinks.Broken::toString).collect(Collectors.joining("\n"))).isEmpty();
    }

    // the checker, on small trees

    @Test
    void should_report_a_missing_file_with_its_page_line_and_link(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/b.md"), "# B\n");
        Files.writeString(root.resolve("README.md"), """
                # Title

                See [b](docs/b.md) and [gone](docs/gone.md).
                """);

        List<DocLinks.Broken> broken = new DocLinks(root).check(root.resolve("README.md"));

        assertThat(broken).extracting(DocLinks.Broken::toString)
                .containsExactly("README.md:3: (docs/gone.md) no such file: docs/gone.md");
    }

    @Test
    void should_resolve_links_relative_to_their_page_and_refuse_leaving_the_repository(@TempDir Path root)
            throws IOException {
        Path repo = Files.createDirectories(root.resolve("repo"));
        Files.createDirectories(repo.resolve("docs/images"));
        Files.writeString(repo.resolve("README.md"), "# R\n");
        Files.writeString(root.resolve("outside.md"), "# O\n");
        Files.writeString(repo.resolve("docs/images/a.svg"), "<svg/>");
        Files.writeString(repo.resolve("docs/page.md"), """
                [up](../README.md) [folder](images/) [root-relative](/docs/images/a.svg)
                [wrong base](docs/images/a.svg)
                [outside](../../outside.md)
                """);

        List<DocLinks.Broken> broken = new DocLinks(repo).check(repo.resolve("docs/page.md"));

        assertThat(broken).extracting(DocLinks.Broken::line, DocLinks.Broken::link, DocLinks.Broken::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "docs/images/a.svg",
                                "no such file: docs/docs/images/a.svg"),
                        org.assertj.core.groups.Tuple.tuple(3, "../../outside.md", "leaves the repository"));
    }

    @Test
    void should_check_images_in_markdown_and_html(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/images"));
        Files.writeString(root.resolve("docs/images/there.png"), "png");
        Files.writeString(root.resolve("README.md"), """
                ![there](docs/images/there.png)
                ![missing](docs/images/missing.png)
                <img src="docs/images/there.png" width="600" alt="there">
                <p align="center"><img alt="x" width="400" src="docs/images/flow.svg"></p>
                """);

        List<DocLinks.Broken> broken = new DocLinks(root).check(root.resolve("README.md"));

        assertThat(broken).extracting(DocLinks.Broken::line, DocLinks.Broken::link).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "docs/images/missing.png"),
                org.assertj.core.groups.Tuple.tuple(4, "docs/images/flow.svg"));
    }

    @Test
    void should_match_anchors_by_githubs_slug_rules(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("other.md"), """
                # Other

                ## One `executeToolCode` call
                ## With Spring Boot (`resilience4j-spring-boot4`)
                ## Fuzzing, faults and load
                ## A & B: what_is kept
                ## *Emphasis* and __strong__ and [a link](x.md)
                ## Tests
                ## Tests
                ## Tests
                Setext heading
                ==============
                """);
        Files.writeString(root.resolve("README.md"), """
                # Read me

                [ok](other.md#one-executetoolcode-call)
                [ok](other.md#with-spring-boot-resilience4j-spring-boot4)
                [ok](other.md#fuzzing-faults-and-load)
                [ok](other.md#a--b-what_is-kept)
                [ok](other.md#emphasis-and-strong-and-a-link)
                [ok](other.md#tests) [ok](other.md#tests-1) [ok](other.md#tests-2)
                [ok](other.md#setext-heading)
                [ok](#read-me)
                [bad](other.md#tests-3)
                [bad](#Read-Me)
                [bad](other.md#one-executeToolCode-call)
                [bad](#nowhere)
                """);

        List<DocLinks.Broken> broken = new DocLinks(root).check(root.resolve("README.md"));

        assertThat(broken).extracting(DocLinks.Broken::toString).containsExactly(
                "README.md:11: (other.md#tests-3) no heading with anchor #tests-3 in other.md",
                "README.md:12: (#Read-Me) no heading with anchor #Read-Me in README.md",
                "README.md:13: (other.md#one-executeToolCode-call) no heading with anchor #one-executeToolCode-call"
                        + " in other.md",
                "README.md:14: (#nowhere) no heading with anchor #nowhere in README.md");
    }

    @Test
    void should_ignore_code_comments_and_absolute_urls_and_follow_wrapped_links(@TempDir Path root)
            throws IOException {
        Files.writeString(root.resolve("README.md"), """
                # Page

                ```markdown
                [in a fence](missing1.md)
                # Not a heading
                ```

                Inline `[code](missing2.md)` and <!-- [comment](missing3.md) -->, and
                [the web](https://example.org/missing.md) and [mail](mailto:a@example.org).
                A link whose text
                [wraps onto
                two lines](missing4.md) and [a fence heading](#not-a-heading).

                A lone ` backtick opens no code span past its paragraph.
                \t
                [after it](missing5.md) and `code`.
                """);

        List<DocLinks.Broken> broken = new DocLinks(root).check(root.resolve("README.md"));

        assertThat(broken).extracting(DocLinks.Broken::toString).containsExactly(
                "README.md:11: (missing4.md) no such file: missing4.md",
                "README.md:12: (#not-a-heading) no heading with anchor #not-a-heading in README.md",
                "README.md:16: (missing5.md) no such file: missing5.md");
    }

    @Test
    void should_check_reference_definitions(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("README.md"), """
                # Page

                See [the page][p] and [the other][q].

                [p]: README.md#page
                [q]: <gone.md>
                """);

        List<DocLinks.Broken> broken = new DocLinks(root).check(root.resolve("README.md"));

        assertThat(broken).extracting(DocLinks.Broken::toString)
                .containsExactly("README.md:6: (gone.md) no such file: gone.md");
    }

    @Test
    void should_give_slugs_as_github_does() {
        assertThat(DocLinks.slug(DocLinks.headingText("Packages of `shared-core`"))).isEqualTo("packages-of-shared-core");
        assertThat(DocLinks.slug(DocLinks.headingText("`listToolFiles(query=\"email a customer\")`")))
                .isEqualTo("listtoolfilesqueryemail-a-customer");
        assertThat(DocLinks.slug(DocLinks.headingText("Web chatbot (Spring AI)"))).isEqualTo("web-chatbot-spring-ai");
        assertThat(DocLinks.slug("Привет non-latin 你好")).isEqualTo("привет-non-latin-你好");
        assertThat(DocLinks.slug("😄 emoji")).isEqualTo("-emoji");
        assertThat(DocLinks.slug("v1.2 – “quoted” snake_case")).isEqualTo("v12--quoted-snake_case");
    }
}
