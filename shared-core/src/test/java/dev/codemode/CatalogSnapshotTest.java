package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.VirtualKey;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The catalog snapshot: one view per catalog version and caller's tool set, shared by concurrent
 * callers, replaced when a source reports a tool-list change, and kept by a script to its end.
 */
class CatalogSnapshotTest {

    private static final Map<String, Object> NO_PARAMS = Map.of("type", "object", "properties", Map.of());

    /**
     * A server whose listed tools the test changes, telling the catalog the way an MCP server would;
     * it serves every tool of {@code served}, listed or not.
     */
    private static final class ChangingSource implements ToolSource {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private final FunctionToolSource served;
        private volatile List<String> listed;

        ChangingSource(FunctionToolSource served, String... listed) {
            this.served = served;
            this.listed = List.of(listed);
        }

        void list(String... tools) {
            listed = List.of(tools);
            listeners.forEach(Runnable::run);
        }

        @Override
        public String serverName() {
            return "crm";
        }

        @Override
        public List<ToolDescriptor> listTools() {
            List<String> names = listed;
            return served.listTools().stream().filter(d -> names.contains(d.name())).toList();
        }

        @Override
        public ToolResult callTool(String toolName, Map<String, Object> arguments) {
            return served.callTool(toolName, arguments);
        }

        @Override
        public void onToolsChanged(Runnable listener) {
            listeners.add(listener);
        }
    }

    private static FunctionToolSource crm(String... tools) {
        FunctionToolSource.Builder b = FunctionToolSource.builder("crm");
        for (String t : tools) {
            b.tool(t, "The " + t + " tool.", NO_PARAMS, a -> t);
        }
        return b.build();
    }

    @Test
    void should_give_concurrent_callers_of_one_view_one_shared_snapshot() throws Exception {
        // given keys a and b with the same tools, and c with fewer
        AccessControl access = AccessControl.builder().keys(VirtualKey.withTools("key-a", "crm.*"),
                VirtualKey.withTools("key-b", "crm.*"), VirtualKey.withTools("key-c", "crm.lookup"),
                VirtualKey.withTools("key-d", "crm.lookup")).build();
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm("lookup", "delete")).accessControl(access)
                .bindingLevel(BindingLevel.TOOL).build()) {
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            AtomicInteger builds = new AtomicInteger();
            Object key = new Object();
            Set<CatalogView> views = ConcurrentHashMap.newKeySet();
            Set<Object> derived = ConcurrentHashMap.newKeySet();
            List<Future<String>> listings = new ArrayList<>();
            // when 16 callers with key-a ask at once for the view, something derived from it, and a listing
            for (int i = 0; i < threads; i++) {
                listings.add(pool.submit(() -> {
                    start.await();
                    CatalogView view = codeMode.view(CallContext.of("key-a"));
                    views.add(view);
                    derived.add(view.derived(key, v -> {
                        builds.incrementAndGet();
                        sleep(50);
                        return new Object();
                    }));
                    return codeMode.call("listToolFiles", Map.of("query", "lookup"), CallContext.of("key-a")).text();
                }));
            }
            for (Future<String> f : listings) {
                assertThat(f.get(10, TimeUnit.SECONDS)).contains("servers/crm/\n  crm.lookup(");
            }
            pool.shutdown();
            // then they share one view, and what is derived from it was built once
            assertThat(views).hasSize(1);
            assertThat(derived).hasSize(1);
            assertThat(builds).hasValue(1);
            CatalogView a = views.iterator().next();
            assertThat(codeMode.view(CallContext.of("key-a"))).isSameAs(a);
            // keys that see the same tools share one view (here the whole catalog's), a smaller key a smaller one
            assertThat(codeMode.view(CallContext.of("key-b"))).isSameAs(a).isSameAs(codeMode.view());
            assertThat(codeMode.view(CallContext.of("key-c")).tools()).extracting(t -> t.id()).containsExactly("crm.lookup");
            assertThat(codeMode.view(CallContext.of("key-d"))).isSameAs(codeMode.view(CallContext.of("key-c")))
                    .isNotSameAs(a);
            assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm/delete.pyi"),
                    CallContext.of("key-c")).isError()).isTrue();
        }
        // without access control every caller shares the whole catalog's view
        try (CodeMode open = CodeMode.builder().toolSources(crm("lookup")).build()) {
            assertThat(open.view(CallContext.of("anyone"))).isSameAs(open.view(CallContext.anonymous()))
                    .isSameAs(open.view());
        }
    }

    @Test
    void should_show_the_new_tools_on_the_next_call_after_a_source_reports_a_change() {
        ChangingSource source = new ChangingSource(crm("lookup", "refund"), "lookup");
        AccessControl access = AccessControl.builder().keys(VirtualKey.withTools("key-a", "crm.*")).build();
        try (CodeMode codeMode = CodeMode.builder().toolSources(source).accessControl(access)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            CallContext caller = CallContext.of("key-a");
            CatalogView before = codeMode.view(caller);
            assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi"), caller).text())
                    .contains("def lookup").doesNotContain("def refund");
            assertThat(codeMode.call("listToolFiles", Map.of("query", "refund"), caller).text()).startsWith("No tool matches");

            // when the server says its tools changed
            source.list("lookup", "refund");

            // then the next call of every meta-tool sees the new tool, on a new view
            assertThat(codeMode.view(caller)).isNotSameAs(before);
            assertThat(before.tools()).hasSize(1);
            assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi"), caller).text())
                    .contains("def refund");
            assertThat(codeMode.call("listToolFiles", Map.of("query", "refund"), caller).text())
                    .startsWith("servers/crm.pyi");
            assertThat(codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "refund"), caller).isError()).isFalse();
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.refund()"), caller).text())
                    .contains("\"result\":\"refund\"");
            assertThat(codeMode.call("listToolFiles", Map.of(), caller).text()).contains("2 tools");
        }
    }

    @Test
    void should_finish_a_running_script_on_the_snapshot_it_started_with() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FunctionToolSource served = FunctionToolSource.builder("crm")
                .tool("wait", "Blocks until released.", NO_PARAMS, a -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "waited";
                })
                .tool("old", "Goes away in the next version.", NO_PARAMS, a -> "old")
                .tool("new", "Arrives in the next version.", NO_PARAMS, a -> "new")
                .build();
        ChangingSource source = new ChangingSource(served, "wait", "old");
        try (CodeMode codeMode = CodeMode.builder().toolSources(source)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<MetaToolResult> running = pool.submit(() -> codeMode.call("executeToolCode", Map.of("code", """
                    a = crm.wait()
                    b = crm.old()
                    result = {"a": a, "b": b, "sees_new": hasattr(crm, "new"), "has_old": hasattr(crm, "old")}
                    """)));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            // when the catalog changes while the script waits inside a tool: old goes, new comes
            source.list("wait", "new");
            MetaToolResult during = codeMode.call("executeToolCode", Map.of("code", "result = crm.new()"));
            MetaToolResult oldGone = codeMode.call("executeToolCode", Map.of("code", "result = crm.old()"));
            release.countDown();

            // then the running script finishes against the tools it started with
            MetaToolResult result = running.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(result.isError()).as(result.text()).isFalse();
            Map<?, ?> answer = (Map<?, ?>) ((Map<?, ?>) JsonValues.parse(result.text())).get("result");
            assertThat(answer).isEqualTo(Map.of("a", "waited", "b", "old", "sees_new", false, "has_old", true));
            // while requests made during the run already saw the new version
            assertThat(during.text()).contains("\"result\":\"new\"");
            assertThat(oldGone.isError()).isTrue();
            assertThat(oldGone.text()).contains("crm has no tool old");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
