package dev.codemode.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual keys and tool groups through the public API: what each caller can list, read, document and call. */
class AccessControlTest {

    static final CallContext READER = CallContext.of("key-reader");
    static final CallContext ADMIN = CallContext.of("key-admin");
    final AtomicInteger deletes = new AtomicInteger();
    CodeMode codeMode;
    AccessControl access;

    static Map<String, Object> schema() {
        return Map.of("type", "object", "properties", Map.of("customer_id", Map.of("type", "string")));
    }

    @BeforeEach
    void setUp() {
        ToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup_customer", "One customer.", schema(), a -> Map.of("id", a.get("customer_id")))
                .tool("delete_customer", "Delete a customer.", schema(), a -> {
                    deletes.incrementAndGet();
                    return "deleted";
                })
                .build();
        ToolSource billing = FunctionToolSource.builder("billing")
                .tool("refund", "Refund an order.", schema(), a -> "refunded")
                .build();
        access = AccessControl.builder()
                .groups(ToolGroup.of("support", "crm.lookup_customer", "billing.refund"),
                        ToolGroup.of("crm-admin", "crm.*"))
                .keys(VirtualKey.withTools("key-reader", "crm.lookup_customer"),
                        VirtualKey.withGroups("key-admin", "support", "crm-admin"),
                        VirtualKey.withGroups("key-support", "support"))
                .build();
        codeMode = CodeMode.builder().toolSources(crm, billing).accessControl(access)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build();
    }

    @AfterEach
    void tearDown() {
        codeMode.close();
    }

    Map<?, ?> run(CallContext ctx, String code) {
        return (Map<?, ?>) JsonValues.parse(codeMode.call("executeToolCode", Map.of("code", code), ctx).text());
    }

    @Test
    void should_hide_a_tool_outside_the_key_from_all_four_meta_tools() {
        assertThat(codeMode.call("listToolFiles", Map.of(), READER).text()).contains("servers/crm.pyi  1 tool")
                .doesNotContain("billing");
        assertThat(codeMode.call("listToolFiles", Map.of("query", "delete customer"), READER).text())
                .doesNotContain("delete");
        String stub = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi"), READER).text();
        assertThat(stub).contains("def lookup_customer").doesNotContain("delete");
        MetaToolResult docs = codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "delete_customer"), READER);
        assertThat(docs.isError()).isTrue();
        assertThat(docs.text()).isEqualTo("crm has no tool delete_customer. crm has: lookup_customer");
        Map<?, ?> out = run(READER, "crm.delete_customer(customer_id=\"c1\")");
        assertThat(out.get("error").toString()).isEqualTo("crm has no tool delete_customer");
        assertThat(out.get("hint").toString()).doesNotContain("delete_customer,").endsWith("crm has: lookup_customer");
        assertThat(run(READER, "result = getattr(crm, \"delete_customer\")").get("error").toString())
                .startsWith("crm has no tool delete_customer");
        assertThat(run(READER, "result = dir(crm)").get("result")).isEqualTo(List.of("lookup_customer"));
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/billing.pyi"), READER).text())
                .isEqualTo("no file servers/billing.pyi. Files: servers/crm.pyi");
        assertThat(run(READER, "billing.refund(customer_id=\"o1\")").get("error").toString())
                .contains("billing").doesNotContain("refund,");
        assertThat(deletes.get()).isZero();
    }

    @Test
    void should_give_the_union_of_tools_and_overlapping_groups_deduplicated() {
        List<String> ids = codeMode.view(ADMIN).tools().stream().map(CatalogTool::id).toList();
        assertThat(ids).containsExactly("billing.refund", "crm.lookup_customer", "crm.delete_customer");
        assertThat(run(ADMIN, "result = crm.delete_customer(customer_id=\"c1\")").get("result")).isEqualTo("deleted");
        assertThat(codeMode.view(CallContext.of("key-support")).tools()).extracting(CatalogTool::id)
                .containsExactly("billing.refund", "crm.lookup_customer");
    }

    @Test
    void should_deny_unknown_and_missing_keys_with_a_clear_error() {
        MetaToolResult unknown = codeMode.call("listToolFiles", Map.of(), CallContext.of("key-stolen"));
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.text()).isEqualTo("access denied: unknown virtual key: no tools are available");
        MetaToolResult missing = codeMode.call("executeToolCode", Map.of("code", "result = 1"), CallContext.anonymous());
        assertThat(missing.text()).isEqualTo("access denied: this request has no virtual key, and there is no default"
                + " key: no tools are available");
    }

    @Test
    void should_use_the_default_key_for_requests_without_one() {
        AccessControl withDefault = AccessControl.builder().keys(VirtualKey.withTools("public", "crm.lookup_customer"))
                .defaultKey("public").build();
        try (CodeMode cm = CodeMode.builder().toolSources(FunctionToolSource.builder("crm")
                .tool("lookup_customer", "", schema(), a -> "ok").tool("delete_customer", "", schema(), a -> "x").build())
                .accessControl(withDefault).build()) {
            assertThat(cm.view(CallContext.anonymous()).tools()).extracting(CatalogTool::id)
                    .containsExactly("crm.lookup_customer");
        }
    }

    @Test
    void should_swap_configuration_atomically() {
        assertThat(codeMode.view(READER).toolCount()).isEqualTo(1);
        access.update(List.of(VirtualKey.withTools("key-reader", "crm.*")), List.of(), null);
        assertThat(codeMode.view(READER).toolCount()).isEqualTo(2);
        assertThat(codeMode.call("listToolFiles", Map.of(), ADMIN).text()).startsWith("access denied: unknown virtual key");
    }

    @Test
    void should_reject_broken_configuration_and_report_patterns_that_match_nothing() {
        assertThatThrownBy(() -> AccessControl.builder().keys(VirtualKey.withGroups("k1", "nope")).build())
                .hasMessageContaining("names tool group 'nope', which is not defined");
        assertThatThrownBy(() -> AccessControl.builder().keys(VirtualKey.withTools("k1", "crm")).build())
                .hasMessageContaining("'crm' is not a tool pattern");
        AccessControl typo = AccessControl.builder().keys(VirtualKey.withTools("key-x", "crm.lookup_custmer")).build();
        assertThat(typo.validate(codeMode.catalog())).containsExactly(
                "tool crm.lookup_custmer (virtual key key***) matches no tool of the catalog");
    }

    @Test
    void should_report_patterns_that_match_nothing_in_the_order_the_keys_are_configured() {
        // given: keys configured in an order that is neither sorted nor hash order, each with a typo
        List<String> names = List.of("echo", "alpha", "delta", "bravo", "foxtrot", "charlie");
        AccessControl typos = AccessControl.builder()
                .keys(names.stream().map(n -> VirtualKey.withTools(n + "-key", "crm." + n + "_customer")).toList())
                .build();

        // when / then: the same list in every run, in the configuration's order
        assertThat(typos.validate(codeMode.catalog())).containsExactlyElementsOf(names.stream()
                .map(n -> "tool crm." + n + "_customer (virtual key " + n.substring(0, 3) + "***) matches no tool"
                        + " of the catalog")
                .toList());
    }

    @Test
    void should_never_leak_tools_between_keys_under_concurrent_requests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean reader = i % 2 == 0;
            CallContext ctx = reader ? READER : ADMIN;
            results.add(pool.submit(() -> {
                String tree = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi"), ctx).text();
                String names = JsonValues.write(run(ctx, "result = dir(crm)").get("result"));
                boolean leaked = reader && (tree.contains("delete") || names.contains("delete"));
                boolean missing = !reader && !(tree.contains("delete") && names.contains("delete"));
                return leaked ? "leak: " + tree + names : missing ? "missing: " + tree + names : "ok";
            }));
        }
        for (Future<String> f : results) {
            assertThat(f.get()).isEqualTo("ok");
        }
        pool.shutdown();
    }
}
