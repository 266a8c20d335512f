package dev.codemode.catalog;

import org.jspecify.annotations.Nullable;

/**
 * What one tool call returned: a JSON value ({@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean} or {@code null}) or an error message the tool itself reported (MCP {@code isError}).
 *
 * <p>Failures to reach the tool at all (transport, protocol, timeouts) are not results: they are
 * thrown as {@link ToolCallException}.
 */
public record ToolResult(@Nullable Object value, @Nullable String error) {

    public static ToolResult of(Object value) {
        return new ToolResult(value, null);
    }

    public static ToolResult error(String message) {
        return new ToolResult(null, message == null || message.isBlank() ? "the tool reported an error" : message);
    }

    public boolean isError() {
        return error != null;
    }
}
