package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.VirtualKey;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every place that shows a signature (stub files, query listings, docs) says whether the call runs
 * unattended or needs approval for the caller reading it, and agrees with what the gate then does.
 */
class ApprovalMarksTest {

    static final CallContext SUPPORT = CallContext.of("support");
    static final CallContext VIEWER = CallContext.of("viewer");
    static CodeMode codeMode;

    @BeforeAll
    static void setUp() {
        ToolSource crm = FunctionToolSource.builder("crm").description("Customer records")
                .tool("lookup_customer", "One customer by id.", MetaToolsTest.schema("customer_id"), a -> "Ada")
                .tool("delete_customer", "Delete a customer.", MetaToolsTest.schema("customer_id"), a -> "gone")
                .build();
        ToolSource billing = FunctionToolSource.builder("billing").description("Refunds")
                .tool("refund_customer", "Refund a customer's last order.", MetaToolsTest.schema("customer_id"),
                        a -> "refunded")
                .build();
        AccessControl access = AccessControl.builder().keys(VirtualKey.withTools("support", "crm.*", "billing.*"),
                VirtualKey.withTools("viewer", "crm.lookup_customer")).build();
        codeMode = CodeMode.builder().toolSources(crm, billing).accessControl(access)
                .autoExecute("crm.lookup_customer").build();
    }

    @AfterAll
    static void tearDown() {
        codeMode.close();
    }

    @Test
    void should_mark_only_the_stub_defs_that_need_approval_for_this_caller() {
        String support = read(SUPPORT);
        assertThat(support.lines().findFirst().orElseThrow()).endsWith(" Unmarked tools run without asking.");
        assertThat(support).contains("def delete_customer(customer_id: str) -> Any:  # needs approval\n")
                .contains("def lookup_customer(customer_id: str) -> Any:\n").containsOnlyOnce("# needs approval");
        // the viewer's file holds only the lookup: nothing to mark, said once
        String viewer = read(VIEWER);
        assertThat(viewer.lines().findFirst().orElseThrow()).endsWith(" No call needs approval.");
        assertThat(viewer).doesNotContain("# needs approval");
        // files are cached per view: asking again, in either order, gives each caller its own marks
        assertThat(read(SUPPORT)).isEqualTo(support);
        assertThat(read(VIEWER)).isEqualTo(viewer);
        // a file whose every tool needs approval says so once in its header
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/billing.pyi"), SUPPORT).text())
                .contains(" Every call needs approval.\n").doesNotContain("# needs approval");
    }

    @Test
    void should_mark_the_query_listing_and_the_docs_the_same_way() {
        String hits = codeMode.call("listToolFiles", Map.of("query", "customer"), SUPPORT).text();
        assertThat(hits).contains("  crm.delete_customer(customer_id: str) -> Any  # needs approval. Delete a customer.\n")
                .contains("  crm.lookup_customer(customer_id: str) -> Any  # One customer by id.\n")
                .contains("  billing.refund_customer(customer_id: str) -> Any  # needs approval. Refund a customer's")
                .endsWith(" Unmarked tools run without asking.");
        assertThat(codeMode.call("listToolFiles", Map.of("query", "customer"), VIEWER).text())
                .doesNotContain("# needs approval").endsWith(" No call needs approval.");
        assertThat(codeMode.call("listToolFiles", Map.of("query", "refund"), SUPPORT).text())
                .doesNotContain("# needs approval").endsWith(" Every call needs approval.");
        assertThat(docs("delete_customer")).contains("\nHints: none declared. Needs approval.\n");
        assertThat(docs("lookup_customer")).contains("\nHints: none declared. Runs without asking.\n");
    }

    @Test
    void should_mark_exactly_the_tools_the_gate_then_refuses() {
        // given no approval handler, every tool that needs approval is refused when a script calls it
        String stubs = read(SUPPORT) + codeMode.call("readToolFile", Map.of("fileName", "servers/billing.pyi"), SUPPORT)
                .text();
        for (CatalogTool tool : codeMode.view(SUPPORT).tools()) {
            Map<?, ?> out = (Map<?, ?>) JsonValues.parse(codeMode.call("executeToolCode",
                    Map.of("code", "result = " + tool.id() + "(customer_id=\"c1\")"), SUPPORT).text());
            boolean refused = String.valueOf(out.get("error")).contains("needs approval");
            String def = stubs.lines().filter(l -> l.startsWith("def " + tool.toolId() + "(")).findFirst().orElseThrow();
            boolean wholeFile = tool.serverId().equals("billing");
            assertThat(refused).as(tool.id() + ": " + out).isEqualTo(def.endsWith("# needs approval") || wholeFile);
            assertThat(docs(tool)).contains(refused ? "Needs approval." : "Runs without asking.");
        }
    }

    @Test
    void should_spend_few_tokens_on_the_marks_of_a_query_listing() {
        String marked = codeMode.call("listToolFiles", Map.of("query", "customer"), SUPPORT).text();
        String plain = marked.replace("  # needs approval.", "  #").replace(" Unmarked tools run without asking.", "");
        int cost = MetaToolTokensTest.O200K.countTokensOrdinary(marked) - MetaToolTokensTest.O200K.countTokensOrdinary(plain);
        System.out.printf("approval marks in a 3-tool query listing (2 marked): +%d tokens%n", cost);
        assertThat(cost).isLessThanOrEqualTo(16);
    }

    private static String read(CallContext caller) {
        return codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi"), caller).text();
    }

    private static String docs(String tool) {
        return codeMode.call("getToolDocs", Map.of("server", "crm", "tool", tool), SUPPORT).text();
    }

    private static String docs(CatalogTool tool) {
        return codeMode.call("getToolDocs", Map.of("server", tool.serverId(), "tool", tool.toolId()), SUPPORT).text();
    }
}
