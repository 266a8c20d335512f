package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import org.junit.jupiter.api.Test;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

class ToolCallbackToolSourceTest {

    private static ToolCallback callback(String name, Function<String, String> body) {
        ToolDefinition definition = DefaultToolDefinition.builder().name(name).description(name + " tool")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}").build();
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return definition;
            }

            @Override
            public String call(String toolInput) {
                return body.apply(toolInput);
            }
        };
    }

    @Test
    void should_offer_each_callback_once_and_parse_json_results() {
        ToolSource source = ToolCallbackToolSource.of("app", List.of(
                callback("weather", input -> "{\"city\":\"Oslo\",\"echo\":" + input + "}"),
                callback("weather", input -> "second"),
                callback("note", input -> "plain text")));

        assertThat(source.listTools()).extracting(ToolDescriptor::name).containsExactly("weather", "note");
        assertThat(source.listTools().get(0).inputSchema()).containsEntry("type", "object");
        assertThat(source.callTool("weather", Map.of("city", "Oslo")).value())
                .isEqualTo(Map.of("city", "Oslo", "echo", Map.of("city", "Oslo")));
        assertThat(source.callTool("note", null).value()).isEqualTo("plain text");
    }

    @Test
    void should_turn_an_exception_into_the_tools_error_with_its_own_message_and_hide_programming_errors() {
        ToolSource source = ToolCallbackToolSource.of("app", List.of(
                callback("refund", input -> {
                    throw new IllegalStateException("order o-7 is already refunded");
                }),
                callback("broken", input -> {
                    throw new NullPointerException("field customerRepository of OrderService is null");
                })));

        ToolResult refused = source.callTool("refund", Map.of());
        ToolResult broken = source.callTool("broken", Map.of());

        assertThat(refused.isError()).isTrue();
        assertThat(refused.error()).isEqualTo("order o-7 is already refunded");
        assertThat(broken.isError()).isTrue();
        assertThat(broken.error()).isEqualTo("an internal error in the tool").doesNotContain("OrderService");
    }
}
