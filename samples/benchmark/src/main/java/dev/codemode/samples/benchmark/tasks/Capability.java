package dev.codemode.samples.benchmark.tasks;

import java.util.List;

/**
 * One tool a task needs, with the words an agent would search for it: taken from the task's wording,
 * never from the tool's name. {@code tool} is what the harness checks a search result against.
 *
 * @param tool    {@code server.tool}, e.g. {@code crm.lookup_customer}
 * @param queries the first query and the one tried when the first misses
 */
public record Capability(String tool, List<String> queries) {

    public Capability {
        if (!tool.contains(".") || queries.isEmpty()) {
            throw new IllegalArgumentException("a capability names server.tool and at least one query: " + tool);
        }
        queries = List.copyOf(queries);
    }

    public String server() {
        return tool.substring(0, tool.indexOf('.'));
    }

    public String toolName() {
        return tool.substring(tool.indexOf('.') + 1);
    }
}
