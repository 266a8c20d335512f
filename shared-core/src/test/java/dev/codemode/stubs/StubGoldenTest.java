package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Golden files: for each {@code stubs/<case>.json} (one server and its tools, and optionally the approval
 * policy the stubs are for), the server-level stub must equal {@code stubs/<case>.pyi} and the docs of
 * its tools {@code stubs/<case>.docs.txt}.
 *
 * <p>To regenerate the expected files after an intended change, run
 * {@code mvn -pl shared-core test -Dtest=StubGoldenTest -Dcodemode.regenerateGoldens=true}
 * from the repository root, then review the diff.
 */
class StubGoldenTest {

    static final java.util.List<String> CASES = StubFixtures.GOLDEN_CASES;
    private static final boolean REGENERATE = Boolean.getBoolean("codemode.regenerateGoldens");
    private static final Path SOURCE_DIR = Path.of("src/test/resources/stubs");

    @ParameterizedTest
    @FieldSource("CASES")
    void should_match_golden_stub(String name) throws IOException {
        CatalogView view = StubFixtures.caseView(name);
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER, StubFixtures.casePolicy(name));
        String actual = generator.render(generator.files(view).get(0));
        check(name + ".pyi", actual);
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void should_match_golden_docs(String name) throws IOException {
        CatalogView view = StubFixtures.caseView(name);
        String actual = view.tools().stream().map(ToolDocs::render).collect(Collectors.joining("\n"));
        check(name + ".docs.txt", actual);
    }

    private static void check(String file, String actual) throws IOException {
        if (REGENERATE) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(file), actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).isEqualTo(StubFixtures.resource("stubs/" + file));
    }
}
