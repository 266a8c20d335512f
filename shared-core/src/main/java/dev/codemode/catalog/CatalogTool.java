package dev.codemode.catalog;

import java.util.Map;

/**
 * A tool as the catalog holds it: its descriptor and the identifiers a script uses for it.
 *
 * @param serverId     identifier of the server global, e.g. {@code crm}
 * @param toolId       identifier of the tool method, e.g. {@code lookup_customer}
 * @param descriptor   the tool as the source described it (original names)
 * @param parameterIds top-level input properties, original name to keyword-argument identifier, in
 *                     schema order
 */
public record CatalogTool(String serverId, String toolId, ToolDescriptor descriptor,
        Map<String, String> parameterIds) {

    public CatalogTool {
        parameterIds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameterIds));
    }

    /** {@code server.tool} as a script writes it. */
    public String id() {
        return serverId + "." + toolId;
    }
}
