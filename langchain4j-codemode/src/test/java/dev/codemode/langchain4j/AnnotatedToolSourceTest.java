package dev.codemode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotatedToolSourceTest {

    record Weather(String city, int celsius) {
    }

    static class WeatherTools {
        @Tool(value = "Current weather in a city", metadata = "{\"readOnlyHint\": true, \"openWorldHint\": true}")
        Weather weather(@P("city name") String city) {
            return new Weather(city, city.length());
        }

        @Tool("Fails on purpose")
        String broken() {
            throw new IllegalStateException("sensor offline");
        }

        @Tool("Sees what the caller passed")
        String whoAmI(InvocationParameters parameters) {
            return "keys:" + parameters.asMap().keySet();
        }

        String notATool() {
            return "";
        }
    }

    static class MoreTools extends WeatherTools {
        @Tool(name = "add", value = "Adds two numbers", metadata = "{\"destructiveHint\": false}")
        long plus(long a, long b) {
            return a + b;
        }
    }

    @Test
    void should_describe_every_tool_method_with_schema_and_hints() {
        List<ToolDescriptor> tools = AnnotatedToolSource.of("local", new MoreTools()).listTools();

        assertThat(tools).extracting(ToolDescriptor::name)
                .containsExactlyInAnyOrder("add", "weather", "broken", "whoAmI");
        ToolDescriptor weather = tools.stream().filter(t -> t.name().equals("weather")).findFirst().orElseThrow();
        assertThat(weather.server()).isEqualTo("local");
        assertThat(weather.description()).isEqualTo("Current weather in a city");
        assertThat(weather.inputSchema()).isEqualTo(Map.of("type", "object",
                "properties", Map.of("city", Map.of("type", "string", "description", "city name")),
                "required", List.of("city")));
        assertThat(weather.annotations().isReadOnly()).isTrue();
        assertThat(weather.annotations().openWorldHint()).isTrue();
        ToolDescriptor whoAmI = tools.stream().filter(t -> t.name().equals("whoAmI")).findFirst().orElseThrow();
        assertThat(whoAmI.inputSchema().get("properties")).isEqualTo(Map.of());
    }

    @Test
    void should_call_the_method_and_return_json_values() {
        AnnotatedToolSource source = AnnotatedToolSource.of("local", new MoreTools());

        assertThat(source.callTool("weather", Map.of("city", "Oslo")).value())
                .isEqualTo(Map.of("city", "Oslo", "celsius", 4));
        assertThat(source.callTool("add", Map.of("a", 2, "b", 40)).value()).isEqualTo(42);
    }

    @Test
    void should_report_a_throwing_method_as_a_tool_error() {
        ToolResult result = AnnotatedToolSource.of("local", new WeatherTools()).callTool("broken", Map.of());

        assertThat(result.error()).isEqualTo("sensor offline");
    }

    @Test
    void should_report_bad_arguments_as_a_tool_error() {
        ToolResult result = AnnotatedToolSource.of("local", new MoreTools()).callTool("add", Map.of("a", "x", "b", 1));

        assertThat(result.isError()).isTrue();
    }

    @Test
    void should_give_tool_code_no_caller_context() {
        ToolResult result = AnnotatedToolSource.of("local", new WeatherTools()).callTool("whoAmI", Map.of());

        assertThat(result.value()).isEqualTo("keys:[]");
    }

    @Test
    void should_fail_for_unknown_tools_and_objects_without_tools() {
        assertThatThrownBy(() -> AnnotatedToolSource.of("local", new WeatherTools()).callTool("nope", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("local has no tool nope");
        assertThatThrownBy(() -> AnnotatedToolSource.of("local", "just a string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no @Tool methods");
    }
}
