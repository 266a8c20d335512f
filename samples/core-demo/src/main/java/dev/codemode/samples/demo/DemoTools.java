package dev.codemode.samples.demo;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small in-process business: customers, orders, billing and email, with deterministic data. */
final class DemoTools {

    private static final String[] TIERS = {"free", "pro", "enterprise"};

    private DemoTools() {
    }

    static List<ToolSource> all() {
        return List.of(crm(), orders(), billing(), email());
    }

    static Map<String, Object> customer(int n) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "c" + n);
        c.put("name", "Customer " + n);
        c.put("email", "customer" + n + "@example.com");
        c.put("tier", TIERS[n % 3]);
        return c;
    }

    private static Map<String, Object> customerSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", Map.of("type", "string"));
        properties.put("name", Map.of("type", "string"));
        properties.put("email", ordered("type", "string", "format", "email"));
        properties.put("tier", ordered("type", "string", "enum", List.of(TIERS)));
        return ordered("type", "object", "title", "Customer", "properties", properties,
                "required", List.of("id", "name", "email", "tier"));
    }

    /**
     * A map in the order written, as a server's JSON lists its keys: fields of results and of result
     * schemas show in the same order in every run ({@code Map.of} order changes per JVM).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** An object schema; properties given as name, schema pairs, in order. */
    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> inOrder = new LinkedHashMap<>();
        required.forEach(r -> inOrder.put(r, properties.get(r)));
        properties.keySet().stream().sorted().forEach(k -> inOrder.putIfAbsent(k, properties.get(k)));
        return ordered("type", "object", "properties", inOrder, "required", required);
    }

    private static ToolSource crm() {
        return FunctionToolSource.builder("crm").description("Customer records: lookup, search, delete")
                .tool(new ToolDescriptor("crm", "lookup_customer", "One customer by id.",
                        object(Map.of("customer_id", ordered("type", "string", "description", "e.g. c42")),
                                List.of("customer_id")), customerSchema(), ToolAnnotations.readOnly()),
                        args -> customer(id(args.get("customer_id"))))
                .tool(new ToolDescriptor("crm", "search_customers", "Customers whose name or email contains the query.",
                        object(ordered("query", Map.of("type", "string"),
                                "limit", ordered("type", "integer", "default", 10, "minimum", 1, "maximum", 100)),
                                List.of("query")),
                        ordered("type", "array", "items", customerSchema()), ToolAnnotations.readOnly()), args -> {
                            String q = String.valueOf(args.get("query")).toLowerCase();
                            int limit = args.get("limit") == null ? 10 : ((Number) args.get("limit")).intValue();
                            List<Object> out = new ArrayList<>();
                            for (int n = 1; n <= 300 && out.size() < limit; n++) {
                                Map<String, Object> c = customer(n);
                                if (c.get("name").toString().toLowerCase().contains(q) || c.get("email").toString().contains(q)) {
                                    out.add(c);
                                }
                            }
                            return out;
                        })
                .tool(new ToolDescriptor("crm", "delete_customer", "Delete a customer and all their data.",
                        object(Map.of("customer_id", Map.of("type", "string")), List.of("customer_id")), null,
                        ToolAnnotations.destructive()), args -> Map.of("deleted", args.get("customer_id")))
                .build();
    }

    private static ToolSource orders() {
        return FunctionToolSource.builder("orders").description("Order history and order details")
                .tool(new ToolDescriptor("orders", "order_history", "Orders of one customer, newest first.",
                        object(Map.of("customer_id", Map.of("type", "string")), List.of("customer_id")),
                        ordered("type", "array", "items", ordered("type", "object", "title", "OrderSummary",
                                "properties", ordered("order_id", Map.of("type", "string"),
                                        "total", Map.of("type", "number"),
                                        "status", ordered("type", "string", "enum", List.of("open", "shipped", "returned"))))),
                        ToolAnnotations.readOnly()), args -> {
                            int n = id(args.get("customer_id"));
                            List<Object> out = new ArrayList<>();
                            for (int k = 0; k < 1 + n % 5; k++) {
                                out.add(ordered("order_id", "o" + n + "-" + k, "total", 40.0 + (n * 37 + k * 91) % 400,
                                        "status", k == 0 ? "open" : "shipped"));
                            }
                            return out;
                        })
                .tool(new ToolDescriptor("orders", "order_details", "One order with its lines.",
                        object(Map.of("order_id", Map.of("type", "string")), List.of("order_id")), null,
                        ToolAnnotations.readOnly()), args -> ordered("order_id", args.get("order_id"),
                                "lines", List.of(ordered("sku", "SKU-1", "qty", 2, "price", 20.0))))
                .build();
    }

    private static ToolSource billing() {
        return FunctionToolSource.builder("billing").description("Discounts and refunds")
                .tool(new ToolDescriptor("billing", "apply_discount", "Give a customer a discount code on their next order.",
                        object(ordered("customer_id", Map.of("type", "string"),
                                "percent", ordered("type", "integer", "minimum", 1, "maximum", 50),
                                "reason", ordered("type", "string", "enum", List.of("loyalty", "apology", "promotion"))),
                                List.of("customer_id", "percent")), null,
                        new ToolAnnotations(false, false, true, null)),
                        args -> ordered("code", "SAVE" + args.get("percent") + "-" + args.get("customer_id"),
                                "percent", args.get("percent")))
                .tool(new ToolDescriptor("billing", "refund", "Refund an order in full.",
                        object(Map.of("order_id", Map.of("type", "string")), List.of("order_id")), null,
                        ToolAnnotations.destructive()), args -> Map.of("refunded", args.get("order_id")))
                .build();
    }

    private static ToolSource email() {
        List<Object> sent = new ArrayList<>();
        return FunctionToolSource.builder("email").description("Send and list customer emails")
                .tool(new ToolDescriptor("email", "send_confirmation", "Send an email to a customer.",
                        object(ordered("to", ordered("type", "string", "format", "email"),
                                "subject", Map.of("type", "string"), "body", Map.of("type", "string")),
                                List.of("to", "subject", "body")), null, new ToolAnnotations(false, false, false, true)),
                        args -> {
                            synchronized (sent) {
                                sent.add(args);
                                return Map.of("message_id", "m" + sent.size());
                            }
                        })
                .tool(new ToolDescriptor("email", "list_sent", "Emails sent so far.", object(Map.of(), List.of()), null,
                        ToolAnnotations.readOnly()), args -> {
                            synchronized (sent) {
                                return new ArrayList<>(sent);
                            }
                        })
                .build();
    }

    private static int id(Object customerId) {
        String s = String.valueOf(customerId);
        try {
            int n = Integer.parseInt(s.startsWith("c") ? s.substring(1) : s);
            if (n >= 1 && n <= 300) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("no customer " + s + " (ids are c1 to c300)");
    }
}
