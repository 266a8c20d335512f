package dev.codemode.spring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.codemode.catalog.ToolSource;
import dev.codemode.mcp.McpToolSource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/** Turns the {@code McpSyncClient}s of Spring AI's MCP client starter into tool sources. */
final class McpClients {

    private McpClients() {
    }

    /**
     * The connection name a client was configured under
     * ({@code spring.ai.mcp.client.<transport>.connections.<name>}): Spring AI sets it as the client's
     * title and appends it to the client name ({@code <client name> - <connection>}).
     */
    static String connectionName(McpSyncClient client) {
        McpSchema.Implementation info = client.getClientInfo();
        if (info == null) {
            return "server";
        }
        if (info.title() != null && !info.title().isBlank()) {
            return info.title();
        }
        String name = info.name() == null ? "" : info.name();
        int dash = name.lastIndexOf(" - ");
        return dash >= 0 ? name.substring(dash + 3) : (name.isBlank() ? "server" : name);
    }

    /** One source per client, named by its connection; the Spring context keeps owning the clients. */
    static List<ToolSource> toolSources(List<McpSyncClient> clients) {
        List<ToolSource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (McpSyncClient client : clients) {
            String name = connectionName(client);
            if (!names.add(name)) {
                throw new IllegalStateException("two MCP client connections are named '" + name
                        + "': give each connection under spring.ai.mcp.client.*.connections its own name");
            }
            sources.add(McpToolSource.of(name, client));
        }
        return sources;
    }
}
