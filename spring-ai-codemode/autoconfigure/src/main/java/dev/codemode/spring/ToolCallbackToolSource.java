package dev.codemode.spring;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The application's own Spring AI tool callbacks ({@code @Tool} methods, function beans) as one more
 * server, so scripts can call them next to the MCP tools: a core {@link FunctionToolSource} with one
 * function per callback (the first callback of a name wins). A callback's text result is parsed as JSON
 * when it is JSON, and passed on as text otherwise; an exception becomes the tool's error, as for any
 * in-process tool of the core.
 */
final class ToolCallbackToolSource {

    private ToolCallbackToolSource() {
    }

    static ToolSource of(String serverName, List<ToolCallback> callbacks) {
        FunctionToolSource.Builder source = FunctionToolSource.builder(serverName).description("Tools of this application");
        Set<String> names = new HashSet<>();
        for (ToolCallback callback : callbacks) {
            ToolDefinition definition = callback.getToolDefinition();
            if (names.add(definition.name())) {
                source.tool(definition.name(), definition.description(), inputSchema(definition), arguments -> {
                    String text = callback.call(JsonValues.write(arguments == null ? Map.of() : arguments));
                    return text == null ? null : JsonValues.parseOrText(text);
                });
            }
        }
        return source.build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputSchema(ToolDefinition definition) {
        Object schema = JsonValues.parseOrText(definition.inputSchema());
        return schema instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("type", "object");
    }
}
