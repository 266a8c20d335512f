package dev.codemode.audit;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolDescriptor;
import java.util.Map;

/** Tools as the catalog would hold them, for audit tests. */
final class AuditFixtures {

    static final CatalogTool LOOKUP = tool("crm", "crm", "lookup_customer", "lookup-customer");
    static final CatalogTool UPDATE = tool("crm", "crm", "update_customer", "update-customer");
    static final CatalogTool SEARCH = tool("search", "web-search", "query", "query");
    static final CatalogTool PING = tool("ops", "ops", "ping", "ping");

    private AuditFixtures() {
    }

    static CatalogTool tool(String serverId, String serverName, String toolId, String toolName) {
        return new CatalogTool(serverId, toolId, ToolDescriptor.of(serverName, toolName, "", Map.of()), Map.of());
    }
}
