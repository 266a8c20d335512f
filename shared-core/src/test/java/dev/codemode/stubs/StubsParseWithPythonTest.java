package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every stub the tests produce must be valid Python: the golden cases at both binding levels, every
 * schema shape of {@link SchemaShapes} and the schemas built in Java. Skipped when python3 is absent.
 */
class StubsParseWithPythonTest {

    private static final List<String> PARSE = List.of("python3", "-c", "import ast,sys; ast.parse(sys.stdin.read())");

    @BeforeAll
    static void requirePython() {
        boolean present;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        Assumptions.assumeTrue(present, "python3 is not installed");
    }

    @Test
    void should_parse_every_golden_stub() throws Exception {
        List<String> stubs = StubFixtures.allGoldenStubs();
        assertThat(stubs).hasSizeGreaterThan(20);
        assertAllParse(stubs);
    }

    @Test
    void should_parse_every_schema_shape_at_both_levels() throws Exception {
        List<ToolDescriptor> tools = new ArrayList<>();
        List<String> stubs = new ArrayList<>();
        for (Map.Entry<String, String> shape : SchemaShapes.all().entrySet()) {
            tools.add(ToolDescriptor.of("shapes", shape.getKey().toLowerCase(), shape.getKey() + " shape.",
                    StubFixtures.json(shape.getValue())));
            stubs.add(StubFixtures.stub(shape.getValue()));
        }
        int n = 0;
        for (Map<String, Object> schema : SchemaShapes.javaBuilt()) {
            tools.add(ToolDescriptor.of("shapes", "java_built_" + n++, "", schema));
            stubs.add(StubFixtures.stub(schema));
        }
        CatalogView view = StubFixtures.view("shapes", "Every shape.", tools.toArray(ToolDescriptor[]::new));
        for (BindingLevel level : BindingLevel.values()) {
            StubGenerator generator = new StubGenerator(level);
            for (StubFile file : generator.files(view)) {
                stubs.add(generator.render(file));
            }
        }
        assertAllParse(stubs);
    }

    @Test
    void should_parse_the_usage_example_of_every_golden_tool() throws Exception {
        List<String> examples = new ArrayList<>();
        for (String name : StubFixtures.GOLDEN_CASES) {
            for (var tool : StubFixtures.caseView(name).tools()) {
                String docs = ToolDocs.render(tool);
                examples.add(docs.substring(docs.indexOf("\nExample: ") + 10).strip());
            }
        }
        assertAllParse(examples);
    }

    /** Runs one python3 per source, a few at a time, and fails listing every source Python rejects. */
    private static void assertAllParse(List<String> sources) {
        List<String> failures = sources.parallelStream().map(StubsParseWithPythonTest::parseError)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(failures).as("sources python3 could not parse").isEmpty();
    }

    private static String parseError(String source) {
        try {
            assertParses(source);
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        } catch (IOException e) {
            return "python3 failed to run: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void assertParses(String source) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PARSE).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(source.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3 could not parse:%n%s%n%s", source, output).isZero();
    }
}
