package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.samples.benchmark.catalog.Domain;
import dev.codemode.samples.benchmark.catalog.DomainServers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated servers answer the same bytes in every JVM: every map that reaches a schema or a
 * result iterates in a fixed order. {@code Map.of} with two or more entries iterates in an order
 * salted per JVM, which moved the benchmark's standard and tool-search totals between runs.
 */
class DomainServersOrderTest {

    @Test
    void should_build_every_schema_and_result_of_every_generated_tool_from_ordered_maps() {
        List<String> unordered = new ArrayList<>();
        int results = 0;
        for (Domain d : DomainServers.DOMAINS) {
            FunctionToolSource server = DomainServers.server(d, DomainServers.MAX_TOOLS);
            for (ToolDescriptor t : server.listTools()) {
                String where = t.qualifiedName();
                collectUnordered(t.inputSchema(), where + " inputSchema", unordered);
                Map<String, Object> args = new LinkedHashMap<>();
                for (Object p : ((Map<?, ?>) t.inputSchema().get("properties")).keySet()) {
                    args.put(p.toString(), sample(d, p.toString()));
                }
                ToolResult r = server.callTool(t.name(), args);
                assertThat(r.isError()).as(where + " " + r.error()).isFalse();
                collectUnordered(r.value(), where + " result", unordered);
                results++;
            }
        }
        assertThat(results).isEqualTo(DomainServers.DOMAINS.size() * DomainServers.MAX_TOOLS);
        assertThat(unordered).isEmpty();
    }

    private static Object sample(Domain d, String parameter) {
        if (parameter.equals(d.entity() + "_id")) {
            return d.id(7);
        }
        if (parameter.equals(d.container() + "_id") || parameter.equals(d.container())) {
            return d.containers().get(0);
        }
        return switch (parameter) {
            case "limit" -> 5;
            case "cursor" -> "cur_2";
            case "query" -> d.words().get(0);
            case "format" -> "csv";
            case "status" -> d.statuses().get(0);
            default -> "x";
        };
    }

    static void collectUnordered(Object value, String path, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() > 1 && map.getClass().getName().startsWith("java.util.ImmutableCollections")) {
                out.add(path + " " + map.keySet());
            }
            map.forEach((k, v) -> collectUnordered(v, path + "." + k, out));
        } else if (value instanceof Collection<?> c) {
            if (c.size() > 1 && c instanceof Set<?> && c.getClass().getName().startsWith("java.util.ImmutableCollections")) {
                out.add(path + " " + c);
            }
            int i = 0;
            for (Object item : c) {
                collectUnordered(item, path + "[" + i++ + "]", out);
            }
        }
    }
}
