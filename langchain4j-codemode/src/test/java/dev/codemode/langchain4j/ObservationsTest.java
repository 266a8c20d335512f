package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.observation.InMemoryTracing;
import dev.langchain4j.service.AiServices;
import io.micrometer.observation.Observation;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Observations through the LangChain4j adapter, set on the core builder it owns
 * ({@code codeMode(core -> core.observationRegistry(registry))}): the execution span under the
 * application's span, one tool-call span per call beneath it.
 */
class ObservationsTest {

    interface Assistant {
        String chat(String message);
    }

    @Test
    void should_record_the_execution_and_its_tool_calls_under_the_applications_span() {
        ScriptedChatModel model = new ScriptedChatModel(
                call("executeToolCode", "{\"code\": \"result = [local.temperature(city='Oslo'), local.temperature(city='Rome')]\"}"),
                echoLastToolResult());
        try (InMemoryTracing tracing = new InMemoryTracing();
                CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new CodeModeToolProviderTest.Weather())
                        .codeMode(core -> core.autoExecute("local.temperature").observationRegistry(tracing.registry()))
                        .build()) {
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build();
            Observation request = Observation.start("chat", tracing.registry());
            String answer;
            try (Observation.Scope scope = request.openScope()) {
                answer = assistant.chat("temperatures?");
            } finally {
                request.stop();
            }

            assertThat(answer).contains("\"result\":[4,4]");
            SpanData chat = tracing.span("chat");
            SpanData execution = tracing.span("codemode.execution");
            List<SpanData> calls = tracing.spans("codemode.tool.call");
            assertThat(execution.getParentSpanId()).isEqualTo(chat.getSpanId());
            assertThat(calls).hasSize(2).allSatisfy(c -> {
                assertThat(c.getParentSpanId()).isEqualTo(execution.getSpanId());
                assertThat(InMemoryTracing.tag(c, "codemode.tool")).hasValue("temperature");
                assertThat(InMemoryTracing.tag(c, "codemode.server")).hasValue("local");
            });
            assertThat(InMemoryTracing.tag(execution, "codemode.tool_calls")).hasValue("2");
        }
    }
}
