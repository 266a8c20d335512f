package dev.codemode.samples.cli;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import java.util.List;
import java.util.Map;

/**
 * A configured server that could not be connected. It stays in the catalog, where the listing shows
 * it as unavailable with this reason, so the model (and the user) learn why its tools are missing.
 */
record UnavailableServer(String serverName, String reason) implements ToolSource {

    @Override
    public List<ToolDescriptor> listTools() {
        throw new ToolCallException(reason);
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        throw new ToolCallException(reason);
    }
}
