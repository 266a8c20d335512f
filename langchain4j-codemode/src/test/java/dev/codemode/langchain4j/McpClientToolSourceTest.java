package dev.codemode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class McpClientToolSourceTest {

    private static final ToolSpecification DELETE = ToolSpecification.builder()
            .name("delete_customer")
            .description("Delete a customer.")
            .parameters(JsonObjectSchema.builder().addStringProperty("customer_id", "e.g. c1").required("customer_id").build())
            .addMetadata(McpToolMetadataKeys.DESTRUCTIVE_HINT, true)
            .addMetadata(McpToolMetadataKeys.READ_ONLY_HINT, false)
            .build();

    private static final ToolSpecification LOOKUP = ToolSpecification.builder()
            .name("lookup-customer")
            .parameters(JsonObjectSchema.builder().addStringProperty("customer_id").build())
            .addMetadata(McpToolMetadataKeys.TITLE, "Look up a customer")
            .addMetadata(McpToolMetadataKeys.READ_ONLY_HINT, true)
            .addMetadata(McpToolMetadataKeys.IDEMPOTENT_HINT, true)
            .addMetadata(McpToolMetadataKeys.OPEN_WORLD_HINT, false)
            .addMetadata(McpToolMetadataKeys.OUTPUT_SCHEMA, Map.of("type", "object",
                    "properties", Map.of("id", Map.of("type", "string"))))
            .build();

    private static McpClientToolSource source(Function<ToolExecutionRequest, ToolExecutionResult> answer) {
        return McpClientToolSource.of("crm", new FakeMcpClient("crm", List.of(LOOKUP, DELETE), answer));
    }

    private static ToolExecutionResult text(String text) {
        return ToolExecutionResult.builder().resultText(text).build();
    }

    @Test
    void should_describe_tools_with_schema_hints_and_output_schema_from_metadata() {
        List<ToolDescriptor> tools = source(r -> text("")).listTools();

        assertThat(tools).extracting(ToolDescriptor::name).containsExactly("lookup-customer", "delete_customer");
        ToolDescriptor lookup = tools.get(0);
        assertThat(lookup.server()).isEqualTo("crm");
        assertThat(lookup.description()).isEqualTo("Look up a customer");
        assertThat(lookup.annotations().isReadOnly()).isTrue();
        assertThat(lookup.annotations().idempotentHint()).isTrue();
        assertThat(lookup.annotations().openWorldHint()).isFalse();
        assertThat(lookup.outputSchema()).isEqualTo(Map.of("type", "object",
                "properties", Map.of("id", Map.of("type", "string"))));
        ToolDescriptor delete = tools.get(1);
        assertThat(delete.annotations().isDestructive()).isTrue();
        assertThat(delete.inputSchema()).isEqualTo(Map.of("type", "object",
                "properties", Map.of("customer_id", Map.of("type", "string", "description", "e.g. c1")),
                "required", List.of("customer_id")));
        assertThat(delete.outputSchema()).isNull();
    }

    @Test
    void should_take_the_first_line_of_the_instructions_as_description() {
        assertThat(source(r -> text("")).description()).isEqualTo("Fake server for tests.");
    }

    @Test
    void should_send_arguments_as_json_and_parse_json_results() {
        FakeMcpClient client = new FakeMcpClient("crm", List.of(LOOKUP), r -> text("{\"id\":\"c1\",\"n\":2}"));
        ToolResult result = McpClientToolSource.of("crm", client).callTool("lookup-customer", Map.of("customer_id", "c1"));

        assertThat(result.isError()).isFalse();
        assertThat(result.value()).isEqualTo(Map.of("id", "c1", "n", 2));
        assertThat(client.requests).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("lookup-customer");
            assertThat(r.arguments()).isEqualTo("{\"customer_id\":\"c1\"}");
        });
    }

    @Test
    void should_send_no_invocation_context_upstream() {
        FakeMcpClient client = new FakeMcpClient("crm", List.of(LOOKUP), r -> text("ok"));
        McpClientToolSource.of("crm", client).callTool("lookup-customer", Map.of());

        assertThat(client.contexts).isEmpty(); // only executeTool(request): no caller context to carry
    }

    @Test
    void should_keep_plain_text_results_as_text() {
        assertThat(source(r -> text("hello")).callTool("lookup-customer", Map.of()).value()).isEqualTo("hello");
    }

    @Test
    void should_turn_the_tools_is_error_into_a_tool_error() {
        ToolResult thrown = source(r -> {
            throw new ToolExecutionException("no customer c9");
        }).callTool("lookup-customer", Map.of());
        ToolResult returned = source(r -> ToolExecutionResult.builder().isError(true).resultText("bad id").build())
                .callTool("lookup-customer", Map.of());

        assertThat(thrown.error()).isEqualTo("no customer c9");
        assertThat(returned.error()).isEqualTo("bad id");
    }

    @Test
    void should_turn_a_timeout_that_looks_like_a_result_into_a_call_failure() {
        McpClientToolSource source = source(r -> text(McpClientToolSource.DEFAULT_TIMEOUT_MESSAGE));

        assertThatThrownBy(() -> source.callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup-customer timed out (the MCP client's tool execution timeout)");
    }

    @Test
    void should_recognise_a_custom_timeout_message() {
        FakeMcpClient client = new FakeMcpClient("crm", List.of(LOOKUP), r -> text("too slow!"));

        assertThatThrownBy(() -> McpClientToolSource.of("crm", client, "too slow!").callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessageContaining("timed out");
        assertThat(McpClientToolSource.of("crm", client).callTool("lookup-customer", Map.of()).value())
                .isEqualTo("too slow!");
    }

    @Test
    void should_turn_protocol_and_transport_failures_into_call_failures_with_one_line() {
        // The server's JSON-RPC errors in its own words; transport failures by their cause class only.
        assertThatThrownBy(() -> source(r -> {
            throw new ToolExecutionException("Unknown tool: nope", -32601);
        }).callTool("nope", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.nope failed: Unknown tool: nope");
        assertThatThrownBy(() -> source(r -> {
            throw new ToolExecutionException(new IOException("broken pipe\n  at somewhere"));
        }).callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup-customer failed: I/O error");
        assertThatThrownBy(() -> source(r -> {
            throw new ToolArgumentsException("customer_id must be a string", -32602);
        }).callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup-customer refused its arguments: customer_id must be a string");
        assertThatThrownBy(() -> source(r -> {
            throw new ToolExecutionException(new RuntimeException("Unexpected status code: 502"));
        }).callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup-customer failed: HTTP 502");
        assertThatThrownBy(() -> source(r -> {
            throw new IllegalStateException("client closed");
        }).callTool("lookup-customer", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("crm.lookup-customer failed: unexpected error (see the application log)");
    }
}
