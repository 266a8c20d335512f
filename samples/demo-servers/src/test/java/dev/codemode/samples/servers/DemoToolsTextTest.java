package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo tools' descriptions tell the model only what a script can do: scripts have no
 * {@code while} loop, so paging is described as a bounded {@code for} loop with {@code break}.
 */
class DemoToolsTextTest {

    private static final Pattern WHILE = Pattern.compile("\\bwhile\\b", Pattern.CASE_INSENSITIVE);

    @Test
    void should_describe_paging_with_what_a_script_has() {
        List<String> withWhile = new ArrayList<>();
        String listCustomers = null;
        for (String server : DemoServers.NAMES) {
            for (SyncToolSpecification spec : new DemoTools().forServer(server)) {
                String description = spec.tool().description();
                if (WHILE.matcher(description).find()) {
                    withWhile.add(server + "." + spec.tool().name());
                }
                if (spec.tool().name().equals("list_customers")) {
                    listCustomers = description;
                }
            }
        }
        assertThat(withWhile).isEmpty();
        assertThat(listCustomers).contains("for page in range(n)").contains("break when has_more is false");
    }
}
