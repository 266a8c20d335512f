package dev.codemode.catalog;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A server as the catalog holds it.
 *
 * @param id          identifier of the server global in scripts
 * @param name        the name its source gave
 * @param description one line on what it is for (may be empty)
 * @param tools       its tools, in the order the source listed them
 * @param error       why its tools could not be listed, or {@code null} when they were
 */
public record CatalogServer(String id, String name, String description, List<CatalogTool> tools, @Nullable String error) {

    public CatalogServer {
        tools = List.copyOf(tools);
        description = description == null ? "" : description;
    }

    public Optional<CatalogTool> tool(String toolId) {
        return tools.stream().filter(t -> t.toolId().equals(toolId)).findFirst();
    }

    public boolean isAvailable() {
        return error == null;
    }
}
