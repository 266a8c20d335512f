package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.json.JsonValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The usage example of {@code getToolDocs} is a call the server would accept: its arguments validate
 * against the tool's input schema, checked by an independent validator (networknt, format assertions
 * on) for schemas chosen to trip a naive generator and for every tool of the recorded real catalogs.
 */
class DocsExamplesTest {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final SchemaRegistry DRAFT_2020 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** One property {@code x} per schema, required: each is a trap for an example made without the schema. */
    static final List<String> TRICKY = List.of(
            "{\"type\": \"string\", \"enum\": [\"slow\", \"fast\"], \"default\": \"medium\"}",
            "{\"enum\": [null, \"on\", \"off\"]}",
            "{\"type\": \"string\", \"enum\": [\"slow\", \"fast\"], \"default\": \"fast\"}",
            "{\"type\": \"string\", \"examples\": [\"x1\"], \"pattern\": \"^[A-Z]{3}$\"}",
            "{\"type\": \"string\", \"examples\": [\"EUR\"], \"pattern\": \"^[A-Z]{3}$\"}",
            "{\"const\": 42}",
            "{\"type\": \"boolean\", \"const\": false}",
            "{\"type\": \"string\", \"format\": \"date\"}",
            "{\"type\": \"string\", \"format\": \"date-time\"}",
            "{\"type\": \"string\", \"format\": \"time\"}",
            "{\"type\": \"string\", \"format\": \"email\"}",
            "{\"type\": \"string\", \"format\": \"uri\"}",
            "{\"type\": \"string\", \"format\": \"uuid\"}",
            "{\"type\": \"string\", \"format\": \"ipv4\"}",
            "{\"type\": \"string\", \"format\": \"ipv6\"}",
            "{\"type\": \"string\", \"format\": \"hostname\"}",
            "{\"type\": \"string\", \"format\": \"date\", \"default\": \"tomorrow\"}",
            "{\"type\": \"integer\", \"minimum\": 10, \"maximum\": 20}",
            "{\"type\": \"integer\", \"maximum\": -5}",
            "{\"type\": \"integer\", \"minimum\": 5, \"multipleOf\": 3}",
            "{\"type\": \"integer\", \"exclusiveMinimum\": 1, \"exclusiveMaximum\": 3}",
            "{\"type\": \"number\", \"exclusiveMinimum\": 0, \"exclusiveMaximum\": 1}",
            "{\"type\": \"number\", \"minimum\": 1.1, \"multipleOf\": 0.25}",
            "{\"type\": \"number\", \"minimum\": 100, \"default\": 5}",
            "{\"type\": \"integer\", \"default\": 2.5, \"minimum\": 0}",
            "{\"type\": \"string\", \"minLength\": 12}",
            "{\"type\": \"string\", \"maxLength\": 2}",
            "{\"type\": \"string\", \"pattern\": \"^c[0-9]+$\"}",
            "{\"type\": \"string\", \"pattern\": \"^\\\\d{4}-\\\\d{2}$\"}",
            "{\"type\": \"string\", \"pattern\": \"^(draft|final)$\"}",
            "{\"type\": \"string\", \"pattern\": \"^[a-z0-9-]+$\", \"minLength\": 3}",
            "{\"type\": \"string\", \"pattern\": \"^[^@\\\\s]+@[^@\\\\s]+$\"}",
            "{\"type\": \"string\", \"pattern\": \"^(?:[A-Z]{2}-)?\\\\d{3,5}$\"}",
            "{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 2, \"uniqueItems\": true}",
            "{\"type\": \"array\", \"items\": {\"enum\": [\"a\", \"b\", \"c\"]}, \"minItems\": 3, \"uniqueItems\": true}",
            "{\"type\": \"array\", \"items\": {\"type\": \"integer\", \"minimum\": 7}, \"minItems\": 1}",
            "{\"type\": \"array\", \"items\": {\"type\": \"string\", \"format\": \"email\"}}",
            "{\"type\": \"object\", \"properties\": {\"when\": {\"type\": \"string\", \"format\": \"date-time\"},"
                    + " \"n\": {\"type\": \"integer\", \"minimum\": 3}}, \"required\": [\"when\", \"n\"],"
                    + " \"additionalProperties\": false}",
            "{\"anyOf\": [{\"type\": \"string\", \"format\": \"date\"}, {\"type\": \"null\"}]}",
            "{\"oneOf\": [{\"type\": \"integer\", \"minimum\": 3}, {\"type\": \"string\"}]}",
            "{\"type\": [\"null\", \"string\"], \"format\": \"email\"}",
            "{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 7}]}",
            "{\"$ref\": \"#/$defs/level\"}",
            "{\"type\": \"string\", \"format\": \"uuid\", \"examples\": [\"not-a-uuid\"]}");

    @ParameterizedTest
    @FieldSource("TRICKY")
    void should_give_an_example_the_schema_accepts(String property) {
        String schema = "{\"type\": \"object\", \"properties\": {\"x\": " + property + "}, \"required\": [\"x\"],"
                + " \"$defs\": {\"level\": {\"type\": \"string\", \"enum\": [\"low\", \"high\"]}}}";
        CatalogTool tool = StubFixtures.catalogTool("t", schema);

        Map<String, Object> args = arguments(tool);

        assertThat(errors(schema, args)).as(property + " -> " + args).isEmpty();
        // and the docs show that value
        assertThat(ToolDocs.render(tool)).contains("Example: result = s.t(x=" + PyText.literal(args.get("x")) + ")\n");
    }

    @Test
    void should_prefer_the_schemas_own_values_when_they_are_valid() {
        assertThat(example("{\"type\": \"string\", \"enum\": [\"slow\", \"fast\"], \"default\": \"fast\"}"))
                .isEqualTo("fast");
        assertThat(example("{\"type\": \"string\", \"examples\": [\"EUR\"], \"pattern\": \"^[A-Z]{3}$\"}"))
                .isEqualTo("EUR");
        assertThat(example("{\"type\": \"string\", \"enum\": [\"slow\", \"fast\"], \"default\": \"medium\"}"))
                .isEqualTo("slow");
        assertThat(example("{\"type\": \"integer\", \"minimum\": 10, \"maximum\": 20}")).isEqualTo(10L);
        assertThat(example("{\"type\": \"string\", \"format\": \"uuid\"}"))
                .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    }

    @Test
    void should_check_with_a_validator_that_rejects_what_a_naive_example_would_send() {
        String schema = "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\", \"format\": \"uuid\"},"
                + " \"n\": {\"type\": \"integer\", \"maximum\": -5}, \"e\": {\"enum\": [\"slow\", \"fast\"]}},"
                + " \"required\": [\"x\", \"n\", \"e\"]}";
        assertThat(errors(schema, Map.of("x", "x", "n", 1, "e", "medium"))).hasSize(3);
        assertThat(errors(schema, Map.of("x", "123e4567-e89b-12d3-a456-426614174000", "n", -5, "e", "slow"))).isEmpty();
    }

    static List<Path> catalogs() {
        return SchemaCatalogs.goldenToolLists();
    }

    @ParameterizedTest
    @MethodSource("catalogs")
    void should_give_every_tool_of_a_recorded_catalog_an_example_its_schema_accepts(Path toolList) {
        ToolCatalog catalog = SchemaCatalogs.catalog(SchemaCatalogs.read(toolList));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (CatalogTool tool : catalog.view().tools()) {
            Map<String, Object> args = arguments(tool);
            List<Error> errors = errors(JsonValues.write(tool.descriptor().inputSchema()), args);
            if (!errors.isEmpty()) {
                failures.add(tool.id() + " " + args + ": " + errors);
            }
            checked++;
        }
        assertThat(checked).isPositive();
        assertThat(failures).isEmpty();
    }

    private static Object example(String property) {
        return arguments(StubFixtures.catalogTool("t", "{\"type\": \"object\", \"properties\": {\"x\": " + property
                + "}, \"required\": [\"x\"]}")).get("x");
    }

    private static Map<String, Object> arguments(CatalogTool tool) {
        return ToolDocs.exampleArguments(ToolSignature.of(tool, new SchemaTypes(Set.of(tool.toolId()))));
    }

    private static List<Error> errors(String schema, Map<String, Object> args) {
        Schema validator = DRAFT_2020.getSchema(schema);
        JsonNode node = MAPPER.valueToTree(args);
        return validator.validate(node);
    }
}
