package dev.codemode.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every server and tool, with identifiers sanitised for scripts (see {@link Identifiers}). The
 * catalog lists each source once when built, and again when a source reports that its tool list
 * changed or {@link #refresh()} is called; the state is an immutable snapshot swapped atomically,
 * so readers never see half a refresh. Each version has one whole-catalog {@link CatalogView}, shared
 * by every caller of that version, with what the meta-tools derive from it.
 *
 * <p>A source that fails to list its tools does not fail the catalog: the server stays in it with
 * the reason ({@link Failures#reason}: a source's own model-facing message or a short cause class, never
 * an exception's raw text), and its tools appear once a refresh succeeds. The catalog does not close the sources
 * it was given: whoever created them does.
 */
public final class ToolCatalog {

    private static final Logger log = LoggerFactory.getLogger(ToolCatalog.class);

    private final List<ToolSource> sources;
    private final Map<String, List<ToolDescriptor>> listed = new LinkedHashMap<>();
    private final Map<String, String> listErrors = new LinkedHashMap<>();
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One catalog version: its servers, their sources, and the whole catalog as one shared view. */
    private record Snapshot(List<CatalogServer> servers, Map<String, ToolSource> sourcesByServerId, long version,
            CatalogView view) {
    }

    private ToolCatalog(List<ToolSource> sources) {
        this.sources = List.copyOf(sources);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ToolSource source : this.sources) {
            counts.merge(Objects.requireNonNull(source.serverName(), "serverName"), 1L, Long::sum);
        }
        counts.forEach((name, n) -> {
            if (n > 1) {
                throw new IllegalArgumentException("two tool sources are named '" + name
                        + "': give each server a unique name");
            }
        });
        for (ToolSource source : this.sources) {
            list(source);
            source.onToolsChanged(() -> refresh(source.serverName()));
        }
        rebuild();
    }

    /** Builds a catalog over the given sources, listing each once. */
    public static ToolCatalog of(List<? extends ToolSource> sources) {
        return new ToolCatalog(new ArrayList<>(sources));
    }

    public static ToolCatalog of(ToolSource... sources) {
        return of(List.of(sources));
    }

    /** Lists every source again. */
    public void refresh() {
        for (ToolSource source : sources) {
            list(source);
        }
        rebuild();
    }

    /** Lists one source again, e.g. after it reported a tool-list change. */
    public void refresh(String serverName) {
        sources.stream().filter(s -> s.serverName().equals(serverName)).findFirst().ifPresent(s -> {
            list(s);
            rebuild();
        });
    }

    /**
     * The whole catalog as one view: the same instance until the catalog changes, so what is derived
     * from it is built once per version.
     */
    public CatalogView view() {
        return snapshot.get().view();
    }

    /**
     * The tools {@code visible} accepts, as one caller's view: a new view on every call. Access control
     * keeps one per virtual key and catalog version instead (see {@link CatalogView#filter}).
     */
    public CatalogView view(Predicate<CatalogTool> visible) {
        return snapshot.get().view().filter(Objects.requireNonNull(visible));
    }

    /**
     * Runs {@code listener} after every rebuild of the catalog (a refresh, or a source reporting a tool-list
     * change), on the thread that rebuilt it: a listener that does more than note the change hands the work to
     * its own thread. A listener that throws is logged and does not stop the others.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Grows by one each time the catalog is rebuilt; derived structures cache against it. */
    public long version() {
        return snapshot.get().version();
    }

    /** The source behind a server identifier. */
    public Optional<ToolSource> source(String serverId) {
        return Optional.ofNullable(snapshot.get().sourcesByServerId().get(serverId));
    }

    private void list(ToolSource source) {
        String name = source.serverName();
        List<ToolDescriptor> tools;
        String error = null;
        try {
            tools = List.copyOf(source.listTools());
        } catch (RuntimeException e) {
            // Never the exception's own text: a transport's message may hold a URL with credentials,
            // a response body or a server's stderr. The reason is a cause class (Failures).
            error = Failures.reason(e);
            log.warn("Listing the tools of server '{}' failed: {}", name, error);
            log.debug("Listing the tools of server '{}' failed: {}", name, Failures.detail(e, Set.of()));
            tools = List.of();
        }
        synchronized (listed) {
            listed.put(name, tools);
            if (error == null) {
                listErrors.remove(name);
            } else {
                listErrors.put(name, error);
            }
        }
    }

    private void rebuild() {
        synchronized (listed) {
            Map<String, String> serverIds = Identifiers.assign(listed.keySet(), Identifiers.RESERVED_GLOBALS);
            List<CatalogServer> servers = new ArrayList<>();
            Map<String, ToolSource> bySourceId = new LinkedHashMap<>();
            for (ToolSource source : sources) {
                String name = source.serverName();
                String serverId = serverIds.get(name);
                List<ToolDescriptor> descriptors = listed.get(name);
                Map<String, String> toolIds = Identifiers.assign(
                        descriptors.stream().map(ToolDescriptor::name).toList(), Set.of());
                List<CatalogTool> tools = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (ToolDescriptor d : descriptors) {
                    if (seen.add(d.name())) {
                        tools.add(new CatalogTool(serverId, toolIds.get(d.name()), d, parameterIds(d)));
                    }
                }
                servers.add(new CatalogServer(serverId, name, source.description(), tools, listErrors.get(name)));
                bySourceId.put(serverId, source);
            }
            servers.sort(Comparator.comparing(CatalogServer::id));
            Snapshot previous = snapshot.get();
            long version = previous == null ? 1 : previous.version() + 1;
            List<CatalogServer> frozen = List.copyOf(servers);
            snapshot.set(new Snapshot(frozen, Map.copyOf(bySourceId), version,
                    new CatalogView(frozen, t -> true, true, version)));
        }
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("A catalog change listener failed: {}", Failures.reason(e));
            }
        }
    }

    private static Map<String, String> parameterIds(ToolDescriptor d) {
        Object properties = d.inputSchema().get("properties");
        if (!(properties instanceof Map<?, ?> map)) {
            return Map.of();
        }
        List<String> names = map.keySet().stream().map(String::valueOf).toList();
        Map<String, String> assigned = Identifiers.assign(names, Set.of());
        Map<String, String> inSchemaOrder = new LinkedHashMap<>();
        for (String n : names) {
            inSchemaOrder.put(n, assigned.get(n));
        }
        return inSchemaOrder;
    }
}
