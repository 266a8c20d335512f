package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.ToolSource;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.samples.benchmark.tasks.Capability;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoServers;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same discovery on the demo servers (the unqueried listing, then every query the task suite's
 * capabilities ask) costs about the same at either binding level: a file per tool must not make the
 * model pay a path line per tool. Measured before listings went by server directory at tool level:
 * the unqueried listing 1,220 characters against 413 (2.95x), the whole discovery 83,673 against
 * 72,672 (1.15x).
 */
class BindingLevelListingTest extends DemoServersTest {

    @Test
    void should_cost_about_the_same_characters_for_the_same_discovery_at_tool_and_server_level() {
        Set<String> queries = new LinkedHashSet<>();
        TaskSuite.all().forEach(t -> t.needs().stream().map(Capability::queries).forEach(queries::addAll));
        int[] server = discovery(BindingLevel.SERVER, queries);
        int[] tool = discovery(BindingLevel.TOOL, queries);
        System.out.printf("discovery on the demo servers: unqueried listing %d characters at SERVER level, %d at TOOL"
                + " level (%.2fx); with %d queries %d and %d (%.2fx)%n", server[0], tool[0], (double) tool[0] / server[0],
                queries.size(), server[1], tool[1], (double) tool[1] / server[1]);
        // the tool level names every tool (its files) where the server level names a file per server
        assertThat((double) tool[0] / server[0]).isLessThanOrEqualTo(1.6);
        assertThat((double) tool[1] / server[1]).isLessThanOrEqualTo(1.1);
    }

    /** The characters of the unqueried listing, and of it plus every query's answer. */
    private static int[] discovery(BindingLevel level, Set<String> queries) {
        List<ToolSource> sources = new ArrayList<>();
        for (String name : DemoServers.NAMES) {
            String url = demo.url(name);
            sources.add(McpToolSource.streamableHttp(name, url.substring(0, url.indexOf("/" + name + "/mcp")),
                    "/" + name + "/mcp"));
        }
        try (CodeMode cm = CodeMode.builder().toolSources(sources).bindingLevel(level).closeSources(true).build()) {
            int tree = cm.call(CodeMode.LIST_TOOL_FILES, Map.of()).text().length();
            int all = tree;
            for (String q : queries) {
                all += cm.call(CodeMode.LIST_TOOL_FILES, Map.of("query", q)).text().length();
            }
            return new int[] {tree, all};
        }
    }
}
