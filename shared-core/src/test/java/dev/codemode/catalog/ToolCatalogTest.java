package dev.codemode.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ToolCatalogTest {

    static Map<String, Object> params(String... names) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        for (String n : names) {
            props.put(n, Map.of("type", "string"));
        }
        return Map.of("type", "object", "properties", props);
    }

    @Test
    void should_sanitise_servers_tools_and_parameters_and_keep_original_names() {
        ToolSource source = FunctionToolSource.builder("my-crm")
                .tool("get-user", "", params("user-id", "from"), args -> args)
                .build();
        ToolCatalog catalog = ToolCatalog.of(source);
        CatalogTool tool = catalog.view().tool("my_crm", "get_user").orElseThrow();
        assertThat(tool.descriptor().name()).isEqualTo("get-user");
        assertThat(tool.parameterIds()).containsExactly(Map.entry("user-id", "user_id"), Map.entry("from", "from_"));
        assertThat(catalog.source("my_crm")).contains(source);
    }

    @Test
    void should_keep_a_server_whose_listing_failed_and_recover_on_refresh() {
        // A transport's exception text (here a URL with a credential) is never the reason: its cause class is.
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException(
                "POST http://app:sk-catalog-secret@crm.internal/mcp failed", new java.net.ConnectException("refused")));
        ToolSource flaky = new ToolSource() {
            @Override
            public String serverName() {
                return "flaky";
            }

            @Override
            public List<ToolDescriptor> listTools() {
                if (failure.get() != null) {
                    throw failure.get();
                }
                return List.of(ToolDescriptor.of("flaky", "ping", "Ping.", Map.of()));
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                return ToolResult.of("pong");
            }
        };
        ToolCatalog catalog = ToolCatalog.of(flaky);
        assertThat(catalog.view().servers()).singleElement()
                .satisfies(s -> assertThat(s.error()).isEqualTo("connection refused"));
        assertThat(catalog.view().servers().get(0).error()).doesNotContain("sk-catalog-secret");
        assertThat(catalog.view(t -> true).servers()).isEmpty();

        failure.set(null);
        catalog.refresh();
        assertThat(catalog.view().tool("flaky", "ping")).isPresent();
    }

    @Test
    void should_refresh_when_a_source_reports_changed_tools() {
        List<Runnable> listeners = new ArrayList<>();
        List<ToolDescriptor> tools = new ArrayList<>(List.of(ToolDescriptor.of("s", "a", "", Map.of())));
        ToolSource source = new ToolSource() {
            @Override
            public String serverName() {
                return "s";
            }

            @Override
            public List<ToolDescriptor> listTools() {
                return List.copyOf(tools);
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                return ToolResult.of(null);
            }

            @Override
            public void onToolsChanged(Runnable listener) {
                listeners.add(listener);
            }
        };
        ToolCatalog catalog = ToolCatalog.of(source);
        CatalogViewSnapshot before = new CatalogViewSnapshot(catalog.view());
        tools.add(ToolDescriptor.of("s", "b", "", Map.of()));
        listeners.forEach(Runnable::run);
        assertThat(catalog.view().tool("s", "b")).isPresent();
        assertThat(before.view().tool("s", "b")).as("an earlier view does not change").isEmpty();
    }

    record CatalogViewSnapshot(CatalogView view) {
    }

    @Test
    void should_refuse_two_sources_with_one_name() {
        ToolSource a = FunctionToolSource.builder("crm").build();
        ToolSource b = FunctionToolSource.builder("crm").build();
        assertThatThrownBy(() -> ToolCatalog.of(a, b)).hasMessageContaining("two tool sources are named 'crm'");
    }

    @Test
    void should_filter_views_and_drop_empty_servers() {
        ToolCatalog catalog = ToolCatalog.of(
                FunctionToolSource.builder("crm").tool("lookup", "", Map.of(), a -> 1).tool("delete", "", Map.of(), a -> 1).build(),
                FunctionToolSource.builder("billing").tool("refund", "", Map.of(), a -> 1).build());
        CatalogView view = catalog.view(t -> t.id().equals("crm.lookup"));
        assertThat(view.tools()).extracting(CatalogTool::id).containsExactly("crm.lookup");
        assertThat(view.servers()).extracting(CatalogServer::id).containsExactly("crm");
    }
}
