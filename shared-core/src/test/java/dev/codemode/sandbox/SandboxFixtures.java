package dev.codemode.sandbox;

import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small deterministic catalog for sandbox tests: customers, orders, a slow tool, a failing tool. */
final class SandboxFixtures {

    private SandboxFixtures() {
    }

    static Map<String, Object> schema(String... requiredStringParams) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String p : requiredStringParams) {
            props.put(p, Map.of("type", "string"));
        }
        return ordered("type", "object", "properties", props, "required", List.of(requiredStringParams));
    }

    /**
     * A map in the order written, as a server's JSON lists its keys: parameters in stubs and errors, and
     * results a script returns or prints, come out the same in every run ({@code Map.of} order changes
     * per JVM).
     */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static ToolCatalog catalog() {
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .description("Customer records")
                .tool(new ToolDescriptor("crm", "lookup-customer", "One customer by id.", schema("customer_id"), null,
                        ToolAnnotations.readOnly()), args -> {
                            String id = (String) args.get("customer_id");
                            if (!id.startsWith("c")) {
                                throw new IllegalArgumentException("no customer " + id);
                            }
                            return ordered("id", id, "name", "Customer " + id.substring(1), "tier", "pro");
                        })
                .tool("search_customers", "Customers matching a query.", ordered("type", "object", "properties",
                        ordered("query", Map.of("type", "string"), "limit", Map.of("type", "integer")),
                        "required", List.of("query")), args -> {
                            int limit = args.get("limit") == null ? 3 : ((Number) args.get("limit")).intValue();
                            List<Object> out = new ArrayList<>();
                            for (int i = 1; i <= limit; i++) {
                                out.add(ordered("id", "c" + i, "name", "Customer " + i));
                            }
                            return out;
                        })
                .tool("delete_customer", "Delete a customer.", schema("customer_id"), args -> Map.of("deleted", true))
                .build();
        FunctionToolSource orders = FunctionToolSource.builder("orders")
                .tool("order_history", "Orders of a customer.", schema("customer_id"), args -> List.of(
                        ordered("order_id", "o1-" + args.get("customer_id"), "total", 120.5),
                        ordered("order_id", "o2-" + args.get("customer_id"), "total", 80)))
                .tool("slow", "Sleeps.", Map.of("type", "object", "properties", Map.of("ms", Map.of("type", "integer"))),
                        args -> {
                            Thread.sleep(((Number) args.get("ms")).longValue());
                            return "slept";
                        })
                .tool("huge", "Returns a big string.", Map.of("type", "object", "properties",
                        Map.of("chars", Map.of("type", "integer"))), args -> "x".repeat(((Number) args.get("chars")).intValue()))
                .tool("echo", "Returns its arguments.", Map.of("type", "object"), args -> args)
                .build();
        return ToolCatalog.of(crm, orders);
    }

    /** Calls the source directly, as the engine's innermost invoker does. */
    static ToolInvoker directInvoker(ToolCatalog catalog) {
        return (tool, args) -> catalog.source(tool.serverId()).orElseThrow()
                .callTool(tool.descriptor().name(), args);
    }
}
