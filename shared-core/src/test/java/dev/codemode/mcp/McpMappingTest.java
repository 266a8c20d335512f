package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class McpMappingTest {

    @Test
    void should_prefer_structured_content_over_text() {
        CallToolResult result = CallToolResult.builder()
                .structuredContent(Map.of("id", "c1", "n", 2))
                .addTextContent("{\"id\": \"ignored\"}")
                .build();

        assertThat(McpMapping.result(result).value()).isEqualTo(Map.of("id", "c1", "n", 2));
    }

    @Test
    void should_parse_one_json_text_item_and_keep_other_text() {
        assertThat(McpMapping.result(text("[1, {\"a\": true}]")).value())
                .isEqualTo(List.of(1, Map.of("a", true)));
        assertThat(McpMapping.result(text("hello {world}")).value()).isEqualTo("hello {world}");
    }

    @Test
    void should_return_a_list_for_several_items() {
        CallToolResult result = CallToolResult.builder().addTextContent("{\"a\": 1}").addTextContent("plain").build();

        assertThat(McpMapping.result(result).value()).isEqualTo(List.of(Map.of("a", 1), "plain"));
    }

    @Test
    void should_return_null_for_no_content() {
        assertThat(McpMapping.result(CallToolResult.builder().build())).isEqualTo(ToolResult.of(null));
    }

    @Test
    void should_describe_binary_content_without_copying_it() {
        String fiveBytes = Base64.getEncoder().encodeToString(new byte[5]);
        CallToolResult result = CallToolResult.builder()
                .addContent(new McpSchema.ImageContent(null, fiveBytes, "image/png"))
                .addContent(new McpSchema.AudioContent(null, Base64.getEncoder().encodeToString(new byte[6]), "audio/wav"))
                .addContent(new McpSchema.EmbeddedResource(null,
                        new McpSchema.BlobResourceContents("file:///a.bin", "application/octet-stream", fiveBytes)))
                .addContent(new McpSchema.EmbeddedResource(null,
                        new McpSchema.TextResourceContents("file:///a.txt", "text/plain", "hi")))
                .build();

        assertThat(McpMapping.result(result).value()).isEqualTo(List.of(
                Map.of("type", "image", "mimeType", "image/png", "bytes", 5L),
                Map.of("type", "audio", "mimeType", "audio/wav", "bytes", 6L),
                Map.of("type", "resource", "uri", "file:///a.bin", "mimeType", "application/octet-stream", "bytes", 5L),
                Map.of("type", "resource", "uri", "file:///a.txt", "mimeType", "text/plain", "text", "hi")));
    }

    @Test
    void should_compute_decoded_base64_length() {
        for (int n = 0; n < 10; n++) {
            assertThat(McpMapping.base64Length(Base64.getEncoder().encodeToString(new byte[n]))).isEqualTo(n);
        }
        assertThat(McpMapping.base64Length(Base64.getMimeEncoder().encodeToString(new byte[100]))).isEqualTo(100);
    }

    @Test
    void should_turn_is_error_into_an_error_with_the_text() {
        CallToolResult result = CallToolResult.builder().addTextContent("no customer c9").addTextContent("try c1")
                .isError(true).build();

        assertThat(McpMapping.result(result)).isEqualTo(ToolResult.error("no customer c9\ntry c1"));
        assertThat(McpMapping.result(CallToolResult.builder().isError(true).build()).error())
                .isEqualTo("the tool reported an error");
    }

    @Test
    void should_map_a_tool_with_annotations_and_schemas() {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name("lookup-customer")
                .title("Look up")
                .inputSchema(Map.of("type", "object"))
                .outputSchema(Map.of("type", "object", "properties", Map.of()))
                .annotations(new McpSchema.ToolAnnotations("t", true, false, true, null, null))
                .build();

        ToolDescriptor d = McpMapping.descriptor("crm", tool);

        assertThat(d.qualifiedName()).isEqualTo("crm.lookup-customer");
        assertThat(d.description()).isEqualTo("Look up");
        assertThat(d.inputSchema()).isEqualTo(Map.of("type", "object"));
        assertThat(d.outputSchema()).containsKey("properties");
        assertThat(d.annotations()).isEqualTo(new ToolAnnotations(true, false, true, null));
        assertThat(McpMapping.annotations(null)).isEqualTo(ToolAnnotations.NONE);
    }

    @Test
    void should_describe_the_server_in_one_line() {
        McpSchema.Implementation info = new McpSchema.Implementation("crm-server", "CRM", "1");

        assertThat(McpMapping.serverDescription("\n  Customer records.  \nMore text.", info)).isEqualTo("Customer records.");
        assertThat(McpMapping.serverDescription(null, info)).isEqualTo("CRM");
        assertThat(McpMapping.serverDescription("  ", new McpSchema.Implementation("crm-server", "1"))).isEmpty();
        assertThat(McpMapping.serverDescription("x".repeat(500), null)).hasSize(200).endsWith("...");
    }

    @Test
    void should_write_one_line_failures_naming_server_and_tool() {
        McpError unknown = new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32602,
                "Unknown tool: invalid_tool_name", "Tool not found: nope"));
        assertThat(McpMapping.failure("crm", "nope", new RuntimeException("wrapped", unknown), null))
                .isEqualTo("crm.nope failed: Unknown tool: invalid_tool_name (Tool not found: nope)");

        RuntimeException timeout = new RuntimeException(new TimeoutException("Did not observe any item"));
        assertThat(McpMapping.failure("crm", "slow", timeout, Duration.ofSeconds(30))).isEqualTo("crm.slow timed out after 30 s");
        assertThat(McpMapping.failure("crm", "slow", timeout, Duration.ofMillis(1500))).isEqualTo("crm.slow timed out after 1500 ms");
        assertThat(McpMapping.failure("crm", null, timeout, null)).isEqualTo("listing the tools of server crm timed out");

        assertThat(McpMapping.failure("crm", "echo", new RuntimeException(new ConnectException()), null))
                .isEqualTo("server crm is not connected");
        assertThat(McpMapping.failure("crm", "echo", new IllegalStateException("bad\n  things"), null))
                .isEqualTo("crm.echo failed: unexpected error (see the application log)");
        assertThat(McpMapping.failure("crm", "echo", new IllegalStateException(), null))
                .isEqualTo("crm.echo failed: unexpected error (see the application log)");
    }

    @Test
    void should_never_copy_a_transport_message_into_a_failure() {
        String secret = "sk-mapping-3f1e";
        RuntimeException http = new RuntimeException("Failed to send message: ResponseEvent[statusCode=500,"
                + " uri=http://u:" + secret + "@h/mcp?api_key=" + secret + ", body=invalid key " + secret + "]");
        RuntimeException status = new RuntimeException(new java.io.IOException(
                "Invalid request. Status code: 401 for http://h/mcp?api_key=" + secret));

        assertThat(McpMapping.failure("crm", "echo", http, null)).isEqualTo("crm.echo failed: HTTP 500");
        assertThat(McpMapping.failure("crm", null, status, null))
                .isEqualTo("listing the tools of server crm failed: HTTP 401");
        assertThat(McpMapping.failure("crm", "echo", new RuntimeException("--token=" + secret,
                new java.io.EOFException(secret)), null)).isEqualTo("crm.echo failed: connection closed");
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }
}
