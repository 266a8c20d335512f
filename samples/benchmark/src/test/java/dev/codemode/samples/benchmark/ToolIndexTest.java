package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.samples.benchmark.agents.ToolIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolIndexTest {

    static ToolDescriptor tool(String server, String name, String description, String... params) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String p : params) {
            props.put(p, Map.of("type", "string"));
        }
        return ToolDescriptor.of(server, name, description, Map.of("type", "object", "properties", props));
    }

    final ToolIndex index = new ToolIndex(Map.of(
            "crm_lookup_customer", tool("crm", "lookup_customer", "Look up one customer by id.", "customer_id"),
            "email_send_confirmation", tool("email", "send_confirmation", "Send an email to an address.", "to", "subject"),
            "calendar_list_events", tool("calendar", "list_events", "List events of a calendar.", "calendar"),
            "storage_list_files", tool("storage", "list_files", "Files in a folder.", "folder")));

    @Test
    void should_rank_by_name_description_and_parameter_names() {
        assertThat(index.search("send email", 5).get(0)).isEqualTo("email_send_confirmation");
        assertThat(index.search("customers", 5).get(0)).isEqualTo("crm_lookup_customer");
        assertThat(index.search("subject", 5)).containsExactly("email_send_confirmation");
        assertThat(index.search("folder", 5)).containsExactly("storage_list_files");
    }

    @Test
    void should_cap_results_and_return_nothing_for_unknown_words() {
        assertThat(index.search("list", 1)).hasSize(1);
        assertThat(index.search("zebra", 5)).isEmpty();
        assertThat(index.search("list", 5)).containsExactlyInAnyOrder("calendar_list_events", "storage_list_files");
    }

    @Test
    void should_not_depend_on_task_knowledge() {
        assertThat(List.of(index.search("", 5))).containsExactly(List.of());
    }
}
