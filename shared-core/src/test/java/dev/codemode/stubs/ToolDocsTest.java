package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.policy.ApprovalPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The full documentation of one tool. */
class ToolDocsTest {

    private static CatalogTool tool(ToolDescriptor descriptor) {
        return StubFixtures.only(StubFixtures.view("crm", "", descriptor));
    }

    @Test
    void should_document_signature_description_hints_parameters_and_example() {
        CatalogTool t = tool(new ToolDescriptor("crm", "lookup-customer", "One customer by id.\n\nIncludes the tier.",
                StubFixtures.json("""
                        {"type": "object", "properties": {"customer-id": {"type": "string", "description": "The id.",
                         "pattern": "^c[0-9]+$", "minLength": 2, "maxLength": 10, "examples": ["c1", "c2"]}},
                         "required": ["customer-id"]}"""),
                null, ToolAnnotations.readOnly()));
        assertThat(ToolDocs.render(t)).isEqualTo("""
                crm.lookup_customer(customer_id: str) -> Any
                One customer by id.

                Includes the tier.
                Hints: read-only, idempotent.
                Parameters:
                  customer_id (sent as "customer-id"): str, required. The id. minLength 2, maxLength 10, \
                pattern ^c[0-9]+$. e.g. "c1", "c2".
                Returns: not declared (any JSON value).
                Example: result = crm.lookup_customer(customer_id="c1")
                """);
    }

    @Test
    void should_say_when_a_tool_needs_approval_next_to_the_servers_hints() {
        CatalogTool t = tool(new ToolDescriptor("crm", "lookup", "One customer.", StubFixtures.json("{\"type\": \"object\"}"),
                null, ToolAnnotations.readOnly()));
        assertThat(ToolDocs.render(t, ApprovalPolicy.allowlist()))
                .contains("\nHints: read-only, idempotent. Needs approval.\n");
        assertThat(ToolDocs.render(t, ApprovalPolicy.builder().trustReadOnlyHints("crm").build()))
                .contains("\nHints: read-only, idempotent. Runs without asking.\n");
        assertThat(ToolDocs.render(t, ApprovalPolicy.allowlist("crm.*"))).doesNotContain("approval")
                .contains("\nHints: read-only, idempotent. Runs without asking.\n");
    }

    @Test
    void should_show_constraints_defaults_and_formats() {
        CatalogTool t = tool(ToolDescriptor.of("crm", "search", "", StubFixtures.json("""
                {"type": "object", "properties": {
                 "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                 "since": {"type": "string", "format": "date-time"},
                 "ids": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5, "uniqueItems": true},
                 "weight": {"enum": [0.5, 1.5]}},
                 "required": ["since", "ids"]}""")));
        assertThat(ToolDocs.render(t))
                .contains("  limit: int, optional, default 10. minimum 1, maximum 100.\n")
                .contains("  since: str, required. format date-time.\n")
                .contains("  ids: list[str], required. minItems 1, maxItems 5, unique items.\n")
                .contains("  weight: float, optional. one of 0.5, 1.5.\n")
                .contains("Example: result = crm.search(since=\"2024-01-31T09:00:00Z\", ids=[\"id-1\"])");
    }

    @Test
    void should_indent_nested_fields_and_summarise_the_output() {
        ToolDescriptor d = ToolDescriptor.of("crm", "create", "Create one.", StubFixtures.json(SchemaShapes.NESTED_OBJECT))
                .withOutputSchema(StubFixtures.json(SchemaShapes.RECURSIVE_REF));
        assertThat(ToolDocs.render(tool(d))).isEqualTo("""
                crm.create(address: Address) -> CreateResult
                Create one.
                Hints: none declared.
                Parameters:
                  address: Address, required
                    street: str, required
                    geo: Geo, optional
                      lat: float, required
                      lon: float, required
                Returns: CreateResult
                  root: Node, required
                    value: str, required
                    children: list[Node], optional
                      (same fields as above, recursively)
                Example: result = crm.create(address={"street": "street"})
                """);
    }

    @Test
    void should_state_behaviour_hints() {
        assertThat(ToolDocs.render(tool(StubFixtures.tool("drop", "", "{\"type\": \"object\"}")
                .withAnnotations(new ToolAnnotations(false, true, true, true)))))
                .contains("Hints: destructive, idempotent, open world (reaches outside systems).\n")
                .contains("Parameters: none.\n");
    }

    @Test
    void should_show_an_unusable_schema_as_given() {
        assertThat(ToolDocs.render(tool(StubFixtures.tool("bad", "Bad.", SchemaShapes.TYPE_NOT_OBJECT))))
                .isEqualTo("""
                        crm.bad(**kwargs) -> Any
                        Bad.
                        Hints: none declared.
                        Parameters: unknown, the input schema is not usable. As given: {"type":5}
                        Returns: not declared (any JSON value).
                        Example: result = crm.bad()
                        """);
        assertThat(ToolDocs.render(tool(StubFixtures.tool("none", "", SchemaShapes.MISSING))))
                .contains("Parameters: not declared by the server.\n");
    }

    @Test
    void should_never_throw_on_garbage_or_cyclic_schemas() {
        for (String shape : SchemaShapes.all().values()) {
            assertThatCode(() -> ToolDocs.render(tool(StubFixtures.tool("t", "", shape)))).doesNotThrowAnyException();
        }
        for (Map<String, Object> schema : SchemaShapes.javaBuilt()) {
            ToolDescriptor d = ToolDescriptor.of("crm", "t", "", schema).withOutputSchema(schema);
            assertThatCode(() -> ToolDocs.render(tool(d))).doesNotThrowAnyException();
        }
        assertThat(ToolDocs.render(tool(ToolDescriptor.of("crm", "t", "", SchemaShapes.cyclic()))))
                .contains("  self: Self, optional\n    self: Self, optional\n      (same fields as above, recursively)\n");
    }

    @Test
    void should_match_the_stub_signature() {
        CatalogTool t = StubFixtures.caseView("github").tool("github", "list_issues").orElseThrow();
        String stub = StubFixtures.resource("stubs/github.pyi");
        String signature = ToolDocs.render(t).lines().findFirst().orElseThrow();
        assertThat(stub).contains("def " + signature.substring("github.".length()) + ":");
    }
}
