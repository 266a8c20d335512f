package dev.codemode.samples.benchmark.catalog;

import static dev.codemode.samples.servers.Ordered.map;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolFunction;
import dev.codemode.catalog.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Generated MCP-style servers over {@link Domain} data: up to 43 tools each, named, described and
 * shaped like the tools of public MCP servers (list/get/search/count with filters and cursors, create
 * and update with nested objects, comments, attachments, webhooks, settings, audit). Tools answer from
 * the domain's records; tools that would change something answer as if they had, without changing
 * the data, so every agent sees the same world. Results carry no output schema, as with most
 * public servers: list tools return {@code {"items": [...], "next_cursor": ..., "total": n}}. The
 * support server also has {@code search_articles} and {@code search_macros}, near-duplicates of
 * {@code search_tickets}, and the issues server {@code search_pull_requests} and {@code search_code},
 * near-duplicates of {@code search_issues} (their last two templates fall beyond {@link #MAX_TOOLS}).
 */
public final class DomainServers {

    /** How many tools one domain server can have. */
    public static final int MAX_TOOLS = 43;

    public static final List<Domain> DOMAINS = List.of(
            new Domain("support", "Customer support tickets: queues, comments, SLAs.", "ticket", "T-", 120, "queue",
                    List.of("billing", "technical", "shipping", "accounts"), "comment",
                    List.of("open", "pending", "solved", "closed"), "priority", List.of("low", "normal", "high", "urgent"),
                    "minutes_spent", "Agent time spent on the ticket, in minutes.", false,
                    List.of("refund", "login", "invoice", "delivery", "password", "export", "crash", "upgrade", "address",
                            "coupon", "latency", "sync")),
            new Domain("payments", "Invoices, payments and payouts.", "invoice", "INV-", 150, "account",
                    List.of("acme-eu", "acme-us", "acme-uk"), "payment",
                    List.of("draft", "open", "paid", "overdue", "void"), "method", List.of("card", "transfer", "direct_debit"),
                    "amount", "Invoice total in EUR, taxes included.", true,
                    List.of("subscription", "hardware", "consulting", "license", "support", "training", "hosting",
                            "setup")),
            new Domain("calendar", "Calendars, events and attendees.", "event", "EV-", 80, "calendar",
                    List.of("team", "sales", "oncall", "personal"), "attendee",
                    List.of("confirmed", "tentative", "cancelled"), "visibility", List.of("public", "private", "busy_only"),
                    "duration_minutes", "Length of the event in minutes.", false,
                    List.of("standup", "review", "planning", "demo", "interview", "retro", "sync", "offsite")),
            new Domain("storage", "File storage: folders, files, sharing.", "file", "F-", 90, "folder",
                    List.of("reports", "contracts", "images", "exports", "archive"), "version",
                    List.of("active", "trashed", "locked"), "mime_type", List.of("application/pdf", "text/csv", "image/png"),
                    "size_kb", "File size in KiB.", false,
                    List.of("report", "contract", "photo", "export", "invoice", "backup", "slides", "notes")),
            new Domain("issues", "Issue tracker: projects, issues, sprints.", "issue", "ISS-", 100, "project",
                    List.of("web", "mobile", "api", "infra"), "comment",
                    List.of("todo", "in_progress", "in_review", "done"), "type", List.of("bug", "feature", "chore"),
                    "story_points", "Estimate in story points.", false,
                    List.of("checkout", "search", "login", "cache", "upload", "dashboard", "billing", "onboarding")),
            new Domain("chat", "Team messaging: channels, messages, threads.", "message", "MSG-", 100, "channel",
                    List.of("general", "support", "sales", "random"), "reply",
                    List.of("visible", "edited", "deleted"), "format", List.of("plain", "markdown"),
                    "reactions", "Number of emoji reactions.", false,
                    List.of("release", "lunch", "incident", "customer", "deploy", "question", "meeting", "launch")),
            new Domain("search", "Search over indexed documents and the web.", "document", "DOC-", 90, "index",
                    List.of("kb", "policies", "web"), "snippet", List.of("indexed", "stale", "failed"), "language",
                    List.of("en", "de", "pt"), "words", "Length of the document in words.", false,
                    List.of("handbook", "policy", "faq", "guide", "pricing", "security", "onboarding", "api")),
            new Domain("hr", "People directory: employees, teams, time off.", "employee", "EMP-", 70, "team",
                    List.of("engineering", "sales", "support", "finance"), "review",
                    List.of("active", "on_leave", "left"), "contract", List.of("full_time", "part_time", "contractor"),
                    "vacation_days", "Vacation days left this year.", false,
                    List.of("engineer", "manager", "designer", "analyst", "agent", "recruiter", "lead", "intern")),
            new Domain("deploy", "Deployments, services and environments.", "deployment", "DEP-", 80, "service",
                    List.of("api", "web", "worker", "auth"), "log", List.of("queued", "running", "succeeded", "failed"),
                    "environment", List.of("staging", "production"), "duration_seconds", "How long it ran, in seconds.",
                    false, List.of("release", "hotfix", "rollback", "migration", "canary", "config", "scale", "patch")),
            new Domain("analytics", "Product analytics: reports, dashboards, metrics.", "report", "REP-", 60, "dashboard",
                    List.of("growth", "revenue", "retention"), "widget", List.of("fresh", "stale", "failed"),
                    "granularity", List.of("day", "week", "month"), "rows", "Number of rows in the result.", false,
                    List.of("signups", "churn", "revenue", "funnel", "cohort", "activation", "usage", "conversion")),
            new Domain("wiki", "Team wiki: spaces and pages.", "page", "PG-", 80, "space",
                    List.of("engineering", "handbook", "product"), "revision", List.of("published", "draft", "archived"),
                    "visibility", List.of("internal", "public"), "views", "Page views in the last 30 days.", false,
                    List.of("runbook", "architecture", "onboarding", "policy", "roadmap", "howto", "glossary", "faq")),
            new Domain("inventory", "Stock, items and warehouses.", "item", "SKU-", 90, "warehouse",
                    List.of("lisbon", "berlin", "austin"), "movement", List.of("in_stock", "low", "out_of_stock"),
                    "category", List.of("electronics", "office", "furniture"), "quantity", "Units on hand.", false,
                    List.of("keyboard", "monitor", "chair", "desk", "lamp", "cable", "headset", "webcam")));

    private static final List<String> ARTICLE_SECTIONS = List.of("billing", "account", "shipping", "technical");
    private static final List<String> ARTICLE_KINDS = List.of("guide", "troubleshooting", "FAQ");

    private static final List<String> PR_STATES = List.of("open", "merged", "closed");

    private DomainServers() {
    }

    /**
     * The 40 pull requests of the issues server ({@code search_pull_requests}), from fixed formulas:
     * tasks compute their answers from this list, never from the tool.
     */
    public static List<Map<String, Object>> pullRequests() {
        Domain issues = domain("issues");
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            String w = issues.words().get((n * 3) % issues.words().size());
            all.add(map("id", "PR-" + (500 + n), "title", "Fix " + w + " " + (n % 2 == 0 ? "timeout" : "validation")
                    + " (" + n + ")", "state", PR_STATES.get((n * 7) % PR_STATES.size()),
                    "fixes", issues.id((n * 13) % issues.records() + 1),
                    "author", Domain.PEOPLE.get((n * 5) % Domain.PEOPLE.size()) + "@acme.test",
                    "project", issues.containers().get(n % issues.containers().size())));
        }
        return all;
    }

    /**
     * The 36 help-center articles of the support server ({@code search_articles}), from fixed formulas:
     * tasks compute their answers from this list, never from the tool.
     */
    public static List<Map<String, Object>> articles() {
        List<String> words = domain("support").words();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 1; n <= 36; n++) {
            String w = words.get(n % words.size());
            all.add(map("id", "KB-" + (200 + n), "title", w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1)
                    + " " + ARTICLE_KINDS.get(n % ARTICLE_KINDS.size()) + " (" + n + ")",
                    "section", ARTICLE_SECTIONS.get((n * 5) % ARTICLE_SECTIONS.size()), "votes", (n * 37) % 90 + 3,
                    "updated_at", "2025-" + (n % 9 + 1 < 10 ? "0" : "") + (n % 9 + 1) + "-15"));
        }
        return all;
    }

    public static Domain domain(String server) {
        return DOMAINS.stream().filter(d -> d.server().equals(server)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no domain " + server));
    }

    /** The server of {@code domain} with its first {@code tools} tools (at most {@link #MAX_TOOLS}). */
    public static FunctionToolSource server(Domain domain, int tools) {
        if (tools < 1 || tools > MAX_TOOLS) {
            throw new IllegalArgumentException("a domain server has 1 to " + MAX_TOOLS + " tools, not " + tools);
        }
        FunctionToolSource.Builder b = FunctionToolSource.builder(domain.server()).description(domain.description());
        List<Tool> all = new Tools(domain).all();
        for (Tool t : all.subList(0, tools)) {
            b.tool(t.descriptor, t.function);
        }
        return b.build();
    }

    private record Tool(ToolDescriptor descriptor, ToolFunction function) {
    }

    /** The tool templates of one domain, most used first. */
    private static final class Tools {
        private final Domain d;
        private final String e;
        private final String es;
        private final String c;
        private final String idParam;
        private final List<Tool> tools = new ArrayList<>();

        Tools(Domain d) {
            this.d = d;
            this.e = d.entity();
            this.es = d.plural();
            this.c = d.container();
            this.idParam = e + "_id";
        }

        List<Tool> all() {
            readTools();
            if (d.server().equals("support")) {
                supportSearchTools();
            } else if (d.server().equals("issues")) {
                codeSearchTools();
            }
            writeTools();
            containerTools();
            adminTools();
            return tools;
        }

        private void readTools() {
            add("list_" + es, "List " + es + " in " + d.description().toLowerCase(Locale.ROOT).replace(".", "")
                    + ", newest first. Combine filters to narrow the result; every filter is optional. Results are"
                    + " paginated: pass next_cursor from the previous page to continue. Returns {items, next_cursor,"
                    + " total}; each item has id, title, status, " + d.kindField() + ", " + c + ", customer_id, owner, "
                    + d.numberField() + " and created_at. Use get_" + e + " for the full record.",
                    map(c, enumProp(d.containers(), "Only " + es + " in this " + c + "."),
                            "status", enumProp(d.statuses(), "Only " + es + " with this status."),
                            d.kindField(), enumProp(d.kinds(), "Only " + es + " with this " + d.kindField() + "."),
                            "customer_id", str("Only " + es + " of this customer, e.g. \"c42\"."),
                            "owner", str("Only " + es + " owned by this user (email address)."),
                            "created_after", fmt("date-time", "Only " + es + " created after this instant (ISO 8601)."),
                            "limit", limit(), "cursor", str("Opaque cursor from next_cursor of the previous page.")),
                    List.of(), ToolAnnotations.readOnly(), a -> page(filtered(a), a));
            add("get_" + e, "Get one " + e + " by id with all its fields: description, tags, owner, timestamps, the"
                    + " number of " + d.sub() + "s and a link to open it in the browser.",
                    map(idParam, str("The " + e + " id, e.g. \"" + d.id(7) + "\"."),
                            "include_history", bool("Also return the change history (slower).", false)),
                    List.of(idParam), ToolAnnotations.readOnly(), a -> {
                        int n = d.number(string(a, idParam));
                        return n < 0 ? ToolResult.error("no " + e + " " + a.get(idParam) + "; ids run from " + d.id(1)
                                + " to " + d.id(d.records())) : d.full(n);
                    });
            add("search_" + es, "Full-text search over " + e + " titles and descriptions. Matches any word of the"
                    + " query, case-insensitive, ranked by relevance. Use list_" + es + " for exact filters.",
                    map("query", str("Words to search for."), "status", enumProp(d.statuses(), "Only this status."),
                            "limit", limit()),
                    List.of("query"), ToolAnnotations.readOnly(), a -> {
                        List<String> words = List.of(string(a, "query").toLowerCase(Locale.ROOT).split("\\W+"));
                        return page(filtered(a).stream().filter(r -> words.stream().anyMatch(w -> !w.isEmpty()
                                && r.get("title").toString().toLowerCase(Locale.ROOT).contains(w))).toList(), a);
                    });
            add("count_" + es, "Count " + es + " matching the filters without returning them. Cheaper than listing"
                    + " when only the number matters.",
                    map(c, enumProp(d.containers(), "Only this " + c + "."), "status",
                            enumProp(d.statuses(), "Only this status."), "customer_id", str("Only this customer.")),
                    List.of(), ToolAnnotations.readOnly(), a -> map("count", filtered(a).size()));
        }

        /**
         * The support server's near-duplicates of search_tickets, as a help desk has them: full-text
         * search over help-center articles and over saved replies. A task needs the right one.
         */
        private void supportSearchTools() {
            add("search_articles", "Full-text search over help-center articles (the public knowledge base), by title."
                    + " Matches any word of the query, case-insensitive. Returns {items, next_cursor, total}; each"
                    + " item has id, title, section, votes (helpful votes from readers) and updated_at.",
                    map("query", str("Words to search for."), "section", enumProp(ARTICLE_SECTIONS,
                            "Only articles of this section."), "limit", limit()),
                    List.of("query"), ToolAnnotations.readOnly(), a -> {
                        List<String> words = List.of(string(a, "query").toLowerCase(Locale.ROOT).split("\\W+"));
                        Object section = a.get("section");
                        return page(articles().stream().filter(r -> section == null || section.equals(r.get("section")))
                                .filter(r -> words.stream().anyMatch(w -> !w.isEmpty()
                                        && r.get("title").toString().toLowerCase(Locale.ROOT).contains(w))).toList(), a);
                    });
            add("search_macros", "Full-text search over macros: saved replies agents paste into tickets. Matches any"
                    + " word of the query in the macro's title. Returns {items, next_cursor, total}; each item has id,"
                    + " title and body.",
                    map("query", str("Words to search for."), "limit", limit()),
                    List.of("query"), ToolAnnotations.readOnly(), a -> {
                        List<String> words = List.of(string(a, "query").toLowerCase(Locale.ROOT).split("\\W+"));
                        List<Map<String, Object>> macros = new ArrayList<>();
                        for (int n = 1; n <= d.words().size(); n++) {
                            String w = d.words().get(n - 1);
                            macros.add(map("id", "MAC-" + (100 + n), "title", "Reply: " + w, "body",
                                    "Thanks for reaching out about " + w + ". We are looking into it."));
                        }
                        return page(macros.stream().filter(r -> words.stream().anyMatch(w -> !w.isEmpty()
                                && r.get("title").toString().toLowerCase(Locale.ROOT).contains(w))).toList(), a);
                    });
        }

        /**
         * The issue tracker's near-duplicates of search_issues, as a code host has them: search over
         * pull requests and over source code. A task needs the right one.
         */
        private void codeSearchTools() {
            add("search_pull_requests", "Full-text search over pull requests by title. Matches any word of the query,"
                    + " case-insensitive. Returns {items, next_cursor, total}; each item has id, title, state (open,"
                    + " merged or closed), fixes (the issue id it closes), author and project.",
                    map("query", str("Words to search for."), "state", enumProp(PR_STATES, "Only this state."),
                            "limit", limit()),
                    List.of("query"), ToolAnnotations.readOnly(), a -> {
                        List<String> words = List.of(string(a, "query").toLowerCase(Locale.ROOT).split("\\W+"));
                        Object state = a.get("state");
                        return page(pullRequests().stream().filter(r -> state == null || state.equals(r.get("state")))
                                .filter(r -> words.stream().anyMatch(w -> !w.isEmpty()
                                        && r.get("title").toString().toLowerCase(Locale.ROOT).contains(w))).toList(), a);
                    });
            add("search_code", "Full-text search over the source code of the projects' repositories. Matches any"
                    + " word of the query in file paths and lines. Returns {items, next_cursor, total}; each item has"
                    + " project, path, line and text.",
                    map("query", str("Words or identifiers to search for."), "project",
                            enumProp(d.containers(), "Only this project's repository."), "limit", limit()),
                    List.of("query"), ToolAnnotations.readOnly(), a -> {
                        List<String> words = List.of(string(a, "query").toLowerCase(Locale.ROOT).split("\\W+"));
                        List<Map<String, Object>> lines = new ArrayList<>();
                        for (int n = 1; n <= 24; n++) {
                            String w = d.words().get(n % d.words().size());
                            String project = d.containers().get(n % d.containers().size());
                            lines.add(map("project", project, "path", "src/" + w + "/" + w + "_service.py",
                                    "line", 10 + n, "text", "def handle_" + w + "(request):"));
                        }
                        return page(lines.stream().filter(r -> words.stream().anyMatch(w -> !w.isEmpty()
                                && r.get("path").toString().contains(w))).toList(), a);
                    });
        }

        private void writeTools() {
            Map<String, Object> fields = map("title", map("type", "string", "maxLength", 200,
                            "description", "Short summary shown in lists."),
                    "description", str("Markdown body with the details."),
                    c, enumProp(d.containers(), "Where the " + e + " belongs."),
                    d.kindField(), enumProp(d.kinds(), "The " + d.kindField() + " of the " + e + "."),
                    "customer_id", str("The customer it concerns, if any."),
                    "tags", array(str(null), "Free-form tags, replaced as a whole."),
                    "owner", object(map("email", fmt("email", "Owner's email."),
                            "notify", bool("Send the owner a notification.", true)), List.of("email"), "Who owns it."));
            add("create_" + e, "Create a " + e + ". Returns the new " + e + " with its id. Tags and owner are"
                    + " optional; the " + c + " decides the default workflow.", fields, List.of("title", c),
                    ToolAnnotations.NONE, a -> created(a));
            Map<String, Object> update = new LinkedHashMap<>(map(idParam, str("The " + e + " to change.")));
            update.putAll(fields);
            update.put("status", enumProp(d.statuses(), "New status; moves the " + e + " through its workflow."));
            add("update_" + e, "Update fields of a " + e + ". Only the fields given change; tags are replaced as a"
                    + " whole. Returns the updated " + e + ".", update, List.of(idParam),
                    new ToolAnnotations(false, false, true, false), a -> changed(a, "updated"));
            add("delete_" + e, "Permanently delete a " + e + " with its " + d.sub() + "s and attachments. This cannot"
                    + " be undone; prefer archive_" + e + " to hide it.",
                    map(idParam, str("The " + e + " to delete."), "reason", str("Why, for the audit log.")),
                    List.of(idParam), ToolAnnotations.destructive(), a -> changed(a, "deleted"));
            add("assign_" + e, "Assign a " + e + " to a user and optionally notify them by email.",
                    map(idParam, str("The " + e + " to assign."), "assignee", fmt("email", "The user's email."),
                            "notify", bool("Email the assignee.", true)), List.of(idParam, "assignee"),
                    new ToolAnnotations(false, false, true, false), a -> changed(a, "assigned"));
            add("list_" + e + "_" + d.sub() + "s", "List the " + d.sub() + "s of a " + e + ", oldest first, with"
                    + " author and time.", map(idParam, idDoc(), "limit", limit(), "cursor",
                            str("Cursor from the previous page.")), List.of(idParam), ToolAnnotations.readOnly(),
                    a -> subs(a));
            add("add_" + e + "_" + d.sub(), "Add a " + d.sub() + " to a " + e + ". Internal ones are visible to the"
                    + " team only.", map(idParam, idDoc(), "body", str("Markdown text."),
                            "internal", bool("Hide from the customer.", false)), List.of(idParam, "body"),
                    ToolAnnotations.NONE, a -> changed(a, d.sub() + "_added"));
            add("archive_" + e, "Archive a " + e + ": hidden from lists and search, restorable with restore_" + e
                    + ".", map(idParam, idDoc()), List.of(idParam), ToolAnnotations.NONE,
                    a -> changed(a, "archived"));
            add("restore_" + e, "Restore an archived " + e + " to its previous status.",
                    map(idParam, idDoc()), List.of(idParam), ToolAnnotations.NONE,
                    a -> changed(a, "restored"));
            add("list_" + e + "_history", "The change history of a " + e + ": who changed which field, when, from"
                    + " what to what.", map(idParam, idDoc(), "limit", limit()), List.of(idParam),
                    ToolAnnotations.readOnly(), a -> map("items", List.of(map("field", "status", "from",
                            d.statuses().get(0), "to", d.summary(Math.max(1, d.number(string(a, idParam))))
                                    .get("status"), "at", "2025-12-01T10:00:00Z")), "next_cursor", null));
        }

        private void containerTools() {
            add("list_" + c + "s", "List the " + c + "s you can access, with their " + e + " counts.",
                    map("limit", limit(), "cursor", str("Cursor from the previous page.")), List.of(),
                    ToolAnnotations.readOnly(), a -> {
                        List<Object> items = new ArrayList<>();
                        for (String id : d.containers()) {
                            items.add(container(id));
                        }
                        return map("items", items, "next_cursor", "");
                    });
            add("get_" + c, "Get one " + c + " with its settings, members and " + e + " counts per status.",
                    map(c + "_id", enumProp(d.containers(), "The " + c + ".")), List.of(c + "_id"),
                    ToolAnnotations.readOnly(), a -> container(string(a, c + "_id")));
            add("create_" + c, "Create a " + c + ". Members get access at once.", map("name", str("Display name."),
                    "description", str("What it is for."), "visibility", enumProp(List.of("private", "internal",
                            "public"), "Who can see it."), "members", array(fmt("email", null), "Members' emails.")),
                    List.of("name"), ToolAnnotations.NONE, a -> created(a));
            add("update_" + c, "Rename a " + c + " or change its visibility and members.", map(c + "_id",
                    enumProp(d.containers(), "The " + c + "."), "name", str("New name."), "visibility",
                    enumProp(List.of("private", "internal", "public"), "Who can see it.")), List.of(c + "_id"),
                    new ToolAnnotations(false, false, true, false), a -> changed(a, "updated"));
            add("get_" + c + "_stats", "Statistics of a " + c + " over a period: created, closed, median time to"
                    + " close.", map(c + "_id", enumProp(d.containers(), "The " + c + "."), "period",
                            enumProp(List.of("7d", "30d", "90d"), "Time window.")), List.of(c + "_id"),
                    ToolAnnotations.readOnly(), a -> map(c, string(a, c + "_id"), "created", 12, "closed", 9,
                            "median_hours_to_close", 20.5));
            add("export_" + es, "Export " + es + " matching a filter as a file; returns a download URL valid for"
                    + " one hour.", map("format", enumProp(List.of("csv", "json", "xlsx"), "File format."),
                            "filter", object(map("status", enumProp(d.statuses(), null), c,
                                    enumProp(d.containers(), null)), List.of(), "Which " + es + " to export.")),
                    List.of("format"), ToolAnnotations.readOnly(), a -> map("url", "https://" + d.server()
                            + ".acme.test/exports/x1." + string(a, "format"), "expires_in", 3600));
            add("import_" + es, "Import " + es + " from a CSV or JSON file at a URL. Use dry_run to validate first.",
                    map("url", fmt("uri", "Where the file is."), "format", enumProp(List.of("csv", "json"),
                            "File format."), "dry_run", bool("Validate only.", true)), List.of("url", "format"),
                    ToolAnnotations.NONE, a -> map("ok", true, "rows", 0, "dry_run", true));
            add("bulk_update_" + es, "Apply the same change to up to 100 " + es + " at once. Returns per-id"
                    + " results.", map("ids", array(str(null), "The " + e + " ids."), "changes",
                            object(map("status", enumProp(d.statuses(), null), d.kindField(),
                                    enumProp(d.kinds(), null), "owner", fmt("email", null)), List.of(),
                                    "Fields to set.")), List.of("ids", "changes"),
                    new ToolAnnotations(false, false, true, false), a -> changed(a, "updated"));
            add("merge_" + es, "Merge a duplicate " + e + " into another: " + d.sub() + "s and attachments move,"
                    + " the source is closed.", map("source_id", str("The duplicate."), "target_id",
                            str("The " + e + " to keep.")), List.of("source_id", "target_id"),
                    ToolAnnotations.destructive(), a -> changed(a, "merged"));
            add("link_" + es, "Link two " + es + " with a relation.", map("from_id", str("First " + e + "."),
                    "to_id", str("Second " + e + "."), "relation", enumProp(List.of("relates_to", "blocks",
                            "duplicates"), "How they relate.")), List.of("from_id", "to_id", "relation"),
                    ToolAnnotations.NONE, a -> changed(a, "linked"));
            add("add_" + e + "_attachment", "Attach a file (base64, at most 10 MB) to a " + e + ".",
                    map(idParam, idDoc(), "file_name", str("Name with extension."), "mime_type",
                            str("e.g. application/pdf"), "content_base64", str("File content, base64.")),
                    List.of(idParam, "file_name", "content_base64"), ToolAnnotations.NONE,
                    a -> changed(a, "attached"));
            add("list_" + e + "_attachments", "List files attached to a " + e + ", with size and download URL.",
                    map(idParam, idDoc()), List.of(idParam), ToolAnnotations.readOnly(),
                    a -> map("items", List.of(), "next_cursor", ""));
            add("watch_" + e, "Get notified of changes to a " + e + ".", map(idParam, idDoc(),
                    "channel", enumProp(List.of("email", "chat", "none"), "How to notify.")), List.of(idParam),
                    new ToolAnnotations(false, false, true, false), a -> changed(a, "watching"));
            add("set_" + e + "_due_date", "Set or clear the due date of a " + e + ", with an optional reminder.",
                    map(idParam, idDoc(), "due_date", fmt("date", "Null clears it."), "reminder",
                            enumProp(List.of("none", "1h", "1d", "1w"), "When to remind the owner.")),
                    List.of(idParam), new ToolAnnotations(false, false, true, false), a -> changed(a, "due_date_set"));
        }

        private void adminTools() {
            add("list_tags", "List the tags in use, with how many " + es + " carry each.", map("limit", limit()),
                    List.of(), ToolAnnotations.readOnly(), a -> map("items", d.words()));
            add("create_tag", "Create a tag with a color.", map("name", str("Tag name."), "color",
                    map("type", "string", "pattern", "^#[0-9a-f]{6}$", "description", "Hex color, e.g. #ff8800.")),
                    List.of("name"), ToolAnnotations.NONE, a -> created(a));
            add("delete_tag", "Delete a tag and remove it from every " + e + ".", map("name", str("Tag name.")),
                    List.of("name"), ToolAnnotations.destructive(), a -> changed(a, "deleted"));
            add("list_saved_views", "List saved filters (views) of " + es + " shared with you.", map("limit", limit()),
                    List.of(), ToolAnnotations.readOnly(), a -> map("items", List.of()));
            add("create_saved_view", "Save a filter and sort order as a named view.", map("name", str("View name."),
                    "filters", object(map("status", enumProp(d.statuses(), null), c, enumProp(d.containers(), null)),
                            List.of(), "The filter."), "sort", enumProp(List.of("newest", "oldest", "updated"),
                            "Sort order.")), List.of("name", "filters"), ToolAnnotations.NONE, a -> created(a));
            add("list_webhooks", "List webhooks that receive " + e + " events.", map(), List.of(),
                    ToolAnnotations.readOnly(), a -> map("items", List.of()));
            add("create_webhook", "Register a webhook for " + e + " events. Deliveries are signed with the secret.",
                    map("url", fmt("uri", "HTTPS endpoint."), "events", array(enumProp(List.of(e + ".created",
                            e + ".updated", e + ".deleted"), null), "Events to deliver."), "secret",
                            str("Shared secret for the signature.")), List.of("url", "events"),
                    ToolAnnotations.NONE, a -> created(a));
            add("delete_webhook", "Delete a webhook.", map("webhook_id", str("The webhook.")), List.of("webhook_id"),
                    ToolAnnotations.destructive(), a -> changed(a, "deleted"));
            add("get_settings", "Workspace settings: defaults, working hours, notification rules.", map(), List.of(),
                    ToolAnnotations.readOnly(), a -> map("timezone", "Europe/Lisbon", "working_hours", "09-18"));
            add("update_settings", "Change workspace settings; only the keys given change.", map("settings",
                    object(map("timezone", str("IANA zone."), "working_hours", str("e.g. 09-18")), List.of(),
                            "Settings to change.")), List.of("settings"), new ToolAnnotations(false, false, true, false),
                    a -> changed(a, "updated"));
            add("list_audit_events", "Audit log: who did what and when, newest first.", map("actor",
                    fmt("email", "Only this user."), "action", str("e.g. " + e + ".deleted"), "since",
                    fmt("date-time", "From this instant."), "limit", limit()), List.of(), ToolAnnotations.readOnly(),
                    a -> map("items", List.of(), "next_cursor", ""));
            add("get_usage", "API usage and quota of this workspace for the current month.", map("period",
                    enumProp(List.of("current_month", "last_month"), "Which month.")), List.of(),
                    ToolAnnotations.readOnly(), a -> map("requests", 1234, "quota", 100000));
            add("unwatch_" + e, "Stop notifications for a " + e + ".", map(idParam, idDoc()),
                    List.of(idParam), new ToolAnnotations(false, false, true, false), a -> changed(a, "unwatched"));
            add("list_" + e + "_watchers", "Who gets notified of changes to a " + e + ".",
                    map(idParam, idDoc()), List.of(idParam), ToolAnnotations.readOnly(),
                    a -> map("items", List.of()));
            add("delete_" + e + "_attachment", "Remove an attachment from a " + e + ".", map(idParam,
                    idDoc(), "attachment_id", str("The attachment.")), List.of(idParam, "attachment_id"),
                    ToolAnnotations.destructive(), a -> changed(a, "deleted"));
            add("unlink_" + es, "Remove a relation between two " + es + ".", map("from_id", str("First " + e + "."),
                    "to_id", str("Second " + e + ".")), List.of("from_id", "to_id"), ToolAnnotations.NONE,
                    a -> changed(a, "unlinked"));
        }

        // ---- behaviour ----

        private Map<String, Object> idDoc() {
            return str("The " + e + " id, e.g. \"" + d.id(7) + "\".");
        }

        private List<Map<String, Object>> filtered(Map<String, Object> a) {
            List<Predicate<Map<String, Object>>> tests = new ArrayList<>();
            for (String field : List.of(c, "status", d.kindField(), "customer_id", "owner")) {
                Object want = a.get(field);
                if (want != null) {
                    tests.add(r -> want.equals(r.get(field)));
                }
            }
            Object after = a.get("created_after");
            if (after != null) {
                tests.add(r -> r.get("created_at").toString().compareTo(after.toString()) > 0);
            }
            return d.all().stream().filter(r -> tests.stream().allMatch(t -> t.test(r))).toList();
        }

        private static Object page(List<Map<String, Object>> all, Map<String, Object> a) {
            int limit = a.get("limit") instanceof Number n ? n.intValue() : 20;
            if (limit < 1 || limit > 100) {
                return ToolResult.error("limit must be between 1 and 100, got " + limit);
            }
            int from = 0;
            if (a.get("cursor") instanceof String s && !s.isBlank()) {
                try {
                    from = Integer.parseInt(s.replace("cur_", ""));
                } catch (NumberFormatException ex) {
                    return ToolResult.error("invalid cursor " + s + "; pass next_cursor of the previous page");
                }
            }
            int to = Math.min(all.size(), from + limit);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", from >= all.size() ? List.of() : all.subList(from, to));
            out.put("next_cursor", to < all.size() ? "cur_" + to : null);
            out.put("total", all.size());
            return out;
        }

        private Object subs(Map<String, Object> a) {
            int n = d.number(string(a, idParam));
            if (n < 0) {
                return ToolResult.error("no " + e + " " + a.get(idParam));
            }
            List<Object> items = new ArrayList<>();
            for (int k = 1; k <= n % 6; k++) {
                items.add(map("id", d.sub() + "-" + n + "-" + k, "author",
                        Domain.PEOPLE.get((n + k) % Domain.PEOPLE.size()) + "@acme.test", "body",
                        "Update " + k + " on " + d.title(n), "created_at", "2025-12-" + (10 + k) + "T09:00:00Z"));
            }
            return map("items", items, "next_cursor", "");
        }

        private Map<String, Object> container(String id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1));
            Map<String, Object> counts = new LinkedHashMap<>();
            for (String s : d.statuses()) {
                counts.put(s, d.all().stream().filter(r -> id.equals(r.get(c)) && s.equals(r.get("status"))).count());
            }
            m.put("counts", counts);
            return m;
        }

        private Object created(Map<String, Object> a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.idPrefix() + (5000 + Math.abs(a.hashCode() % 1000)));
            m.putAll(a);
            m.put("created_at", "2026-01-01T09:00:00Z");
            return m;
        }

        private static Object changed(Map<String, Object> a, String what) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", true);
            m.put("result", what);
            m.putAll(a);
            return m;
        }

        private void add(String name, String description, Map<String, Object> properties, List<String> required,
                ToolAnnotations annotations, ToolFunction function) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            if (!required.isEmpty()) {
                schema.put("required", required);
            }
            schema.put("additionalProperties", false);
            String scope = annotations.isReadOnly() ? " Requires the " + d.server() + ":read scope."
                    : " Requires the " + d.server() + ":write scope; limited to 10 calls per second per workspace.";
            tools.add(new Tool(new ToolDescriptor(d.server(), name, description + scope, schema, null, annotations),
                    function));
        }
    }

    // ---- schema helpers ----

    private static String string(Map<String, Object> a, String key) {
        Object v = a.get(key);
        return v == null ? null : v.toString();
    }

    private static Map<String, Object> str(String description) {
        return description == null ? map("type", "string") : map("type", "string", "description", description);
    }

    private static Map<String, Object> fmt(String format, String description) {
        Map<String, Object> m = map("type", "string", "format", format);
        if (description != null) {
            m.put("description", description);
        }
        return m;
    }

    private static Map<String, Object> bool(String description, boolean dflt) {
        return map("type", "boolean", "description", description, "default", dflt);
    }

    private static Map<String, Object> limit() {
        return map("type", "integer", "minimum", 1, "maximum", 100, "default", 20,
                "description", "Page size.");
    }

    private static Map<String, Object> enumProp(List<String> values, String description) {
        Map<String, Object> m = map("type", "string", "enum", values);
        if (description != null) {
            m.put("description", description);
        }
        return m;
    }

    private static Map<String, Object> array(Map<String, Object> items, String description) {
        return map("type", "array", "items", items, "description", description);
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required, String description) {
        Map<String, Object> m = map("type", "object", "properties", properties);
        if (!required.isEmpty()) {
            m.put("required", required);
        }
        if (description != null) {
            m.put("description", description);
        }
        return m;
    }
}
