package dev.codemode.langchain4j;

import dev.codemode.json.JsonValues;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema as plain maps (the core's shape) to and from LangChain4j's {@link JsonSchemaElement}s,
 * with LangChain4j's own lossless converter, {@link JsonSchemaElementJsonUtils}: a node becomes the
 * typed element when every keyword it has fits that element, otherwise a {@link JsonRawSchema} with
 * its JSON text, so nothing is dropped ({@code minimum}, {@code pattern}, {@code default}, integer
 * enums, ...); a {@code JsonRawSchema} becomes its JSON again. That class is marked internal in
 * LangChain4j: the version is pinned and {@code JsonSchemasTest} pins the behaviour relied on here.
 *
 * <p>What this class adds: the parameters of a tool are always an object (keywords of the root that an
 * object element cannot hold are left out, as LangChain4j's tool parameters have no place for them); a
 * property LangChain4j refuses to convert (e.g. {@code "enum": []}) stays a raw schema instead of failing
 * the whole tool; the boolean schemas {@code true} and {@code false} become {@code {}} and
 * {@code {"not": {}}}; a missing element is an empty schema, and an object always lists its
 * {@code properties}, as the core's schemas do.
 */
final class JsonSchemas {

    private JsonSchemas() {
    }

    /** The parameters of a tool: an object schema (an empty one when {@code schema} is empty). */
    static JsonObjectSchema toObjectSchema(Map<String, Object> schema) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder();
        if (schema == null) {
            return builder.build();
        }
        if (schema.get("description") instanceof String description) {
            builder.description(description);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> builder.addProperty(String.valueOf(name), toElement(property)));
        }
        if (schema.get("required") instanceof List<?> required) {
            builder.required(required.stream().map(String::valueOf).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        if (schema.get("$defs") instanceof Map<?, ?> defs) {
            Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
            defs.forEach((name, def) -> definitions.put(String.valueOf(name), toElement(def)));
            builder.definitions(definitions);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    static JsonSchemaElement toElement(Object node) {
        if (node instanceof Map<?, ?> map) {
            try {
                return JsonSchemaElementJsonUtils.fromMap((Map<String, Object>) map);
            } catch (IllegalArgumentException e) {
                return JsonRawSchema.from(JsonValues.write(map)); // a shape its elements refuse: kept whole
            }
        }
        // the boolean schemas, as the objects that mean the same (LangChain4j reads a raw schema as an object)
        return JsonRawSchema.from(Boolean.FALSE.equals(node) ? "{\"not\": {}}" : "{}");
    }

    static Map<String, Object> toMap(JsonSchemaElement element) {
        if (element == null) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> map = JsonSchemaElementJsonUtils.toMap(element);
        if (!(element instanceof JsonObjectSchema) || map.containsKey("properties")) {
            return map;
        }
        Map<String, Object> object = new LinkedHashMap<>(); // type, description, properties, then the rest
        object.put("type", "object");
        if (map.containsKey("description")) {
            object.put("description", map.get("description"));
        }
        object.put("properties", new LinkedHashMap<>());
        object.putAll(map);
        return object;
    }
}
