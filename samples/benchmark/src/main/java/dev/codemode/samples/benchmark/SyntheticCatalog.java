package dev.codemode.samples.benchmark;

import static dev.codemode.samples.servers.Ordered.map;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic catalogs of realistic-looking tools: servers of common domains, each tool with a
 * description of a sentence or two and a schema mixing strings, enums, bounded integers, arrays and
 * nested objects, the way public MCP servers write them, keys in the order written (so the definitions'
 * token count and the stubs are the same in every run). Every tool echoes a small JSON object.
 */
final class SyntheticCatalog {

    private static final String[][] DOMAINS = {
            {"issues", "Issue tracker", "issue", "project"},
            {"calendar", "Calendars and events", "event", "calendar"},
            {"storage", "File storage", "file", "folder"},
            {"search", "Web and document search", "document", "index"},
            {"chat", "Team messaging", "message", "channel"},
            {"payments", "Payments and invoices", "invoice", "account"},
            {"hr", "People directory", "employee", "team"},
            {"deploy", "Deployments", "deployment", "service"},
            {"analytics", "Product analytics", "report", "dashboard"},
            {"support", "Customer support tickets", "ticket", "queue"},
            {"wiki", "Team wiki", "page", "space"},
            {"crm2", "Sales pipeline", "deal", "pipeline"},
            {"inventory", "Stock and warehouses", "item", "warehouse"},
            {"shipping", "Shipments and carriers", "shipment", "carrier"},
            {"ads", "Ad campaigns", "campaign", "audience"},
            {"monitoring", "Alerts and metrics", "alert", "metric"},
    };
    private static final String[] VERBS = {"list", "get", "create", "update", "delete", "search", "archive",
            "assign", "comment_on", "export", "import", "count", "move", "duplicate", "restore", "share"};

    private SyntheticCatalog() {
    }

    /** {@code servers} servers with {@code tools} tools in all, spread evenly. */
    static List<ToolSource> of(int servers, int tools) {
        List<ToolSource> out = new ArrayList<>();
        for (int s = 0; s < servers; s++) {
            String[] d = DOMAINS[s % DOMAINS.length];
            String name = s < DOMAINS.length ? d[0] : d[0] + (s / DOMAINS.length + 1);
            FunctionToolSource.Builder b = FunctionToolSource.builder(name).description(d[1]);
            int count = tools / servers + (s < tools % servers ? 1 : 0);
            for (int t = 0; t < count; t++) {
                b.tool(tool(name, d, t), args -> map("ok", true, "echo", args));
            }
            out.add(b.build());
        }
        return out;
    }

    private static ToolDescriptor tool(String server, String[] d, int t) {
        String verb = VERBS[t % VERBS.length];
        String noun = t / VERBS.length % 2 == 0 ? d[2] : d[3];
        String toolName = verb + "_" + noun + (t >= 2 * VERBS.length ? "_v" + (t / (2 * VERBS.length) + 1) : "");
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        props.put(noun + "_id", map("type", "string", "description", "The " + noun + " identifier, e.g. \""
                + noun.charAt(0) + "_123\"."));
        if (!verb.equals("list") && !verb.equals("search") && !verb.equals("count")) {
            required.add(noun + "_id");
        }
        if (verb.equals("list") || verb.equals("search") || verb.equals("count")) {
            props.put("query", map("type", "string", "description", "Free-text filter on title and body."));
            props.put("limit", map("type", "integer", "minimum", 1, "maximum", 100, "default", 20,
                    "description", "Maximum number of results to return."));
            props.put("cursor", map("type", "string", "description", "Pagination cursor from a previous call."));
        }
        if (verb.equals("create") || verb.equals("update")) {
            props.put("title", map("type", "string", "maxLength", 200, "description", "Short title."));
            props.put("body", map("type", "string", "description", "Markdown body."));
            props.put("status", map("type", "string", "enum", List.of("open", "in_progress", "done", "archived"),
                    "description", "Workflow status."));
            props.put("labels", map("type", "array", "items", Map.of("type", "string"),
                    "description", "Labels to set."));
            props.put("owner", map("type", "object", "description", "Who owns it.", "properties", map(
                    "user_id", Map.of("type", "string"), "notify", map("type", "boolean", "default", true))));
            required.add("title");
        }
        if (verb.equals("assign") || verb.equals("share")) {
            props.put("user_ids", map("type", "array", "items", Map.of("type", "string"), "minItems", 1,
                    "description", "Users to " + verb + " it to."));
            required.add("user_ids");
        }
        String description = switch (verb) {
            case "list" -> "List " + noun + "s in " + d[1].toLowerCase() + ", newest first. Supports text filters and"
                    + " cursor pagination.";
            case "get" -> "Get one " + noun + " with all its fields, including timestamps and owner.";
            case "search" -> "Search " + noun + "s by free text across titles and bodies; returns ranked matches.";
            case "delete" -> "Permanently delete a " + noun + ". This cannot be undone.";
            default -> verb.substring(0, 1).toUpperCase() + verb.substring(1).replace('_', ' ') + " a " + noun
                    + " in " + d[1].toLowerCase() + ".";
        };
        boolean readOnly = List.of("list", "get", "search", "count", "export").contains(verb);
        ToolAnnotations annotations = readOnly ? ToolAnnotations.readOnly()
                : verb.equals("delete") ? ToolAnnotations.destructive() : ToolAnnotations.NONE;
        return new ToolDescriptor(server, toolName, description,
                map("type", "object", "properties", props, "required", required), null, annotations);
    }
}
