package dev.codemode.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A tool name or pattern as configuration writes it: {@code crm.lookup_customer}, {@code crm.*} or
 * {@code *}. Each part matches the script identifier or the original name, so
 * {@code crm.lookup-customer} and {@code crm.lookup_customer} name the same tool.
 *
 * <p>Used by every rule that names tools: auto-execute lists, tool groups, virtual keys, costs.
 */
public record ToolPattern(String server, String tool) {

    public ToolPattern {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
    }

    /** Parses {@code server.tool}, {@code server.*} or {@code *}. */
    public static ToolPattern parse(String text) {
        String t = Objects.requireNonNull(text, "pattern").strip();
        if (t.equals("*") || t.equals("*.*")) {
            return new ToolPattern("*", "*");
        }
        int dot = t.indexOf('.');
        String server = dot <= 0 ? "" : t.substring(0, dot);
        String tool = dot <= 0 ? "" : t.substring(dot + 1);
        if (server.isEmpty() || tool.isEmpty() || server.contains("*") || (tool.contains("*") && !tool.equals("*"))) {
            throw new IllegalArgumentException("'" + text + "' is not a tool pattern: write server.tool, server.* or *");
        }
        return new ToolPattern(server, tool);
    }

    public static List<ToolPattern> parseAll(Collection<String> texts) {
        return texts.stream().map(ToolPattern::parse).toList();
    }

    public boolean matches(CatalogTool t) {
        return part(server, t.serverId(), t.descriptor().server()) && part(tool, t.toolId(), t.descriptor().name());
    }

    public static boolean anyMatches(Collection<ToolPattern> patterns, CatalogTool t) {
        for (ToolPattern p : patterns) {
            if (p.matches(t)) {
                return true;
            }
        }
        return false;
    }

    /** How specific the pattern is: 2 for an exact tool, 1 for {@code server.*}, 0 for {@code *}. */
    public int specificity() {
        return server.equals("*") ? 0 : tool.equals("*") ? 1 : 2;
    }

    private static boolean part(String pattern, String id, String original) {
        return pattern.equals("*") || pattern.equals(id) || pattern.equals(original);
    }

    @Override
    public String toString() {
        return server.equals("*") ? "*" : server + "." + tool;
    }
}
