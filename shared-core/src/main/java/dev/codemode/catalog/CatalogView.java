package dev.codemode.catalog;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The catalog as one caller may see it. Every meta-tool works on a view, never on the whole catalog:
 * a tool outside the view is not listed, not readable, not documented and not callable, and nothing
 * derived from a view mentions it.
 *
 * <p>Servers with no visible tool are left out, unless they are unavailable and the view shows every
 * tool (then the listing can say the server is down).
 */
public final class CatalogView {

    private final List<CatalogServer> servers;

    CatalogView(List<CatalogServer> all, Predicate<CatalogTool> visible, boolean everything) {
        this.servers = all.stream()
                .map(s -> new CatalogServer(s.id(), s.name(), s.description(),
                        s.tools().stream().filter(visible).toList(), s.error()))
                .filter(s -> !s.tools().isEmpty() || (everything && !s.isAvailable()))
                .toList();
    }

    /** Visible servers, sorted by identifier. */
    public List<CatalogServer> servers() {
        return servers;
    }

    public Optional<CatalogServer> server(String serverId) {
        return servers.stream().filter(s -> s.id().equals(serverId)).findFirst();
    }

    public Optional<CatalogTool> tool(String serverId, String toolId) {
        return server(serverId).flatMap(s -> s.tool(toolId));
    }

    /** Every visible tool, servers in order. */
    public List<CatalogTool> tools() {
        return servers.stream().flatMap(s -> s.tools().stream()).toList();
    }

    public int toolCount() {
        return servers.stream().mapToInt(s -> s.tools().size()).sum();
    }
}
