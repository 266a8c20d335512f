package dev.codemode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonValues.parse(text);
    }

    @Test
    void should_convert_what_fits_into_typed_elements() {
        JsonObjectSchema schema = JsonSchemas.toObjectSchema(json("""
                {"type": "object", "description": "args",
                 "properties": {
                   "name": {"type": "string", "description": "who"},
                   "count": {"type": "integer"},
                   "tier": {"type": "string", "enum": ["free", "pro"]},
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "either": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                   "ref": {"$ref": "#/$defs/Address"},
                   "nested": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"],
                              "additionalProperties": false}
                 },
                 "required": ["name"],
                 "$defs": {"Address": {"type": "object", "properties": {"street": {"type": "string"}}}}}
                """));

        assertThat(schema.description()).isEqualTo("args");
        assertThat(schema.required()).containsExactly("name");
        Map<String, JsonSchemaElement> p = schema.properties();
        assertThat(p.keySet()).containsExactly("name", "count", "tier", "tags", "either", "ref", "nested");
        assertThat(p.get("name")).isEqualTo(JsonStringSchema.builder().description("who").build());
        assertThat(p.get("count")).isInstanceOf(JsonIntegerSchema.class);
        assertThat(p.get("tier")).isInstanceOf(JsonEnumSchema.class);
        assertThat(p.get("tags")).isInstanceOf(JsonArraySchema.class);
        assertThat(p.get("either")).isInstanceOf(JsonAnyOfSchema.class);
        assertThat(p.get("ref")).isEqualTo(JsonReferenceSchema.builder().reference("Address").build());
        assertThat(p.get("nested")).isInstanceOf(JsonObjectSchema.class);
        assertThat(((JsonObjectSchema) p.get("nested")).additionalProperties()).isFalse();
        assertThat(schema.definitions()).containsKey("Address");
    }

    @Test
    void should_keep_keywords_langchain4j_has_no_element_for_as_raw_schemas() {
        Map<String, Object> limit = json("{\"type\": \"integer\", \"minimum\": 1, \"default\": 10}");
        Map<String, Object> email = json("{\"type\": \"string\", \"format\": \"email\", \"pattern\": \".+@.+\"}");
        Map<String, Object> level = json("{\"type\": \"integer\", \"enum\": [1, 2, 3]}");
        Map<String, Object> nullable = json("{\"type\": [\"string\", \"null\"]}");

        for (Map<String, Object> node : List.of(limit, email, level, nullable)) {
            JsonSchemaElement element = JsonSchemas.toElement(node);
            assertThat(element).isInstanceOf(JsonRawSchema.class);
            assertThat(JsonSchemas.toMap(element)).isEqualTo(node);
        }
    }

    @Test
    void should_round_trip_any_schema_without_loss() {
        Map<String, Object> schema = json("""
                {"type": "object",
                 "properties": {
                   "query": {"type": "string", "description": "words", "minLength": 2},
                   "limit": {"type": "integer", "default": 10, "minimum": 1},
                   "filter": {"type": "object", "properties": {"tier": {"type": "string", "enum": ["free", "pro"]}},
                              "additionalProperties": {"type": "string"}},
                   "ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                   "any": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
                 },
                 "required": ["query"],
                 "additionalProperties": false}
                """);

        assertThat(JsonSchemas.toMap(JsonSchemas.toObjectSchema(schema))).isEqualTo(schema);
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_keep_a_property_langchain4j_refuses_to_convert_as_raw_json_instead_of_failing_the_tool() {
        Map<String, Object> schema = json("""
                {"type": "object",
                 "properties": {
                   "mode": {"type": "string", "enum": []},
                   "anything": true,
                   "box": {"type": "object", "properties": {"inner": true}},
                   "name": {"type": "string"}
                 }}
                """);

        JsonObjectSchema converted = JsonSchemas.toObjectSchema(schema);

        assertThat(converted.properties().get("mode")).isInstanceOf(JsonRawSchema.class);
        assertThat(converted.properties().get("anything")).isInstanceOf(JsonRawSchema.class);
        assertThat(converted.properties().get("box")).isInstanceOf(JsonRawSchema.class);
        assertThat(converted.properties().get("name")).isInstanceOf(JsonStringSchema.class);
        Map<String, Object> properties = new java.util.LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        properties.put("anything", Map.of()); // the schema "true" is the empty schema
        assertThat(JsonSchemas.toMap(converted).get("properties")).isEqualTo(properties);
    }

    @Test
    void should_give_an_empty_object_for_a_missing_schema() {
        assertThat(JsonSchemas.toObjectSchema(null).properties()).isEmpty();
        assertThat(JsonSchemas.toMap(JsonSchemas.toObjectSchema(Map.of())))
                .isEqualTo(Map.of("type", "object", "properties", Map.of()));
    }
}
