package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TraceRecordingMcpServer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Boot's own tracing (Micrometer Tracing over OpenTelemetry, spans kept in memory) sees a chat
 * request through Code Mode: the ChatClient's span, Spring AI's tool span for {@code executeToolCode},
 * {@code codemode.execution} beneath it and {@code codemode.tool.call} beneath that; the real MCP
 * server behind Spring AI's MCP client receives the tool call's {@code traceparent} in {@code _meta}.
 */
@SpringBootTest(classes = TracingSpringBootIT.App.class, properties = {
        "management.tracing.sampling.probability=1.0",
        "spring.ai.codemode.auto-execute.tools[0]=*",
        "spring.ai.codemode.audit.sink=none" })
@AutoConfigureTracing
class TracingSpringBootIT {

    private static final EmbeddedMcpHttp SERVER = start();

    @DynamicPropertySource
    static void mcpConnection(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.mcp.client.streamable-http.connections.traced.url", SERVER::baseUrl);
        registry.add("spring.ai.mcp.client.streamable-http.connections.traced.endpoint", () -> "/mcp");
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired
    ChatClient chatClient;
    /** Not a bean: Boot would also hand a SpanExporter bean to its batching processor. */
    static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    @Autowired
    CodeModeSpringBootIT.ScriptedModel model;

    @BeforeEach
    void reset() {
        spans.reset();
    }

    @Test
    void theExecutionAndItsToolCallsAppearUnderTheChatRequestAndTheServerGetsTheTraceparent() {
        model.script = "result = traced.what_i_got()";

        String answer = chatClient.prompt().user("What did the server get?").call().content();

        List<SpanData> finished = spans.getFinishedSpanItems();
        String names = finished.stream().map(s -> s.getName() + "(" + s.getSpanId() + "<" + s.getParentSpanId() + ")")
                .toList().toString();
        SpanData call = one(finished, "codemode.tool.call", names);
        SpanData execution = one(finished, "codemode.execution", names);
        SpanData tool = byId(finished, execution.getParentSpanId()).orElseThrow(() -> new AssertionError(names));
        assertThat(call.getParentSpanId()).as(names).isEqualTo(execution.getSpanId());
        assertThat(tool.getName()).as(names).contains("executeToolCode");
        SpanData chat = root(finished, tool);
        assertThat(chat.getName()).as(names).contains("chat");
        assertThat(finished).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(chat.getTraceId()));

        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) ((Map<String, Object>) JsonValues.parse(answer)).get("result");
        String[] traceparent = String.valueOf(((Map<?, ?>) got.get("meta")).get("traceparent")).split("-");
        assertThat(traceparent[1]).isEqualTo(chat.getTraceId());
        assertThat(traceparent[2]).isEqualTo(call.getSpanId());
    }

    private static SpanData one(List<SpanData> spans, String name, String names) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as(names).hasSize(1);
        return found.get(0);
    }

    private static Optional<SpanData> byId(List<SpanData> spans, String id) {
        return spans.stream().filter(s -> s.getSpanId().equals(id)).findFirst();
    }

    /** The outermost finished ancestor of {@code span}. */
    private static SpanData root(List<SpanData> spans, SpanData span) {
        SpanData at = span;
        for (Optional<SpanData> up = byId(spans, at.getParentSpanId()); up.isPresent(); up = byId(spans, at.getParentSpanId())) {
            at = up.get();
        }
        return at;
    }

    private static EmbeddedMcpHttp start() {
        try {
            return TraceRecordingMcpServer.startHttp();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        CodeModeSpringBootIT.ScriptedModel scriptedModel() {
            return new CodeModeSpringBootIT.ScriptedModel();
        }

        /** Exported as each span ends. */
        @Bean
        SpanProcessor inMemorySpans() {
            return SimpleSpanProcessor.create(spans);
        }

        @Bean
        ChatClient chatClient(CodeModeSpringBootIT.ScriptedModel model, CodeModeToolCallbacks codeMode,
                ObservationRegistry registry) {
            return ChatClient.builder(model, registry, null, null, ToolCallingAdvisor.builder()
                    .toolCallingManager(ToolCallingManager.builder().observationRegistry(registry).build()))
                    .defaultTools(codeMode).build();
        }
    }
}
