package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every stub the tests produce must be valid Python: the golden cases at both binding levels, every
 * schema shape of {@link SchemaShapes} and the schemas built in Java. Skipped when python3 is absent.
 */
class StubsParseWithPythonTest {

    @BeforeAll
    static void requirePython() {
        PythonChecker.assumePython();
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

    /** Parses every source in one python3 run and fails listing every source Python rejects. */
    private static void assertAllParse(List<String> sources) {
        assertThat(PythonChecker.problems(PythonChecker.numbered(sources), true)).as("sources python3 could not parse")
                .isEmpty();
    }
}
