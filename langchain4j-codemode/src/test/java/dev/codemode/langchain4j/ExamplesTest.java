package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.CodeMode;
import dev.codemode.resilience.Resilience;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    private static final ToolSpecification LOOKUP = ToolSpecification.builder()
            .name("lookup_customer")
            .description("One customer by id.")
            .parameters(JsonObjectSchema.builder().addStringProperty("customer_id").required("customer_id").build())
            .addMetadata(McpToolMetadataKeys.READ_ONLY_HINT, true)
            .build();

    private static FakeMcpClient crm() {
        return new FakeMcpClient("crm", List.of(LOOKUP),
                r -> ToolExecutionResult.builder().resultText("{\"id\": \"c1\", \"name\": \"Ada\"}").build());
    }

    @Test
    void should_run_the_readme_example_as_written() {
        ScriptedChatModel model = new ScriptedChatModel(
                call("executeToolCode", "{\"code\": \"result = crm.lookup_customer(customer_id='c1')['name']\"}"),
                echoLastToolResult());

        String answer = Examples.readme(model, List.of(crm())).chat("Who is c1?");

        assertThat(answer).contains("\"result\":\"Ada\"");
    }

    @Test
    void should_build_with_every_option_and_scope_the_listing_to_the_key() {
        try (CodeModeToolProvider codeMode = Examples.everyOption(List.of(crm()))) {
            ScriptedChatModel model = new ScriptedChatModel(call("listToolFiles", "{}"), echoLastToolResult());

            String answer = Examples.keyed(model, codeMode);

            assertThat(answer).contains("servers/crm.pyi").doesNotContain("local"); // support-key: the "read" group only
            assertThat(codeMode.codeMode().view().tools()).hasSize(2);
        }
    }

    @Test
    void should_offer_a_code_mode_built_by_the_caller_and_leave_it_open() {
        try (Resilience resilience = Resilience.builder().circuitBreakerRegistry(CircuitBreakerRegistry.ofDefaults()).build()) {
            CodeModeToolProvider provider = Examples.ownCodeMode(crm(), resilience);
            CodeMode core = provider.codeMode();
            ScriptedChatModel model = new ScriptedChatModel(
                    call("executeToolCode", "{\"code\": \"result = crm.lookup_customer(customer_id='c1')['name']\"}"),
                    echoLastToolResult());

            String answer = dev.langchain4j.service.AiServices.builder(Examples.Assistant.class).chatModel(model)
                    .toolProvider(provider).build().chat("Who is c1?");
            provider.close();

            assertThat(answer).contains("\"result\":\"Ada\"");
            assertThat(core.call("listToolFiles", "{}").text()).contains("servers/crm.pyi"); // still open
            assertThat(core.breakerStates()).containsKey("crm");
            core.close();
        }
    }

    @Test
    void should_refuse_tools_next_to_a_code_mode_built_by_the_caller() {
        try (CodeMode core = CodeMode.builder().toolSources(McpClientToolSource.of("crm", crm())).build()) {
            assertThatThrownBy(() -> CodeModeToolProvider.builder().codeMode(core).tools(new Examples.Clock()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("McpClientToolSource.of(key, client)");
        }
    }
}
