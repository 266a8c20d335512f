package dev.codemode.catalog;

/**
 * What one tool call returned: a JSON value ({@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean} or {@code null}) or an error message the tool itself reported (MCP {@code isError}).
 *
 * <p>Failures to reach the tool at all (transport, protocol, timeouts) are not results: they are
 * thrown as {@link ToolCallException}.
 */
public record ToolResult(Object value, String error) {

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
