package dev.codemode.catalog;

import java.util.List;
import java.util.Map;

/**
 * Where the tools of one server come from: an MCP client, plain Java functions, or a framework's
 * tool objects (in the adapters). One source is one server in the catalog.
 *
 * <p>Implementations must be safe to call from several threads at once: a script may run calls in
 * parallel.
 */
public interface ToolSource extends AutoCloseable {

    /** The server name the model sees (before sanitising), e.g. {@code "crm"}. */
    String serverName();

    /** One line on what this server is for; empty when unknown (the listing then summarises its tools). */
    default String description() {
        return "";
    }

    /** The tools this server offers now. Called when the catalog is built or refreshed. */
    List<ToolDescriptor> listTools();

    /**
     * Calls one tool.
     *
     * @param toolName  the tool's original name, as listed
     * @param arguments JSON arguments (maps, lists, strings, numbers, booleans, nulls)
     * @return the tool's result, or the error it reported
     * @throws ToolCallException when the tool could not be called at all
     */
    ToolResult callTool(String toolName, Map<String, Object> arguments);

    /**
     * Calls one tool as part of a traced request. {@code traceContext} holds the W3C trace context of
     * the call's {@code codemode.tool.call} observation ({@code traceparent}, and {@code tracestate}
     * when there is one); it is empty when nothing is traced. A source that can carry request
     * metadata sends it upstream (an MCP source: in the request's {@code _meta}); the default
     * ignores it. Never holds caller data: no key, no argument.
     */
    default ToolResult callTool(String toolName, Map<String, Object> arguments, Map<String, String> traceContext) {
        return callTool(toolName, arguments);
    }

    /**
     * Registers a listener to run when the server says its tool list changed. Sources that never
     * change ignore it.
     */
    default void onToolsChanged(Runnable listener) {
    }

    /** Releases what the source owns (processes, connections). Sources that own nothing do nothing. */
    @Override
    default void close() {
    }
}
