package dev.codemode.samples.servers;

import static dev.codemode.samples.servers.Ordered.map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The tools of the four demo servers, with the schemas, annotations and wording of real MCP servers.
 * Each instance keeps its own state (customer edits, discounts, refunds, sent emails): one instance
 * per server process.
 */
final class DemoTools {

    private final Map<String, Map<String, Object>> edits = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> sent = new ArrayList<>();
    private final Map<String, String> refunds = new ConcurrentHashMap<>();

    List<SyncToolSpecification> forServer(String server) {
        return switch (server) {
            case "crm" -> List.of(lookupCustomer(), searchCustomers(), updateCustomer(), deleteCustomer());
            case "orders" -> List.of(orderHistory(), orderDetails());
            case "billing" -> List.of(applyDiscount(), refund(), listCustomers(), findCustomer());
            case "email" -> List.of(sendConfirmation(), listSent());
            default -> throw new IllegalArgumentException("no demo server " + server + "; servers: "
                    + DemoServers.NAMES);
        };
    }

    static String instructions(String server) {
        return switch (server) {
            case "crm" -> "Customer records: lookup, search, update, delete.";
            case "orders" -> "Order history and order details of customers.";
            case "billing" -> "Discount codes, refunds and billing customers.";
            case "email" -> "Customer emails: send confirmations and list what was sent.";
            default -> "";
        };
    }

    // ---- crm ----

    private static Map<String, Object> customerSchema() {
        return object(map("id", str("Customer id, e.g. c42."), "name", str("Full name."),
                "email", map("type", "string", "format", "email"),
                "tier", map("type", "string", "enum", List.of(DemoData.TIERS), "description", "Plan of the customer."),
                "address", object(map("city", str(null), "country", str("ISO 3166-1 alpha-2 code.")),
                        List.of("city", "country")),
                "signup_date", map("type", "string", "format", "date")),
                List.of("id", "name", "email", "tier"));
    }

    private SyncToolSpecification lookupCustomer() {
        return tool("lookup_customer", "Look up one customer by id, with contact details, plan and address.",
                object(map("customer_id", str("Customer id, e.g. c42.")), List.of("customer_id")),
                titled(customerSchema(), "Customer"), hints(true, false, true), (ex, req) -> {
                    Map<String, Object> c = current(string(req, "customer_id"));
                    return c == null ? error("no customer " + req.arguments().get("customer_id")
                            + "; ids run from c1 to c" + DemoData.CUSTOMERS) : structured(c);
                });
    }

    private SyncToolSpecification searchCustomers() {
        return tool("search_customers", "Search customers by name or email; optionally only one plan tier.",
                object(map("query", str("Text to find in name or email (case-insensitive)."),
                        "tier", map("type", "string", "enum", List.of(DemoData.TIERS)),
                        "limit", map("type", "integer", "minimum", 1, "maximum", 100, "default", 10)),
                        List.of("query")),
                map("type", "object", "properties", map("customers", map("type", "array",
                        "items", titled(customerSchema(), "Customer")), "total", map("type", "integer")),
                        "required", List.of("customers", "total")),
                hints(true, false, true), (ex, req) -> {
                    String q = string(req, "query").toLowerCase(Locale.ROOT);
                    Object tier = req.arguments().get("tier");
                    int limit = req.arguments().get("limit") instanceof Number n ? n.intValue() : 10;
                    List<Map<String, Object>> found = new ArrayList<>();
                    int total = 0;
                    for (Map<String, Object> c : DemoData.customers()) {
                        Map<String, Object> now = current((String) c.get("id"));
                        if (now == null || (tier != null && !tier.equals(now.get("tier")))) {
                            continue;
                        }
                        if (now.get("name").toString().toLowerCase(Locale.ROOT).contains(q)
                                || now.get("email").toString().contains(q)) {
                            total++;
                            if (found.size() < limit) {
                                found.add(now);
                            }
                        }
                    }
                    return structured(map("customers", found, "total", total));
                });
    }

    private SyncToolSpecification updateCustomer() {
        return tool("update_customer", "Change a customer's email or plan tier; returns the updated customer.",
                object(map("customer_id", str(null), "email", map("type", "string", "format", "email"),
                        "tier", map("type", "string", "enum", List.of(DemoData.TIERS))), List.of("customer_id")),
                titled(customerSchema(), "Customer"), hints(false, false, true), (ex, req) -> {
                    String id = string(req, "customer_id");
                    Map<String, Object> c = current(id);
                    if (c == null) {
                        return error("no customer " + id);
                    }
                    Map<String, Object> changed = new LinkedHashMap<>(c);
                    for (String field : List.of("email", "tier")) {
                        if (req.arguments().get(field) != null) {
                            changed.put(field, req.arguments().get(field));
                        }
                    }
                    edits.put(id, changed);
                    return structured(changed);
                });
    }

    private SyncToolSpecification deleteCustomer() {
        return tool("delete_customer", "Delete a customer and all their data. This cannot be undone.",
                object(map("customer_id", str(null)), List.of("customer_id")), null, hints(false, true, true),
                (ex, req) -> {
                    String id = string(req, "customer_id");
                    if (current(id) == null) {
                        return error("no customer " + id);
                    }
                    deleted.put(id, true);
                    return text(json(map("deleted", id)));
                });
    }

    private Map<String, Object> current(String id) {
        if (id == null || deleted.containsKey(id)) {
            return null;
        }
        Map<String, Object> edited = edits.get(id);
        return edited != null ? edited : DemoData.customer(id);
    }

    // ---- orders ----

    private static Map<String, Object> orderSchema() {
        return object(map("order_id", str(null), "customer_id", str(null), "date", map("type", "string", "format",
                "date"), "status", map("type", "string", "enum", List.of(DemoData.STATUSES)),
                "lines", map("type", "array", "items", object(map("sku", str(null), "name", str(null),
                        "qty", map("type", "integer"), "unit_price", map("type", "number")),
                        List.of("sku", "qty", "unit_price"))),
                "total", map("type", "number", "description", "Order total in EUR.")),
                List.of("order_id", "customer_id", "date", "status", "total"));
    }

    private SyncToolSpecification orderHistory() {
        return tool("order_history", "All orders of one customer, newest first, with lines and totals.",
                object(map("customer_id", str("Customer id, e.g. c42.")), List.of("customer_id")),
                map("type", "object", "properties", map("orders", map("type", "array",
                        "items", titled(orderSchema(), "Order"))), "required", List.of("orders")),
                hints(true, false, true), (ex, req) -> {
                    String id = string(req, "customer_id");
                    if (DemoData.customer(id) == null) {
                        return error("no customer " + id);
                    }
                    return structured(map("orders", DemoData.orders(id)));
                });
    }

    private SyncToolSpecification orderDetails() {
        return tool("order_details", "One order by id, with its lines.",
                object(map("order_id", str("Order id, e.g. o42-1.")), List.of("order_id")),
                titled(orderSchema(), "Order"), hints(true, false, true), (ex, req) -> {
                    Map<String, Object> o = DemoData.order(string(req, "order_id"));
                    return o == null ? error("no order " + req.arguments().get("order_id")) : structured(o);
                });
    }

    // ---- billing ----

    private SyncToolSpecification applyDiscount() {
        return tool("apply_discount", "Create a discount code for a customer's next order.",
                object(map("customer_id", str(null),
                        "percent", map("type", "integer", "minimum", 1, "maximum", 50),
                        "reason", map("type", "string", "enum", List.of("loyalty", "apology", "promotion"))),
                        List.of("customer_id", "percent")),
                object(map("code", str("Code the customer enters at checkout."), "percent", map("type", "integer"),
                        "valid_until", map("type", "string", "format", "date")), List.of("code", "percent")),
                hints(false, false, true), (ex, req) -> {
                    String id = string(req, "customer_id");
                    if (DemoData.customer(id) == null) {
                        return error("no customer " + id);
                    }
                    int percent = req.arguments().get("percent") instanceof Number n ? n.intValue() : -1;
                    if (percent < 1 || percent > 50) {
                        return error("percent must be between 1 and 50, got " + req.arguments().get("percent"));
                    }
                    return structured(map("code", "SAVE" + percent + "-" + id.toUpperCase(Locale.ROOT),
                            "percent", percent, "valid_until", "2026-12-31"));
                });
    }

    private SyncToolSpecification refund() {
        return tool("refund", "Refund an order in full to the original payment method. Cannot be undone.",
                object(map("order_id", str(null), "reason", str("Shown on the customer's statement.")),
                        List.of("order_id")), null, hints(false, true, false), (ex, req) -> {
                    String id = string(req, "order_id");
                    Map<String, Object> o = DemoData.order(id);
                    if (o == null) {
                        return error("no order " + id);
                    }
                    if (refunds.putIfAbsent(id, "refunded") != null) {
                        return error("order " + id + " was already refunded");
                    }
                    return text(json(map("refunded", id, "amount", o.get("total"))));
                });
    }

    private static Map<String, Object> billingCustomerSchema() {
        return titled(object(map("id", str("Billing customer id, e.g. cus_10037."),
                "customer_id", str("The CRM customer id, e.g. c42."),
                "email", map("type", "string", "format", "email"),
                "balance", map("type", "integer", "description",
                        "Amount owed, in cents of the currency: 4250 is 42.50 EUR."),
                "currency", str("ISO 4217 code, lower case."),
                "delinquent", map("type", "boolean", "description", "True when the latest invoice payment failed."),
                "created", map("type", "string", "format", "date")),
                List.of("id", "customer_id", "email", "balance", "currency", "delinquent")), "BillingCustomer");
    }

    private SyncToolSpecification listCustomers() {
        return tool("list_customers", "List billing customers, oldest first. A page holds at most 100 customers"
                        + " (limit, default 10); for more, loop over pages (for page in range(n): ...), pass next_cursor"
                        + " as cursor and break when has_more is false."
                        + " balance is what the customer owes in cents of the currency (4250 is 42.50 EUR); delinquent"
                        + " is true when their latest invoice payment failed.",
                object(map("limit", map("type", "integer", "minimum", 1, "maximum", 100, "default", 10),
                        "cursor", str("next_cursor of the previous page.")), List.of()),
                object(map("data", map("type", "array", "items", billingCustomerSchema()),
                        "has_more", map("type", "boolean"),
                        "next_cursor", map("type", List.of("string", "null"), "description",
                                "Pass as cursor for the next page; null on the last page.")),
                        List.of("data", "has_more")),
                hints(true, false, true), (ex, req) -> {
                    int limit = req.arguments().get("limit") instanceof Number n ? n.intValue() : 10;
                    if (limit < 1 || limit > 100) {
                        return error("limit must be between 1 and 100, got " + limit
                                + "; page with cursor=next_cursor for more");
                    }
                    String cursor = string(req, "cursor");
                    List<Map<String, Object>> all = DemoData.billingCustomers();
                    int from = 0;
                    if (cursor != null && !cursor.isBlank()) {
                        from = -1;
                        for (int i = 0; i < all.size(); i++) {
                            if (all.get(i).get("id").equals(cursor)) {
                                from = i + 1;
                            }
                        }
                        if (from < 0) {
                            return error("invalid cursor " + cursor + "; pass next_cursor of the previous page");
                        }
                    }
                    int to = Math.min(all.size(), from + limit);
                    List<Map<String, Object>> page = all.subList(from, to);
                    return structured(map("data", page, "has_more", to < all.size(),
                            "next_cursor", to < all.size() ? page.get(page.size() - 1).get("id") : null));
                });
    }

    private SyncToolSpecification findCustomer() {
        return tool("find_customer", "Find the billing customer with this exact email address (case-insensitive)."
                        + " Returns the same record as list_customers: balance is owed in cents of the currency.",
                object(map("email", map("type", "string", "format", "email")), List.of("email")),
                billingCustomerSchema(), hints(true, false, true), (ex, req) -> {
                    String email = string(req, "email");
                    for (Map<String, Object> b : DemoData.billingCustomers()) {
                        if (b.get("email").toString().equalsIgnoreCase(email)) {
                            return structured(b);
                        }
                    }
                    return error("no billing customer with email " + email + "; list_customers pages through all");
                });
    }

    // ---- email ----

    private SyncToolSpecification sendConfirmation() {
        return tool("send_confirmation", "Send an email to a customer address. Returns the message id.",
                object(map("to", map("type", "string", "format", "email"), "subject", map("type", "string",
                        "maxLength", 200), "body", str("Plain text.")), List.of("to", "subject", "body")),
                object(map("message_id", str(null)), List.of("message_id")),
                new McpSchema.ToolAnnotations("Send email", false, false, false, true, null), (ex, req) -> {
                    String to = string(req, "to");
                    if (to == null || !to.contains("@")) {
                        return error("to must be an email address, got " + to);
                    }
                    synchronized (sent) {
                        Map<String, Object> mail = new LinkedHashMap<>();
                        mail.put("message_id", "m" + (sent.size() + 1));
                        mail.put("to", to);
                        mail.put("subject", string(req, "subject"));
                        mail.put("body", string(req, "body"));
                        sent.add(mail);
                        return structured(map("message_id", mail.get("message_id")));
                    }
                });
    }

    private SyncToolSpecification listSent() {
        return tool("list_sent", "Emails sent so far by this server, oldest first.", object(map(), List.of()),
                map("type", "object", "properties", map("emails", map("type", "array", "items",
                        object(map("message_id", str(null), "to", str(null), "subject", str(null), "body", str(null)),
                                List.of("message_id", "to", "subject")))), "required", List.of("emails")),
                hints(true, false, true), (ex, req) -> {
                    synchronized (sent) {
                        return structured(map("emails", new ArrayList<>(sent)));
                    }
                });
    }

    // ---- helpers ----

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> input,
            Map<String, Object> output, McpSchema.ToolAnnotations annotations,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        McpSchema.Tool.Builder tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(input)
                .annotations(annotations);
        if (output != null) {
            tool.outputSchema(output);
        }
        return SyncToolSpecification.builder().tool(tool.build()).callHandler((exchange, request) -> {
            try {
                return handler.apply(exchange, request);
            } catch (RuntimeException e) {
                return error("invalid request: " + e.getMessage());
            }
        }).build();
    }

    private static McpSchema.ToolAnnotations hints(boolean readOnly, boolean destructive, boolean idempotent) {
        return new McpSchema.ToolAnnotations(null, readOnly, destructive, idempotent, false, null);
    }

    private static Map<String, Object> str(String description) {
        return description == null ? map("type", "string") : map("type", "string", "description", description);
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static Map<String, Object> titled(Map<String, Object> schema, String title) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("title", title);
        return copy;
    }

    private static String string(CallToolRequest request, String name) {
        Object v = request.arguments() == null ? null : request.arguments().get(name);
        return v == null ? null : v.toString();
    }

    private static CallToolResult structured(Map<String, Object> value) {
        return CallToolResult.builder().structuredContent(value).addTextContent(json(value)).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    static String json(Object value) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
