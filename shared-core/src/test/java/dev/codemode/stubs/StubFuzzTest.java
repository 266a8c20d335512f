package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.ArbitraryJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the stub generator and the tool docs with arbitrary JSON Schemas, tool names and
 * descriptions. The contract, from {@link StubGenerator} and {@link ToolDocs}: nothing throws on a
 * schema; every stub file, per server and per tool, is Python that {@code ast.parse} accepts and that
 * uses only names it imports or declares (checked by one long-lived python3, skipped when python3 is
 * absent); rendering is deterministic; the docs name the tool as scripts call it.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code StubFuzzTestInputs/}; see
 * docs/security-fuzz-faults-load.md for fuzzing longer.
 */
class StubFuzzTest {

    private static PythonChecker.Session python;

    @BeforeAll
    static void startPython() {
        python = PythonChecker.present() ? new PythonChecker.Session() : null;
    }

    @AfterAll
    static void stopPython() {
        if (python != null) {
            python.close();
        }
    }

    @FuzzTest(maxDuration = "2m")
    void stubs_and_docs_are_valid_for_any_schema(FuzzedDataProvider data) {
        // given one server with one to three tools of arbitrary names and schemas
        String server = data.consumeBoolean() ? "srv" : ArbitraryJson.name(data);
        FunctionToolSource.Builder builder = FunctionToolSource.builder(server).description(data.consumeString(80));
        int tools = data.consumeInt(1, 3);
        List<ToolDescriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < tools; i++) {
            Map<String, Object> input = ArbitraryJson.schema(data, 4);
            Map<String, Object> output = data.consumeBoolean() ? ArbitraryJson.schema(data, 3) : null;
            String name = data.consumeBoolean() ? "t" + i : ArbitraryJson.name(data) + i;
            ToolDescriptor descriptor = new ToolDescriptor(server, name, data.consumeString(120), input, output,
                    new ToolAnnotations(maybe(data), maybe(data), maybe(data), maybe(data)));
            descriptors.add(descriptor);
            builder.tool(descriptor, args -> args);
        }
        CatalogView view;
        try {
            view = ToolCatalog.of(builder.build()).view();
        } catch (IllegalArgumentException e) {
            return; // a server name the catalog refuses up front, with a message: not the generator's concern
        }

        // when / then
        Map<String, String> stubs = new LinkedHashMap<>();
        for (BindingLevel level : BindingLevel.values()) {
            StubGenerator generator = new StubGenerator(level);
            List<StubFile> files = generator.files(view);
            assertThat(files).as("one file per server, or per tool").hasSize(level == BindingLevel.SERVER ? 1 : tools);
            for (StubFile file : files) {
                String text = generator.render(file);
                assertThat(generator.render(file)).as("deterministic").isEqualTo(text);
                assertThat(generator.read(view, file.path())).contains(text);
                for (CatalogTool tool : file.tools()) {
                    assertThat(text).contains("def " + tool.toolId() + "(");
                }
                stubs.put(level + " " + file.path(), text);
            }
        }
        for (CatalogTool tool : view.tools()) {
            assertThat(ToolDocs.render(tool)).startsWith(tool.id() + "(");
        }
        if (python != null) {
            stubs.forEach((name, text) -> assertThat(python.problems(name, text))
                    .as("%s:%n%s%nfrom %s", name, text, descriptors).isEmpty());
        }
    }

    private static Boolean maybe(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 2);
        return n == 0 ? null : n == 1;
    }
}
