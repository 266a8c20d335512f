package dev.codemode.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The application's own Spring AI tool callbacks ({@code @Tool} methods, function beans) as one more
 * server, so scripts can call them next to the MCP tools. A callback's text result is parsed as JSON
 * when it is JSON, and passed on as text otherwise; an exception becomes the tool's error.
 */
final class ToolCallbackToolSource implements ToolSource {

    private final String serverName;
    private final Map<String, ToolCallback> callbacks = new LinkedHashMap<>();

    ToolCallbackToolSource(String serverName, List<ToolCallback> callbacks) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        for (ToolCallback callback : callbacks) {
            this.callbacks.putIfAbsent(callback.getToolDefinition().name(), callback);
        }
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String description() {
        return "Tools of this application";
    }

    @Override
    public List<ToolDescriptor> listTools() {
        return callbacks.values().stream().map(c -> descriptor(c.getToolDefinition())).toList();
    }

    private ToolDescriptor descriptor(ToolDefinition definition) {
        Object schema = JsonValues.parseOrText(definition.inputSchema());
        @SuppressWarnings("unchecked")
        Map<String, Object> inputSchema = schema instanceof Map<?, ?> map ? (Map<String, Object>) map
                : Map.of("type", "object");
        return ToolDescriptor.of(serverName, definition.name(), definition.description(), inputSchema);
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        ToolCallback callback = callbacks.get(toolName);
        if (callback == null) {
            throw new ToolCallException("server " + serverName + " has no tool " + toolName);
        }
        try {
            String text = callback.call(JsonValues.write(arguments == null ? Map.of() : arguments));
            return ToolResult.of(text == null ? null : JsonValues.parseOrText(text));
        } catch (RuntimeException e) {
            return ToolResult.error(message(e));
        }
    }

    /**
     * The application's own tool failed: its message is the tool's error, as for any in-process tool
     * (host code; a transport's text, which may hold credentials, never comes through here).
     */
    private static String message(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null && !root.getMessage().isBlank() ? root.getMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return "the tool failed";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }
}
