package dev.codemode.mcp;

import static dev.codemode.observation.InMemoryTracing.traceparent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TraceRecordingMcpServer;
import dev.codemode.observation.InMemoryTracing;
import io.micrometer.observation.Observation;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trace context of each {@code codemode.tool.call} reaches a real MCP server (MCP Java SDK) that
 * answers with what it received: W3C {@code traceparent} in the {@code tools/call} request's
 * {@code _meta} over stdio and streamable HTTP, and as an HTTP header where the source owns the
 * HTTP client. Its trace id is the request's, its parent id the tool-call span's.
 */
class TracePropagationIT {

    private final InMemoryTracing tracing = new InMemoryTracing();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void should_send_traceparent_in_meta_over_stdio() {
        List<String> command = TraceRecordingMcpServer.stdioCommand();
        try (McpToolSource source = McpToolSource.builder(TraceRecordingMcpServer.NAME)
                .stdio(command.get(0), command.subList(1, command.size()), Map.of()).build()) {
            Map<String, Object> got = whatTheServerGot(source, true);

            String[] meta = traceparent(map(got.get("meta")));
            assertIsTheToolCallSpan(meta);
            assertThat(map(got.get("headers"))).isEmpty();
        }
    }

    @Test
    void should_send_traceparent_in_meta_and_as_a_header_over_streamable_http() throws Exception {
        try (EmbeddedMcpHttp server = TraceRecordingMcpServer.startHttp();
                McpToolSource source = McpToolSource.streamableHttp(TraceRecordingMcpServer.NAME, server.baseUrl())) {
            Map<String, Object> got = whatTheServerGot(source, true);

            assertIsTheToolCallSpan(traceparent(map(got.get("meta"))));
            assertThat(map(got.get("headers"))).isEqualTo(map(got.get("meta")));
        }
    }

    @Test
    void should_send_traceparent_in_meta_only_through_a_caller_owned_client() throws Exception {
        try (EmbeddedMcpHttp server = TraceRecordingMcpServer.startHttp()) {
            McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.baseUrl())
                    .endpoint("/mcp").build()).build();
            try (McpToolSource source = McpToolSource.of(TraceRecordingMcpServer.NAME, client)) {
                client.initialize();
                Map<String, Object> got = whatTheServerGot(source, true);

                assertIsTheToolCallSpan(traceparent(map(got.get("meta"))));
                assertThat(map(got.get("headers"))).isEmpty();
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void should_send_no_trace_context_without_a_registry() throws Exception {
        try (EmbeddedMcpHttp server = TraceRecordingMcpServer.startHttp();
                McpToolSource source = McpToolSource.streamableHttp(TraceRecordingMcpServer.NAME, server.baseUrl())) {
            Map<String, Object> got = whatTheServerGot(source, false);

            assertThat(map(got.get("meta"))).doesNotContainKeys("traceparent", "tracestate");
            assertThat(map(got.get("headers"))).isEmpty();
        }
    }

    /** One script calling the tool, inside an application observation, with or without a registry. */
    private Map<String, Object> whatTheServerGot(McpToolSource source, boolean observed) {
        CodeMode.Builder builder = CodeMode.builder().toolSources(source).autoExecute("*");
        if (observed) {
            builder.observationRegistry(tracing.registry());
        }
        try (CodeMode codeMode = builder.build()) {
            Observation chat = Observation.start("chat", tracing.registry());
            String answer;
            try (Observation.Scope scope = chat.openScope()) {
                answer = codeMode.call("executeToolCode", Map.of("code", "result = traced.what_i_got()")).text();
            } finally {
                chat.stop();
            }
            Map<String, Object> parsed = map(JsonMapper.builder().build().readValue(answer, Map.class));
            assertThat(parsed).containsKey("result");
            return map(parsed.get("result"));
        }
    }

    private void assertIsTheToolCallSpan(String[] traceparent) {
        SpanData call = tracing.span("codemode.tool.call");
        assertThat(traceparent[0]).isEqualTo("00");
        assertThat(traceparent[1]).isEqualTo(call.getTraceId()).isEqualTo(tracing.span("chat").getTraceId());
        assertThat(traceparent[2]).isEqualTo(call.getSpanId());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
