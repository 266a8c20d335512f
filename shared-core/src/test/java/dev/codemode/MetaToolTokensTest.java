package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The meta-tools' fixed text is paid on every request: its o200k_base tokens are pinned here, so that
 * a change that adds words shows up (measured before the last cut: definitions 427, list footer 20,
 * stub header tail 12). The query footer ends with the approval sentence of the tools it shows
 * (5 tokens: "Every call needs approval." under the default policy).
 */
class MetaToolTokensTest {

    /** 406 before the executeToolCode description stated the limits (23 tokens with the defaults). */
    static final int MEASURED_DEFINITIONS = 434;

    static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    @Test
    void should_keep_the_meta_tool_definitions_and_fixed_texts_within_their_measured_tokens() {
        ToolSource crm = FunctionToolSource.builder("crm").description("Customer records")
                .tool("lookup_customer", "One customer by id.", MetaToolsTest.schema("customer_id"), a -> Map.of())
                .build();
        try (CodeMode cm = CodeMode.builder().toolSources(crm).build()) {
            int definitions = MetaToolSpec.definitionTokens(cm.specs());
            String list = cm.call("listToolFiles", Map.of()).text();
            String query = cm.call("listToolFiles", Map.of("query", "customer")).text();
            String listFooter = list.lines().reduce((a, b) -> b).orElseThrow();
            String queryFooter = query.lines().reduce((a, b) -> b).orElseThrow();

            System.out.printf("meta-tool tokens: definitions %d (%s), list footer %d, query footer %d%n", definitions,
                    cm.specs().stream().map(s -> s.name() + " " + MetaToolSpec.definitionTokens(List.of(s))).toList(),
                    O200K.countTokensOrdinary(listFooter), O200K.countTokensOrdinary(queryFooter));
            assertThat(definitions).isLessThanOrEqualTo(MEASURED_DEFINITIONS);
            assertThat(O200K.countTokensOrdinary(listFooter)).isLessThanOrEqualTo(20);
            assertThat(O200K.countTokensOrdinary(queryFooter)).isLessThanOrEqualTo(21);
        }
    }

    @Test
    void should_state_the_configured_limits_in_the_execute_tool_code_description() {
        ToolSource crm = FunctionToolSource.builder("crm").description("Customer records")
                .tool("lookup_customer", "One customer by id.", MetaToolsTest.schema("customer_id"), a -> Map.of())
                .build();
        try (CodeMode defaults = CodeMode.builder().toolSources(crm).closeSources(false).build();
                CodeMode tight = CodeMode.builder().toolSources(crm).limits(dev.codemode.sandbox.Limits.builder()
                        .maxToolCalls(8).timeout(java.time.Duration.ofMillis(1500)).maxOutputChars(4000)
                        .maxValueChars(123_456).maxSteps(250_000).build()).build()) {
            assertThat(description(defaults)).endsWith(" Limits: 50 tool calls, 30 s, 1M steps, output 20k chars, values 1M chars.");
            assertThat(description(tight)).endsWith(" Limits: 8 tool calls, 1500 ms, 250k steps, output 4k chars,"
                    + " values 123456 chars.");
        }
    }

    private static String description(CodeMode cm) {
        return cm.specs().stream().filter(s -> s.name().equals(CodeMode.EXECUTE_TOOL_CODE)).findFirst().orElseThrow()
                .description();
    }
}
