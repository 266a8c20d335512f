package dev.codemode.skill;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A small catalog for skill tests: crm (lookup, delete) and orders (list), each call counted. */
final class SkillFixtures {

    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final AtomicInteger orderCalls = new AtomicInteger();

    static final String SUMMARIZE = """
            def summarize_orders(customer_id, limit=10):
                \"\"\"Summarise a customer's open orders.

                Args:
                    customer_id (str): the customer
                    limit (int): most orders to count
                \"\"\"
                c = crm.lookup_customer(customer_id=customer_id)
                orders = orders_db.list_orders(customer_id=customer_id)
                return {"name": c["name"], "open": len(orders[:limit])}
            """;

    ToolSource crm() {
        return FunctionToolSource.builder("crm").description("Customer records")
                .tool("lookup_customer", "One customer by id.", schema("customer_id"), a -> {
                    lookups.incrementAndGet();
                    Map<String, Object> customer = new LinkedHashMap<>();
                    customer.put("id", a.get("customer_id"));
                    customer.put("name", "Ada " + a.get("customer_id"));
                    return customer;
                })
                .tool("delete_customer", "Delete a customer.", schema("customer_id"), a -> {
                    deletes.incrementAndGet();
                    return "gone";
                })
                .build();
    }

    ToolSource orders() {
        return FunctionToolSource.builder("orders_db").description("Orders")
                .tool("list_orders", "Open orders of a customer.", schema("customer_id"), a -> {
                    orderCalls.incrementAndGet();
                    return List.of(Map.of("id", "o1"), Map.of("id", "o2"), Map.of("id", "o3"));
                })
                .build();
    }

    static Map<String, Object> schema(String... required) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String r : required) {
            properties.put(r, Map.of("type", "string"));
        }
        return Map.of("type", "object", "properties", properties, "required", List.of(required));
    }

    static MetaToolResult execute(CodeMode codeMode, String code, CallContext caller) {
        return codeMode.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", code), caller);
    }

    static MetaToolResult save(CodeMode codeMode, String code, String saveAs, CallContext caller) {
        return codeMode.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", code, "saveAs", saveAs), caller);
    }
}
