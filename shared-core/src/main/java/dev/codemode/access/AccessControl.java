package dev.codemode.access;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Virtual keys and tool groups: which tools each caller sees. A request's tools are the union of
 * its key's own tools and the tools of all its groups, deduplicated. Tools outside that set do not
 * exist for the caller: every meta-tool works on the caller's view only.
 *
 * <p>Resolution is in memory: each key's patterns are flattened when the configuration is set, and
 * the matching tool ids and each key's view are computed once per catalog version, so a request
 * costs two map lookups, no I/O, and every request of a key shares one view (and what the meta-tools
 * derive from it). {@link #update} swaps the whole configuration atomically.
 *
 * <p>A request without a key uses the default key when one is configured, else sees nothing. An
 * unknown key sees nothing. Both get a clear error.
 */
public final class AccessControl {

    /** The result of resolving one request: a view, or why there is none. */
    public record Access(@Nullable CatalogView view, @Nullable String denial) {

        public boolean isDenied() {
            return denial != null;
        }
    }

    private record Config(Map<String, List<ToolPattern>> patternsByKey, String defaultKey) {
    }

    /**
     * Keys resolved against one catalog version: each key's tool ids, and each key's view, built on the
     * key's first request and then shared by every request with that key until the catalog or the
     * configuration changes.
     */
    private record Resolved(Config config, CatalogView catalogView, Map<String, Set<String>> toolIdsByKey,
            Map<Set<String>, CatalogView> views) {
    }

    private final boolean open;
    private final AtomicReference<Config> config = new AtomicReference<>();
    private final AtomicReference<Resolved> resolved = new AtomicReference<>();

    private AccessControl(boolean open, Config config) {
        this.open = open;
        this.config.set(config);
    }

    /** No keys: every caller sees every tool. */
    public static AccessControl open() {
        return new AccessControl(true, new Config(Map.of(), null));
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isOpen() {
        return open;
    }

    /** The caller's view of {@code catalog}, or a denial. */
    public Access resolve(CallContext context, ToolCatalog catalog) {
        if (open) {
            return new Access(catalog.view(), null); // one shared view per catalog version
        }
        Config c = config.get();
        String key = context == null ? null : context.virtualKey();
        if (key == null || key.isBlank()) {
            if (c.defaultKey() == null) {
                return new Access(null, "this request has no virtual key, and there is no default key:"
                        + " no tools are available");
            }
            key = c.defaultKey();
        }
        Resolved r = resolved(c, catalog);
        Set<String> allowed = r.toolIdsByKey().get(key);
        if (allowed == null) {
            return new Access(null, "unknown virtual key: no tools are available");
        }
        // Keys that see the same tools share one view, and so one snapshot (stubs, index, globals);
        // a key that sees every tool shares the whole catalog's.
        CatalogView view = allowed.size() == r.catalogView().toolCount() ? r.catalogView()
                : r.views().computeIfAbsent(allowed, k -> r.catalogView().filter(t -> allowed.contains(t.id())));
        return new Access(view, null);
    }

    /** Replaces keys and groups at once; requests already resolved keep their view. */
    public void update(List<VirtualKey> keys, List<ToolGroup> groups, String defaultKey) {
        if (open) {
            throw new IllegalStateException("an open access control has no keys to update");
        }
        config.set(flatten(keys, groups, defaultKey));
    }

    /** Patterns of keys and groups that match no tool of {@code catalog}: likely typos. */
    public List<String> validate(ToolCatalog catalog) {
        List<String> problems = new ArrayList<>();
        List<CatalogTool> tools = catalog.view().tools();
        config.get().patternsByKey().forEach((key, patterns) -> {
            for (ToolPattern p : patterns) {
                if (tools.stream().noneMatch(p::matches)) {
                    problems.add("tool " + p + " (virtual key " + mask(key) + ") matches no tool of the catalog");
                }
            }
        });
        return problems.stream().distinct().toList();
    }

    private Resolved resolved(Config c, ToolCatalog catalog) {
        CatalogView all = catalog.view();
        Resolved r = resolved.get();
        if (r != null && r.config() == c && r.catalogView() == all) {
            return r;
        }
        synchronized (resolved) {
            r = resolved.get();
            if (r != null && r.config() == c && r.catalogView() == all) {
                return r;
            }
            List<CatalogTool> tools = all.tools();
            Map<String, Set<String>> ids = new LinkedHashMap<>();
            Map<Set<String>, Set<String>> distinct = new HashMap<>();
            c.patternsByKey().forEach((key, patterns) -> {
                Set<String> allowed = new HashSet<>();
                for (CatalogTool t : tools) {
                    if (ToolPattern.anyMatches(patterns, t)) {
                        allowed.add(t.id());
                    }
                }
                // One instance per distinct set: the views are kept by it, by identity.
                ids.put(key, distinct.computeIfAbsent(Set.copyOf(allowed), set -> set));
            });
            Resolved fresh = new Resolved(c, all, Map.copyOf(ids), Collections.synchronizedMap(new IdentityHashMap<>()));
            resolved.set(fresh);
            return fresh;
        }
    }

    private static Config flatten(List<VirtualKey> keys, List<ToolGroup> groups, String defaultKey) {
        Map<String, ToolGroup> byName = new LinkedHashMap<>();
        for (ToolGroup g : groups) {
            if (byName.put(g.name(), g) != null) {
                throw new IllegalArgumentException("tool group '" + g.name() + "' is defined twice");
            }
        }
        Map<String, List<ToolPattern>> patterns = new LinkedHashMap<>();
        for (VirtualKey k : keys) {
            Set<String> texts = new LinkedHashSet<>(k.tools());
            for (String group : k.groups()) {
                ToolGroup g = byName.get(group);
                if (g == null) {
                    throw new IllegalArgumentException("virtual key " + mask(k.id()) + " names tool group '" + group
                            + "', which is not defined; groups: " + byName.keySet());
                }
                texts.addAll(g.tools());
            }
            if (patterns.put(k.id(), ToolPattern.parseAll(texts)) != null) {
                throw new IllegalArgumentException("virtual key " + mask(k.id()) + " is defined twice");
            }
        }
        if (defaultKey != null && !patterns.containsKey(defaultKey)) {
            throw new IllegalArgumentException("the default key is not one of the virtual keys");
        }
        return new Config(Collections.unmodifiableMap(patterns), defaultKey); // in configured order, for validate
    }

    /** Enough of a key to recognise it in a message, not enough to use it. */
    static String mask(String key) {
        return key.length() <= 4 ? "***" : key.substring(0, 3) + "***";
    }

    public static final class Builder {
        private final List<VirtualKey> keys = new ArrayList<>();
        private final List<ToolGroup> groups = new ArrayList<>();
        private String defaultKey;

        private Builder() {
        }

        public Builder groups(List<ToolGroup> groups) {
            this.groups.addAll(groups);
            return this;
        }

        public Builder groups(ToolGroup... groups) {
            return groups(Arrays.asList(groups));
        }

        public Builder keys(List<VirtualKey> keys) {
            this.keys.addAll(keys);
            return this;
        }

        public Builder keys(VirtualKey... keys) {
            return keys(Arrays.asList(keys));
        }

        /** The key a request without one gets; without a default such requests see nothing. */
        public Builder defaultKey(String keyId) {
            this.defaultKey = keyId;
            return this;
        }

        public AccessControl build() {
            return new AccessControl(false, flatten(keys, groups, defaultKey));
        }
    }
}
