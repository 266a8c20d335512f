package dev.codemode.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The catalog as one caller may see it. Every meta-tool works on a view, never on the whole catalog:
 * a tool outside the view is not listed, not readable, not documented and not callable, and nothing
 * derived from a view mentions it.
 *
 * <p>Servers with no visible tool are left out, unless they are unavailable and the view shows every
 * tool (then the listing can say the server is down).
 *
 * <p>A view is an immutable snapshot of one catalog version as one set of callers sees it, and the
 * same instance is handed to every caller with that set ({@link ToolCatalog#view()},
 * {@code AccessControl}) until the catalog changes: what the meta-tools derive from it (stub files,
 * the ranking index, script globals) is built once, on first use, with {@link #derived}, and shared.
 * A catalog change gives new views; a request keeps the view it started with to its end.
 */
public final class CatalogView {

    private final long version;
    private final List<CatalogServer> servers;
    private final Map<String, CatalogServer> serversById;
    private final Map<String, CatalogTool> toolsById;
    private final List<CatalogTool> tools;
    private final Map<Object, Derived<?>> derived = new ConcurrentHashMap<>();

    CatalogView(List<CatalogServer> all, Predicate<CatalogTool> visible, boolean everything, long version) {
        this.version = version;
        this.servers = all.stream()
                .map(s -> everything ? s : new CatalogServer(s.id(), s.name(), s.description(),
                        s.tools().stream().filter(visible).toList(), s.error()))
                .filter(s -> !s.tools().isEmpty() || (everything && !s.isAvailable()))
                .toList();
        Map<String, CatalogServer> byId = new HashMap<>();
        Map<String, CatalogTool> toolIds = new HashMap<>();
        List<CatalogTool> list = new ArrayList<>();
        for (CatalogServer s : servers) {
            byId.put(s.id(), s);
            for (CatalogTool t : s.tools()) {
                toolIds.put(t.id(), t);
                list.add(t);
            }
        }
        this.serversById = Map.copyOf(byId);
        this.toolsById = Map.copyOf(toolIds);
        this.tools = List.copyOf(list);
    }

    /** The version of the catalog this view was taken from ({@link ToolCatalog#version()}). */
    public long version() {
        return version;
    }

    /** Visible servers, sorted by identifier. */
    public List<CatalogServer> servers() {
        return servers;
    }

    public Optional<CatalogServer> server(String serverId) {
        return Optional.ofNullable(serverId == null ? null : serversById.get(serverId));
    }

    public Optional<CatalogTool> tool(String serverId, String toolId) {
        return Optional.ofNullable(serverId == null || toolId == null ? null : toolsById.get(serverId + "." + toolId));
    }

    /** Every visible tool, servers in order. */
    public List<CatalogTool> tools() {
        return tools;
    }

    public int toolCount() {
        return tools.size();
    }

    /**
     * Checks a tool pattern from configuration (an allowlist, a group, a price) against this view, so a
     * typo does not silently match nothing. The pattern's server is found by identifier or by the name
     * its source gave.
     *
     * @param text {@code server.tool}, {@code server.*} or {@code *}
     * @return empty when the pattern is {@code *} or matches a tool; a warning when its server is
     *         unavailable now (its tools cannot be checked until it is back)
     * @throws IllegalArgumentException when the text is not a pattern, no server of the view is named so
     *         ("no server crmm (servers: crm, billing)") or the server has no matching tool ("server crm has
     *         no such tool (tools: ...)")
     */
    public Optional<String> checkPattern(String text) {
        ToolPattern pattern = ToolPattern.parse(text);
        if (pattern.server().equals("*")) {
            return Optional.empty();
        }
        CatalogServer server = servers.stream()
                .filter(s -> s.id().equals(pattern.server()) || s.name().equals(pattern.server())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server " + pattern.server() + " (servers: "
                        + (servers.isEmpty() ? "none" : String.join(", ", servers.stream()
                                .map(s -> s.isAvailable() ? s.id() : s.id() + " (unavailable)").toList())) + ")"));
        if (!server.isAvailable()) {
            return Optional.of("server " + pattern.server() + " is unavailable now (" + server.error()
                    + "); its tools are checked only when they are used");
        }
        if (server.tools().stream().noneMatch(pattern::matches)) {
            throw new IllegalArgumentException("server " + pattern.server() + " has no such tool (tools: "
                    + String.join(", ", server.tools().stream().map(CatalogTool::toolId).toList()) + ")");
        }
        return Optional.empty();
    }

    /** The tools of this view {@code visible} accepts, as a new view of the same catalog version. */
    public CatalogView filter(Predicate<CatalogTool> visible) {
        return new CatalogView(servers, Objects.requireNonNull(visible), false, version);
    }

    /**
     * A structure derived from this view alone, built by {@code build} on first use and shared by every
     * later caller (concurrent first callers wait for the one build). {@code key} says what is built,
     * and with which settings (equal keys, same structure); the result must be immutable, or safe to
     * share between threads. A build that fails is tried again by the next caller.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Function<CatalogView, T> build) {
        Objects.requireNonNull(key, "key");
        Derived<T> slot = (Derived<T>) derived.computeIfAbsent(key, k -> new Derived<>());
        return slot.get(this, build);
    }

    /** One memo slot: built once under its own lock, so builds may call {@link #derived} for other keys. */
    private static final class Derived<T> {
        private volatile T value;

        T get(CatalogView view, Function<CatalogView, T> build) {
            T v = value;
            if (v != null) {
                return v;
            }
            synchronized (this) {
                if (value == null) {
                    value = Objects.requireNonNull(build.apply(view), "a derived structure is null");
                }
                return value;
            }
        }
    }
}
