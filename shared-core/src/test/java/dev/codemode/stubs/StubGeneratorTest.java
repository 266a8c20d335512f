package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.policy.ApprovalPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files, paths, headers, docstrings and binding levels. */
class StubGeneratorTest {

    private static final String ID_SCHEMA = """
            {"type": "object", "properties": {"customer-id": {"type": "string"}}, "required": ["customer-id"]}""";

    private static CatalogView crmAndBilling() {
        FunctionToolSource crm = FunctionToolSource.builder("crm").description("Customer records. Kept in sync.")
                .tool(ToolDescriptor.of("crm", "lookup-customer", "One customer by id. Fast.", StubFixtures.json(ID_SCHEMA))
                        .withAnnotations(ToolAnnotations.readOnly()), args -> null)
                .tool(ToolDescriptor.of("crm", "delete_customer", "Delete a customer and their data.",
                        StubFixtures.json(ID_SCHEMA)).withAnnotations(ToolAnnotations.destructive()), args -> null)
                .build();
        FunctionToolSource billing = FunctionToolSource.builder("billing-v2")
                .tool("refund", "Refund an order in full or in part, e.g. after a complaint. Needs a reason.",
                        StubFixtures.json("{\"type\": \"object\"}"), args -> null)
                .tool("discount", "", StubFixtures.json("{\"type\": \"object\"}"), args -> null)
                .build();
        return ToolCatalog.of(crm, billing).view();
    }

    @Test
    void should_declare_a_recursive_class_once_when_its_type_lists_object_twice() {
        // given a root schema that refers to itself, typed ["object", "object"]
        String stub = StubFixtures.stub("{\"type\": [\"object\", \"object\"], \"properties\": {\"p0\": {\"$ref\": \"#\"}}}");

        // then its class is declared once
        assertThat(stub.split("\nclass ", -1)).hasSize(2);
    }

    @Test
    void should_give_one_file_per_server_at_server_level() {
        List<StubFile> files = new StubGenerator(BindingLevel.SERVER).files(crmAndBilling());
        assertThat(files).extracting(StubFile::path).containsExactly("servers/billing_v2.pyi", "servers/crm.pyi");
        assertThat(files.get(1).tools()).extracting(t -> t.toolId()).containsExactly("lookup_customer", "delete_customer");
        assertThat(files).extracting(StubFile::summary).containsExactly("refund, discount", "Customer records");
    }

    @Test
    void should_give_one_file_per_tool_at_tool_level() {
        List<StubFile> files = new StubGenerator(BindingLevel.TOOL).files(crmAndBilling());
        assertThat(files).extracting(StubFile::path).containsExactly("servers/billing_v2/discount.pyi",
                "servers/billing_v2/refund.pyi", "servers/crm/delete_customer.pyi", "servers/crm/lookup_customer.pyi");
        assertThat(files).extracting(StubFile::summary).containsExactly("discount",
                "Refund an order in full or in part, e.g. after a complaint", "Delete a customer and their data",
                "One customer by id");
    }

    @Test
    void should_render_a_server_file_with_sanitised_names() {
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        assertThat(generator.read(crmAndBilling(), "servers/crm.pyi")).hasValue("""
                # crm: customer records. Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. \
                Every call needs approval.
                from typing import Any

                def lookup_customer(customer_id: str) -> Any:
                    \"""One customer by id.\"""

                def delete_customer(customer_id: str) -> Any:
                    \"""Delete a customer and their data. Destructive.\"""
                """);
    }

    @Test
    void should_render_a_tool_file_naming_server_and_tool() {
        StubGenerator generator = new StubGenerator(BindingLevel.TOOL);
        assertThat(generator.read(crmAndBilling(), "servers/billing_v2/refund.pyi")).hasValue("""
                # billing_v2.refund: refund an order in full or in part, e.g. after a complaint. \
                Keyword arguments only. \
                -> Any is the tool's JSON, else its text; a list if several items. Every call needs approval.
                from typing import Any

                def refund() -> Any:
                    \"""Refund an order in full or in part, e.g. after a complaint.\"""
                """);
    }

    @Test
    void should_mark_only_the_tools_that_need_approval_under_the_policy() {
        // given the lookup on the allowlist and the delete not
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER, ApprovalPolicy.allowlist("crm.lookup_customer"));

        // then the delete's def line says so, nothing else does, and no untrusted hint is called read-only
        assertThat(generator.read(crmAndBilling(), "servers/crm.pyi")).hasValue("""
                # crm: customer records. Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Unmarked tools run without asking.
                from typing import Any

                def lookup_customer(customer_id: str) -> Any:
                    \"""One customer by id.\"""

                def delete_customer(customer_id: str) -> Any:  # needs approval
                    \"""Delete a customer and their data. Destructive.\"""
                """);
        // a file whose tools all run on their own says so once, and marks nothing
        assertThat(new StubGenerator(BindingLevel.SERVER, ApprovalPolicy.autoExecuteAll())
                .read(crmAndBilling(), "servers/billing_v2.pyi").orElseThrow())
                .containsOnlyOnce("approval").contains(" No call needs approval.\n")
                .contains("def discount() -> Any: ...\n");
        // a def without a docstring carries the mark after its body
        assertThat(new StubGenerator(BindingLevel.SERVER, ApprovalPolicy.allowlist("billing_v2.refund"))
                .read(crmAndBilling(), "servers/billing_v2.pyi").orElseThrow())
                .contains("def discount() -> Any: ...  # needs approval\n");
    }

    @Test
    void should_call_a_tool_read_only_only_when_its_server_is_trusted_and_it_is_not_destructive() {
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool(ToolDescriptor.of("crm", "lookup", "One customer.", StubFixtures.json("{\"type\": \"object\"}"))
                        .withAnnotations(ToolAnnotations.readOnly()), args -> null)
                .tool(ToolDescriptor.of("crm", "purge", "Looks harmless.", StubFixtures.json("{\"type\": \"object\"}"))
                        .withAnnotations(new ToolAnnotations(true, true, null, null)), args -> null)
                .build();
        CatalogView view = ToolCatalog.of(crm).view();

        String untrusted = new StubGenerator(BindingLevel.SERVER).read(view, "servers/crm.pyi").orElseThrow();
        assertThat(untrusted).doesNotContain("Read-only").contains("Every call needs approval.")
                .contains("\"\"\"Looks harmless. Destructive.\"\"\"");

        String trusted = new StubGenerator(BindingLevel.SERVER, ApprovalPolicy.builder().trustReadOnlyHints("crm").build())
                .read(view, "servers/crm.pyi").orElseThrow();
        assertThat(trusted).contains("def lookup() -> Any:\n    \"\"\"One customer. Read-only.\"\"\"")
                .contains("def purge() -> Any:  # needs approval\n    \"\"\"Looks harmless. Destructive.\"\"\"");
    }

    @Test
    void should_spend_few_tokens_on_the_approval_status() {
        // what the marks cost (o200k_base), measured on the golden crm and github files
        Encoding tokens = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        CatalogView crm = StubFixtures.caseView("crm");
        String none = new StubGenerator(BindingLevel.SERVER, ApprovalPolicy.autoExecuteAll()).read(crm, "servers/crm.pyi")
                .orElseThrow();
        String oneMarked = new StubGenerator(BindingLevel.SERVER, StubFixtures.casePolicy("crm"))
                .read(crm, "servers/crm.pyi").orElseThrow();
        String allMarked = new StubGenerator(BindingLevel.SERVER).read(crm, "servers/crm.pyi").orElseThrow();
        // measured against the file without any word on approval
        int base = tokens.countTokens(none.replace(" No call needs approval.", ""));
        assertThat(tokens.countTokens(none) - base).as("no call needs approval").isLessThanOrEqualTo(5);
        assertThat(tokens.countTokens(oneMarked) - base).as("one def marked, and the header sentence")
                .isLessThanOrEqualTo(12);
        assertThat(tokens.countTokens(allMarked) - base).as("every call needs approval").isLessThanOrEqualTo(5);
        System.out.printf("approval marks on crm.pyi (%d tokens): none needed +%d, one def marked +%d, whole file +%d%n",
                base, tokens.countTokens(none) - base, tokens.countTokens(oneMarked) - base,
                tokens.countTokens(allMarked) - base);
    }

    @Test
    void should_read_nothing_for_paths_outside_the_view() {
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        CatalogView onlyCrm = ToolCatalog.of(FunctionToolSource.builder("crm")
                .tool("a", "", StubFixtures.json("{\"type\": \"object\"}"), args -> null).build())
                .view(t -> false);
        assertThat(generator.read(crmAndBilling(), "servers/nope.pyi")).isEmpty();
        assertThat(generator.read(crmAndBilling(), "servers/crm/lookup_customer.pyi")).isEmpty();
        assertThat(generator.read(crmAndBilling(), null)).isEmpty();
        assertThat(generator.files(onlyCrm)).isEmpty();
        assertThat(generator.read(onlyCrm, "servers/crm.pyi")).isEmpty();
    }

    @Test
    void should_keep_docstrings_to_the_first_sentence_and_escape_quotes() {
        CatalogView view = StubFixtures.view("s", "", StubFixtures.tool("t",
                "Say \"hi\" to C:\\Users, e.g. twice. Second sentence is left out.", "{\"type\": \"object\"}"));
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        assertThat(generator.render(generator.files(view).get(0)))
                .contains("    \"\"\"Say \\\"hi\\\" to C:\\\\Users, e.g. twice.\"\"\"\n")
                .doesNotContain("Second sentence");
    }

    @Test
    void should_cut_long_first_sentences() {
        String words = "word ".repeat(60).strip() + ".";
        CatalogView view = StubFixtures.view("s", "", StubFixtures.tool("t", words, "{\"type\": \"object\"}"));
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        StubFile file = generator.files(view).get(0);
        assertThat(file.summary()).hasSizeLessThanOrEqualTo(60).endsWith("...");
        String doc = generator.render(file).lines().filter(l -> l.startsWith("    \"\"\"")).findFirst().orElseThrow();
        assertThat(doc.length()).isLessThanOrEqualTo(4 + 3 + 100 + 3);
    }

    @Test
    void should_import_only_the_typing_names_used() {
        assertThat(StubFixtures.stub(SchemaShapes.PRIMITIVES)).contains("from typing import Any\n");
        CatalogView view = StubFixtures.view("s", "", StubFixtures.tool("t", "", SchemaShapes.PRIMITIVES)
                .withOutputSchema(StubFixtures.json("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}")));
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        assertThat(generator.render(generator.files(view).get(0))).doesNotContain("import");
    }

    @Test
    void should_be_deterministic() {
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        CatalogView view = StubFixtures.caseView("github");
        String first = generator.render(generator.files(view).get(0));
        for (int i = 0; i < 5; i++) {
            assertThat(generator.render(generator.files(StubFixtures.caseView("github")).get(0))).isEqualTo(first);
        }
    }

    @Test
    void should_share_classes_across_the_tools_of_a_server_file() {
        String stub = StubFixtures.resource("stubs/crm.pyi");
        assertThat(stub.split("class Customer\\(", -1)).hasSize(2);
    }

    @Test
    void should_give_each_tool_file_its_own_classes() {
        StubGenerator generator = new StubGenerator(BindingLevel.TOOL);
        String search = generator.read(StubFixtures.caseView("crm"), "servers/crm/search_customers.pyi").orElseThrow();
        assertThat(search).startsWith("# crm.search_customers: customers whose name or email matches. ")
                .contains("class Customer(TypedDict):")
                .contains("def search_customers(query: str, limit: int = 10) -> list[Customer]:");
    }

    @Test
    void should_still_render_the_other_tools_when_one_schema_is_too_large() {
        CatalogView view = StubFixtures.view("s", "", ToolDescriptor.of("s", "good", "", StubFixtures.json(SchemaShapes.ENUM)),
                ToolDescriptor.of("s", "huge", "", SchemaShapes.exponential()));
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        String stub = generator.render(generator.files(view).get(0));
        assertThat(stub).contains("def good(tier: Literal[").contains("def huge(");
    }
}
