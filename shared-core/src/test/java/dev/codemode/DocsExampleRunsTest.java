package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.json.JsonValues;
import dev.codemode.sandbox.Limits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The usage example {@code getToolDocs} gives is a script that runs as written: copied into
 * {@code executeToolCode}, every tool that runs without approval answers without an error (the
 * model-facing fixture catalog, where one tool takes an enum, bounds and an email format).
 */
class DocsExampleRunsTest {

    @Test
    void should_run_the_docs_example_of_every_unattended_tool_as_written() {
        try (CodeMode cm = ModelFacingTest.fixture(Limits.builder().timeout(Duration.ofSeconds(5)).build())) {
            int ran = 0;
            for (CatalogTool tool : cm.view().tools()) {
                String docs = cm.call(CodeMode.GET_TOOL_DOCS, Map.of("server", tool.serverId(), "tool", tool.toolId()))
                        .text();
                if (!docs.contains("Runs without asking.")) {
                    continue;
                }
                String example = docs.lines().filter(l -> l.startsWith("Example: ")).findFirst().orElseThrow()
                        .substring("Example: ".length());
                String answer = cm.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", example)).text();
                @SuppressWarnings("unchecked")
                Map<String, Object> out = (Map<String, Object>) JsonValues.parse(answer);
                assertThat(out.keySet()).as(example + " -> " + answer).doesNotContain("error").contains("result");
                ran++;
            }
            assertThat(ran).isGreaterThanOrEqualTo(5);
        }
    }
}
