package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo servers answer the same bytes in every JVM: every map that reaches a schema or a result
 * iterates in a fixed order. {@code Map.of} with two or more entries iterates in an order salted per
 * JVM, so the benchmark's token counts moved between runs; such a map must not appear anywhere.
 */
class DemoToolsOrderTest {

    /** Sample arguments by parameter name; each tool gets those of its parameters. */
    static final Map<String, Object> SAMPLES = samples();

    @Test
    void should_build_every_schema_and_result_from_ordered_maps() {
        List<String> unordered = new ArrayList<>();
        int results = 0;
        for (String server : DemoServers.NAMES) {
            DemoTools tools = new DemoTools();
            for (SyncToolSpecification spec : tools.forServer(server)) {
                String where = server + "." + spec.tool().name();
                collectUnordered(spec.tool().inputSchema(), where + " inputSchema", unordered);
                collectUnordered(spec.tool().outputSchema(), where + " outputSchema", unordered);
                Map<String, Object> args = new LinkedHashMap<>();
                ((Map<?, ?>) spec.tool().inputSchema().get("properties")).keySet().stream()
                        .filter(SAMPLES::containsKey).forEach(k -> args.put(k.toString(), SAMPLES.get(k)));
                CallToolResult result = spec.callHandler().apply(null, new CallToolRequest(spec.tool().name(), args));
                assertThat(result.isError()).as(where + " " + result.content()).isNotEqualTo(Boolean.TRUE);
                collectUnordered(result.structuredContent(), where + " result", unordered);
                results++;
            }
        }
        assertThat(results).isGreaterThanOrEqualTo(12);
        assertThat(unordered).isEmpty();
    }

    /** Adds the path of every map or set of two or more entries whose iteration order is salted per JVM. */
    static void collectUnordered(Object value, String path, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() > 1 && map.getClass().getName().startsWith("java.util.ImmutableCollections")) {
                out.add(path + " " + map.keySet());
            }
            map.forEach((k, v) -> collectUnordered(v, path + "." + k, out));
        } else if (value instanceof Collection<?> c) {
            if (c.size() > 1 && c instanceof java.util.Set<?> && c.getClass().getName().startsWith("java.util.ImmutableCollections")) {
                out.add(path + " " + c);
            }
            int i = 0;
            for (Object item : c) {
                collectUnordered(item, path + "[" + i++ + "]", out);
            }
        }
    }

    private static Map<String, Object> samples() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", "c42");
        m.put("order_id", "o42-1");
        m.put("query", "grace");
        m.put("percent", 10);
        m.put("email", DemoData.customer("c42").get("email"));
        m.put("to", "ada@example.com");
        m.put("subject", "Hello");
        m.put("body", "Text");
        m.put("limit", 100);
        return m;
    }
}
