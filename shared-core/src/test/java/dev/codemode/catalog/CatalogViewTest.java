package dev.codemode.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogViewTest {

    private final ToolCatalog catalog = ToolCatalog.of(
            FunctionToolSource.builder("my-crm")
                    .tool("lookup-customer", "", Map.of(), args -> "Ada")
                    .tool("delete_customer", "", Map.of(), args -> "gone")
                    .build(),
            new ToolSource() {
                @Override
                public String serverName() {
                    return "billing";
                }

                @Override
                public List<ToolDescriptor> listTools() {
                    throw new IllegalStateException("down", new ConnectException("refused"));
                }

                @Override
                public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                    throw new AssertionError("not called");
                }
            });

    private CatalogView view() {
        return catalog.view();
    }

    @Test
    void should_accept_patterns_that_match_a_tool_by_identifier_or_original_name() {
        for (String pattern : List.of("*", "my_crm.lookup_customer", "my-crm.lookup-customer", "my_crm.*",
                "my-crm.delete_customer")) {
            assertThat(view().checkPattern(pattern)).as(pattern).isEmpty();
        }
    }

    @Test
    void should_refuse_a_pattern_naming_no_server_and_list_the_servers() {
        assertThatThrownBy(() -> view().checkPattern("crmm.*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no server crmm (servers: billing (unavailable), my_crm)");
    }

    @Test
    void should_refuse_a_pattern_matching_no_tool_of_an_available_server_and_list_its_tools() {
        assertThatThrownBy(() -> view().checkPattern("my_crm.lookup_custmer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server my_crm has no such tool (tools: lookup_customer, delete_customer)");
    }

    @Test
    void should_only_warn_about_a_server_that_is_unavailable_now() {
        assertThat(view().checkPattern("billing.balance")).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("server billing is unavailable now (connection refused)"));
    }

    @Test
    void should_refuse_text_that_is_not_a_pattern() {
        assertThatThrownBy(() -> view().checkPattern("my_crm"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a tool pattern");
    }

    @Test
    void should_check_against_the_view_so_a_hidden_tool_is_not_there() {
        CatalogView reader = view().filter(t -> t.toolId().equals("lookup_customer"));
        assertThatThrownBy(() -> reader.checkPattern("my_crm.delete_customer"))
                .hasMessageStartingWith("server my_crm has no such tool (tools: lookup_customer)");
        assertThatThrownBy(() -> reader.checkPattern("billing.*"))
                .hasMessage("no server billing (servers: my_crm)");
    }
}
