package dev.codemode.langchain4j;

import dev.codemode.json.JsonValues;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema as plain maps (the core's shape) to and from LangChain4j's {@link JsonSchemaElement}s.
 *
 * <p>Map to element: a node becomes the typed element when every keyword it has fits that element
 * (e.g. a string with only {@code type} and {@code description}); otherwise the whole node becomes a
 * {@link JsonRawSchema} holding its JSON text, so nothing is lost ({@code minimum}, {@code pattern},
 * {@code default}, integer enums, ...). Objects stay typed as long as their own keywords fit, whatever
 * their properties need. The root of a tool's parameters is always an object.
 *
 * <table>
 *   <caption>Element to map</caption>
 *   <tr><th>element</th><th>map</th></tr>
 *   <tr><td>{@link JsonObjectSchema}</td><td>{@code type: object}, properties, required, additionalProperties, {@code $defs}</td></tr>
 *   <tr><td>{@link JsonStringSchema} / Integer / Number / Boolean</td><td>{@code type}, description</td></tr>
 *   <tr><td>{@link JsonEnumSchema}</td><td>{@code type: string}, {@code enum}</td></tr>
 *   <tr><td>{@link JsonArraySchema}</td><td>{@code type: array}, items</td></tr>
 *   <tr><td>{@link JsonAnyOfSchema}</td><td>{@code anyOf}</td></tr>
 *   <tr><td>{@link JsonReferenceSchema}</td><td>{@code $ref: #/$defs/name}</td></tr>
 *   <tr><td>{@link JsonNullSchema}</td><td>{@code type: null}</td></tr>
 *   <tr><td>{@link JsonRawSchema}</td><td>its JSON text, parsed</td></tr>
 * </table>
 *
 * <p>LangChain4j's own MCP client already dropped what its elements cannot hold before we see a tool
 * (see {@code docs/langchain4j.md}); this class loses nothing further.
 */
final class JsonSchemas {

    private static final Set<String> SCALAR_KEYS = Set.of("type", "description");
    private static final Set<String> OBJECT_KEYS =
            Set.of("type", "description", "properties", "required", "additionalProperties", "$defs");
    private static final Set<String> ARRAY_KEYS = Set.of("type", "description", "items");
    private static final Set<String> ENUM_KEYS = Set.of("type", "description", "enum");
    private static final Set<String> ANY_OF_KEYS = Set.of("anyOf", "description");
    private static final String DEFS = "#/$defs/";

    private JsonSchemas() {
    }

    // ---- map -> element ----

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
            for (Map.Entry<?, ?> property : properties.entrySet()) {
                builder.addProperty(String.valueOf(property.getKey()), toElement(property.getValue()));
            }
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

    static JsonSchemaElement toElement(Object node) {
        if (!(node instanceof Map<?, ?> raw)) {
            return raw(node); // true/false schemas and other oddities
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) raw;
        String description = map.get("description") instanceof String d ? d : null;
        if (map.containsKey("description") && description == null) {
            return raw(map);
        }
        if (map.containsKey("$ref")) {
            if (map.size() == 1 && map.get("$ref") instanceof String ref && ref.startsWith(DEFS)) {
                return JsonReferenceSchema.builder().reference(ref.substring(DEFS.length())).build();
            }
            return raw(map);
        }
        if (map.containsKey("anyOf")) {
            if (fits(map, ANY_OF_KEYS) && map.get("anyOf") instanceof List<?> options) {
                List<JsonSchemaElement> elements = new ArrayList<>();
                options.forEach(o -> elements.add(toElement(o)));
                return JsonAnyOfSchema.builder().description(description).anyOf(elements).build();
            }
            return raw(map);
        }
        Object type = map.get("type");
        if (type == null) {
            return raw(map);
        }
        switch (String.valueOf(type)) {
            case "object":
                if (fits(map, OBJECT_KEYS) && (!map.containsKey("additionalProperties")
                        || map.get("additionalProperties") instanceof Boolean)
                        && (!map.containsKey("properties") || map.get("properties") instanceof Map)
                        && (!map.containsKey("required") || map.get("required") instanceof List)
                        && (!map.containsKey("$defs") || map.get("$defs") instanceof Map)) {
                    return toObjectSchema(map);
                }
                return raw(map);
            case "array":
                if (fits(map, ARRAY_KEYS) && (!map.containsKey("items") || map.get("items") instanceof Map)) {
                    JsonArraySchema.Builder array = JsonArraySchema.builder().description(description);
                    if (map.containsKey("items")) {
                        array.items(toElement(map.get("items")));
                    }
                    return array.build();
                }
                return raw(map);
            case "string":
                if (map.containsKey("enum")) {
                    if (fits(map, ENUM_KEYS) && map.get("enum") instanceof List<?> values
                            && !values.isEmpty() && values.stream().allMatch(String.class::isInstance)) {
                        return JsonEnumSchema.builder().description(description)
                                .enumValues(values.stream().map(String.class::cast).toList()).build();
                    }
                    return raw(map);
                }
                return fits(map, SCALAR_KEYS) ? JsonStringSchema.builder().description(description).build() : raw(map);
            case "integer":
                return fits(map, SCALAR_KEYS) ? JsonIntegerSchema.builder().description(description).build() : raw(map);
            case "number":
                return fits(map, SCALAR_KEYS) ? JsonNumberSchema.builder().description(description).build() : raw(map);
            case "boolean":
                return fits(map, SCALAR_KEYS) ? JsonBooleanSchema.builder().description(description).build() : raw(map);
            case "null":
                return map.size() == 1 ? new JsonNullSchema() : raw(map);
            default:
                return raw(map); // ["string", "null"] and unknown types
        }
    }

    private static boolean fits(Map<String, Object> map, Set<String> keys) {
        return keys.containsAll(map.keySet());
    }

    private static JsonRawSchema raw(Object node) {
        return JsonRawSchema.from(JsonValues.write(node));
    }

    // ---- element -> map ----

    static Map<String, Object> toMap(JsonSchemaElement element) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (element == null) {
            return map;
        }
        if (element instanceof JsonObjectSchema object) {
            map.put("type", "object");
            putDescription(map, object.description());
            Map<String, Object> properties = new LinkedHashMap<>();
            if (object.properties() != null) {
                object.properties().forEach((name, property) -> properties.put(name, toMap(property)));
            }
            map.put("properties", properties);
            if (object.required() != null && !object.required().isEmpty()) {
                map.put("required", List.copyOf(object.required()));
            }
            if (object.additionalProperties() != null) {
                map.put("additionalProperties", object.additionalProperties());
            }
            if (object.definitions() != null && !object.definitions().isEmpty()) {
                Map<String, Object> defs = new LinkedHashMap<>();
                object.definitions().forEach((name, def) -> defs.put(name, toMap(def)));
                map.put("$defs", defs);
            }
        } else if (element instanceof JsonEnumSchema enumSchema) {
            map.put("type", "string");
            putDescription(map, enumSchema.description());
            map.put("enum", List.copyOf(enumSchema.enumValues()));
        } else if (element instanceof JsonStringSchema s) {
            map.put("type", "string");
            putDescription(map, s.description());
        } else if (element instanceof JsonIntegerSchema s) {
            map.put("type", "integer");
            putDescription(map, s.description());
        } else if (element instanceof JsonNumberSchema s) {
            map.put("type", "number");
            putDescription(map, s.description());
        } else if (element instanceof JsonBooleanSchema s) {
            map.put("type", "boolean");
            putDescription(map, s.description());
        } else if (element instanceof JsonArraySchema array) {
            map.put("type", "array");
            putDescription(map, array.description());
            if (array.items() != null) {
                map.put("items", toMap(array.items()));
            }
        } else if (element instanceof JsonAnyOfSchema anyOf) {
            putDescription(map, anyOf.description());
            map.put("anyOf", anyOf.anyOf().stream().map(JsonSchemas::toMap).toList());
        } else if (element instanceof JsonReferenceSchema ref) {
            map.put("$ref", DEFS + ref.reference());
            putDescription(map, ref.description());
        } else if (element instanceof JsonNullSchema) {
            map.put("type", "null");
        } else if (element instanceof JsonRawSchema raw) {
            Object parsed = JsonValues.parseOrText(raw.schema());
            if (parsed instanceof Map<?, ?> m) {
                m.forEach((k, v) -> map.put(String.valueOf(k), v));
            }
        }
        // Any other element type is unknown to this version: an empty schema accepts any value.
        return map;
    }

    private static void putDescription(Map<String, Object> map, String description) {
        if (description != null && !description.isBlank()) {
            map.put("description", description);
        }
    }
}
