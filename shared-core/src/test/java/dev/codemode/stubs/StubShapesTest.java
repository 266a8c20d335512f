package dev.codemode.stubs;

import static dev.codemode.stubs.StubFixtures.stub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolDescriptor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One JSON Schema shape per test, checked in the stub text it gives. */
class StubShapesTest {

    @Test
    void should_map_primitive_types() {
        assertThat(stub(SchemaShapes.PRIMITIVES)).contains("def t(s: str, i: int, n: float, b: bool, z: None) -> Any:");
    }

    @Test
    void should_render_enum_as_literal() {
        assertThat(stub(SchemaShapes.ENUM))
                .contains("tier: Literal[\"free\", \"pro\", \"enterprise\"]")
                .contains("level: Literal[1, 2, 3]")
                .contains("flag: Literal[True] | None")
                .contains("from typing import Any, Literal\n");
    }

    @Test
    void should_render_const_as_literal() {
        assertThat(stub(SchemaShapes.CONST)).contains("def t(kind: Literal[\"fast\"]) -> Any:");
    }

    @Test
    void should_fall_back_to_the_base_type_for_a_long_enum() {
        assertThat(stub(SchemaShapes.LARGE_ENUM)).contains("def t(code: str) -> Any:").doesNotContain("Literal");
    }

    @Test
    void should_render_arrays_as_lists() {
        assertThat(stub(SchemaShapes.ARRAYS))
                .contains("tags: list[str], anything: list, matrix: list[list[float]], pair: list[str | int]");
    }

    @Test
    void should_emit_nested_objects_as_typed_dicts_before_use() {
        String stub = stub(SchemaShapes.NESTED_OBJECT);
        assertThat(stub).contains("""
                class Geo(TypedDict):
                    lat: float
                    lon: float

                class Address(TypedDict):
                    street: str
                    geo: NotRequired[Geo]
                """).contains("def t(address: Address) -> Any:");
        assertThat(stub.indexOf("class Geo")).isLessThan(stub.indexOf("class Address"));
        assertThat(stub).contains("from typing import Any, NotRequired, TypedDict\n");
    }

    @Test
    void should_render_objects_without_properties_as_dicts() {
        assertThat(stub(SchemaShapes.DICTS)).contains("def t(meta: dict, counts: dict[str, int]) -> Any:");
    }

    @Test
    void should_render_unions_type_lists_and_nullable() {
        assertThat(stub(SchemaShapes.UNIONS)).contains(
                "def t(id: str | int, when: str | None, maybe: str | None, legacy: int | None, "
                        + "mode: Literal[\"a\", \"b\"], loose: Any) -> Any:");
    }

    @Test
    void should_resolve_defs_refs_to_one_class() {
        String stub = stub(SchemaShapes.REF_DEFS);
        assertThat(stub).contains("class Customer(TypedDict):\n    id: str\n")
                .contains("def t(customer: Customer, others: list[Customer] = None) -> Any:");
        assertThat(stub.split("class Customer", -1)).hasSize(2);
    }

    @Test
    void should_resolve_definitions_refs() {
        assertThat(stub(SchemaShapes.REF_DEFINITIONS)).contains("def t(tier: Literal[\"free\", \"pro\"]) -> Any:");
    }

    @Test
    void should_name_a_recursive_ref_by_its_class() {
        assertThat(stub(SchemaShapes.RECURSIVE_REF)).contains("""
                class Node(TypedDict):
                    value: str
                    children: NotRequired[list[Node]]
                """).contains("def t(root: Node) -> Any:");
    }

    @Test
    void should_render_mutual_recursion() {
        assertThat(stub(SchemaShapes.MUTUAL_RECURSION))
                .contains("class B(TypedDict, total=False):\n    a: A\n")
                .contains("class A(TypedDict, total=False):\n    b: B\n")
                .contains("def t(a: A) -> Any:");
    }

    @Test
    void should_alias_a_recursive_ref_that_is_not_an_object() {
        assertThat(stub(SchemaShapes.RECURSIVE_ALIAS))
                .contains("Tree = list[str | Tree]")
                .contains("def t(tree: Tree, self: Any = None) -> Any:");
    }

    @Test
    void should_resolve_a_ref_to_the_root() {
        assertThat(stub(SchemaShapes.ROOT_REF))
                .contains("Filter = TypedDict(\"Filter\", {\"field\": str, \"and\": NotRequired[list[Filter]]})")
                .contains("def t(field: str, and_: list[Filter] = None) -> Any:");
    }

    @Test
    void should_merge_all_of_members() {
        assertThat(stub(SchemaShapes.ALL_OF))
                .contains("class Patch(TypedDict):\n    subject: str\n    status: str\n")
                .contains("class Base(TypedDict):\n    subject: str\n")
                .contains("def t(patch: Patch, wrapped: Base) -> Any:");
    }

    @Test
    void should_render_defaults_as_python_literals() {
        assertThat(stub(SchemaShapes.DEFAULTS)).contains("def t(name: str, limit: int = 10, ratio: float = 0.5, "
                + "on: bool = False, label: str = \"a \\\"quoted\\\" \\\\ text\", nothing: str = None, "
                + "list: list = [\"x\", 1], map: dict = {\"k\": True}, huge: str = ..., plain: str = None) -> Any:");
    }

    @Test
    void should_show_sanitised_identifiers_and_functional_typed_dicts_for_odd_keys() {
        String stub = stub(SchemaShapes.ODD_KEYS);
        assertThat(stub)
                .contains("Filter = TypedDict(\"Filter\", {\"first-name\": str, \"from\": NotRequired[str]})")
                .contains("def t(user_id: str, class_: str, lambda_: int = None, _9lives: bool = None, "
                        + "filter: Filter = None) -> Any:")
                .doesNotContain("user-id:").doesNotContain("(class:").doesNotContain(" lambda:");
    }

    @Test
    void should_share_one_class_between_identical_shapes_unless_titles_differ() {
        String stub = stub(SchemaShapes.SHARED_SHAPES);
        assertThat(stub)
                .contains("class Billing(TypedDict):\n    street: str\n")
                .contains("class Vendor(TypedDict):\n    street: str\n")
                .contains("class Item(TypedDict, total=False):\n    sku: str\n")
                .contains("class Item2(TypedDict, total=False):\n    qty: int\n")
                .contains("billing: Billing = None, shipping: Billing = None, vendor: Vendor = None, "
                        + "items: list[Item] = None, item: Item2 = None");
    }

    @Test
    void should_read_garbage_property_schemas_as_any() {
        assertThat(stub(SchemaShapes.GARBAGE_PROPERTIES)).contains(
                "def t(a: Any = None, b: Any = None, c: list = None, d: Any = None, e: Any = None, f: Any = None, "
                        + "g: Any = None, h: str = None, i: I = None, j: str = None, k: Any = None) -> Any:");
    }

    @Test
    void should_accept_extra_keyword_arguments_when_the_schema_admits_them() {
        assertThat(stub(SchemaShapes.KWARGS)).contains("def t(name: str, **kwargs: str) -> Any:");
    }

    @Test
    void should_render_a_tool_without_parameters() {
        assertThat(stub(SchemaShapes.NO_PARAMETERS)).contains("def t() -> Any: ...");
    }

    @Test
    void should_fall_back_to_kwargs_for_unusable_input_schemas() {
        for (String schema : new String[] {SchemaShapes.TYPE_NOT_OBJECT, SchemaShapes.PROPERTIES_NOT_MAP,
                SchemaShapes.ARRAY_ROOT, SchemaShapes.MISSING}) {
            assertThat(stub(schema)).contains("def t(**kwargs) -> Any:\n    \"\"\"Parameters unknown: see getToolDocs.\"\"\"");
        }
    }

    @Test
    void should_survive_a_schema_that_contains_itself() {
        String stub = StubFixtures.stub(SchemaShapes.cyclic());
        assertThat(stub).contains("class Self(TypedDict, total=False):\n    self: Any\n")
                .contains("def t(self: Self = None, again: Self = None, name: str = None) -> Any:");
    }

    @Test
    void should_render_a_schema_that_shares_its_parts_in_linear_time() {
        assertThatCode(() -> StubFixtures.stub(SchemaShapes.exponential())).doesNotThrowAnyException();
        assertThat(StubFixtures.stub(SchemaShapes.exponential())).contains("def t(left: ");
    }

    @Test
    void should_return_the_output_schema_type_or_any() {
        ToolDescriptor withOutput = StubFixtures.tool("lookup", "", SchemaShapes.NO_PARAMETERS)
                .withOutputSchema(StubFixtures.json("{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}"));
        ToolDescriptor plainObject = StubFixtures.tool("count", "", SchemaShapes.NO_PARAMETERS)
                .withOutputSchema(StubFixtures.json("{\"type\": \"object\"}"));
        ToolDescriptor without = StubFixtures.tool("other", "", SchemaShapes.NO_PARAMETERS);
        CatalogView view = StubFixtures.view("s", "", withOutput, plainObject, without);
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        String stub = generator.render(generator.files(view).get(0));
        assertThat(stub).contains("class LookupResult(TypedDict, total=False):\n    id: str\n")
                .contains("def lookup() -> LookupResult: ...")
                .contains("def count() -> dict: ...")
                .contains("def other() -> Any: ...");
    }

    @Test
    void should_keep_class_names_off_function_and_typing_names() {
        CatalogTool tool = StubFixtures.catalogTool("Address", """
                {"type": "object", "properties": {"address": {"type": "object", "properties": {"x": {"type": "integer"}}},
                 "any": {"type": "object", "properties": {"y": {"type": "integer"}}}}}""");
        StubGenerator generator = new StubGenerator(BindingLevel.TOOL);
        String stub = generator.render(new StubFile("servers/s/Address.pyi", "s", java.util.List.of(tool), "x"));
        assertThat(stub).contains("class Address2(").contains("class Any2(")
                .contains("def Address(address: Address2 = None, any: Any2 = None) -> Any:");
    }

    @Test
    void should_never_throw_on_garbage_output_schemas() {
        ToolDescriptor d = new ToolDescriptor("s", "t", "", Map.of("type", "object"),
                Map.of("type", 7, "properties", "x"), null);
        CatalogView view = StubFixtures.view("s", "", d);
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        assertThat(generator.render(generator.files(view).get(0))).contains("def t() -> Any: ...");
    }
}
