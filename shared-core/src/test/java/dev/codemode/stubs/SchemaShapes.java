package dev.codemode.stubs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input schemas of every shape the stub generator handles, as JSON text. The unit tests use them one
 * by one; {@link StubsParseWithPythonTest} renders all of them and checks that Python parses the result.
 */
final class SchemaShapes {

    static final String PRIMITIVES = """
            {"type": "object", "properties": {"s": {"type": "string"}, "i": {"type": "integer"},
             "n": {"type": "number"}, "b": {"type": "boolean"}, "z": {"type": "null"}},
             "required": ["s", "i", "n", "b", "z"]}""";
    static final String ENUM = """
            {"type": "object", "properties": {"tier": {"type": "string", "enum": ["free", "pro", "enterprise"]},
             "level": {"enum": [1, 2, 3]}, "flag": {"enum": [true, null]}}, "required": ["tier", "level", "flag"]}""";
    static final String CONST = """
            {"type": "object", "properties": {"kind": {"const": "fast"}}, "required": ["kind"]}""";
    static final String LARGE_ENUM = """
            {"type": "object", "properties": {"code": {"type": "string", "enum": ["a0", "a1", "a2", "a3", "a4",
             "a5", "a6", "a7", "a8", "a9", "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "c0", "c1",
             "c2", "c3", "c4", "c5"]}}, "required": ["code"]}""";
    static final String ARRAYS = """
            {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}},
             "anything": {"type": "array"}, "matrix": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
             "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}},
             "required": ["tags", "anything", "matrix", "pair"]}""";
    static final String NESTED_OBJECT = """
            {"type": "object", "properties": {"address": {"type": "object", "properties": {
             "street": {"type": "string"}, "geo": {"type": "object", "properties": {"lat": {"type": "number"},
             "lon": {"type": "number"}}, "required": ["lat", "lon"]}}, "required": ["street"]}},
             "required": ["address"]}""";
    static final String DICTS = """
            {"type": "object", "properties": {"meta": {"type": "object"},
             "counts": {"type": "object", "additionalProperties": {"type": "integer"}}},
             "required": ["meta", "counts"]}""";
    static final String UNIONS = """
            {"type": "object", "properties": {"id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
             "when": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
             "maybe": {"type": ["string", "null"]}, "legacy": {"type": "integer", "nullable": true},
             "mode": {"oneOf": [{"const": "a"}, {"const": "b"}]},
             "loose": {"anyOf": [{"type": "string"}, {}]}},
             "required": ["id", "when", "maybe", "legacy", "mode", "loose"]}""";
    static final String REF_DEFS = """
            {"type": "object", "properties": {"customer": {"$ref": "#/$defs/Customer"},
             "others": {"type": "array", "items": {"$ref": "#/$defs/Customer"}}},
             "required": ["customer"],
             "$defs": {"Customer": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}}""";
    static final String REF_DEFINITIONS = """
            {"type": "object", "properties": {"tier": {"$ref": "#/definitions/Tier"}}, "required": ["tier"],
             "definitions": {"Tier": {"type": "string", "enum": ["free", "pro"]}}}""";
    static final String RECURSIVE_REF = """
            {"type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}, "required": ["root"],
             "$defs": {"Node": {"type": "object", "properties": {"value": {"type": "string"},
             "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}, "required": ["value"]}}}""";
    static final String MUTUAL_RECURSION = """
            {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "required": ["a"],
             "$defs": {"A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}},
                       "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}}}}""";
    static final String RECURSIVE_ALIAS = """
            {"type": "object", "properties": {"tree": {"$ref": "#/$defs/Tree"}, "self": {"$ref": "#/$defs/Loop"}},
             "required": ["tree"],
             "$defs": {"Tree": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Tree"}]}},
                       "Loop": {"$ref": "#/$defs/Loop"}}}""";
    static final String ROOT_REF = """
            {"type": "object", "title": "Filter", "properties": {"field": {"type": "string"},
             "and": {"type": "array", "items": {"$ref": "#"}}}, "required": ["field"]}""";
    static final String ALL_OF = """
            {"type": "object", "properties": {"patch": {"allOf": [{"$ref": "#/$defs/Base"},
             {"type": "object", "properties": {"status": {"type": "string"}}, "required": ["status"]}]},
             "wrapped": {"allOf": [{"$ref": "#/$defs/Base"}], "description": "single member"}},
             "required": ["patch", "wrapped"],
             "$defs": {"Base": {"type": "object", "properties": {"subject": {"type": "string"}}, "required": ["subject"]}}}""";
    static final String DEFAULTS = """
            {"type": "object", "properties": {"name": {"type": "string"}, "limit": {"type": "integer", "default": 10},
             "ratio": {"type": "number", "default": 0.5}, "on": {"type": "boolean", "default": false},
             "label": {"type": "string", "default": "a \\"quoted\\" \\\\ text"}, "nothing": {"type": "string", "default": null},
             "list": {"type": "array", "default": ["x", 1]}, "map": {"type": "object", "default": {"k": true}},
             "huge": {"type": "string", "default": "0123456789012345678901234567890123456789012345"},
             "plain": {"type": "string"}},
             "required": ["name"]}""";
    static final String ODD_KEYS = """
            {"type": "object", "properties": {"user-id": {"type": "string"}, "class": {"type": "string"},
             "lambda": {"type": "integer"}, "9lives": {"type": "boolean"},
             "filter": {"type": "object", "properties": {"first-name": {"type": "string"}, "from": {"type": "string"}},
             "required": ["first-name"]}},
             "required": ["user-id", "class"]}""";
    static final String SHARED_SHAPES = """
            {"type": "object", "properties": {
             "billing": {"type": "object", "properties": {"street": {"type": "string"}}, "required": ["street"]},
             "shipping": {"type": "object", "properties": {"street": {"type": "string"}}, "required": ["street"]},
             "vendor": {"type": "object", "title": "Vendor", "properties": {"street": {"type": "string"}}, "required": ["street"]},
             "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
             "item": {"type": "object", "properties": {"qty": {"type": "integer"}}}}}""";
    static final String GARBAGE_PROPERTIES = """
            {"type": "object", "properties": {"a": {"type": 5}, "b": "junk", "c": {"type": "array", "items": 7},
             "d": {"$ref": "#/nowhere"}, "e": {"$ref": "https://example.com/schema.json"}, "f": {"enum": []},
             "g": {"anyOf": "x"}, "h": {"type": ["string", 3]}, "i": {"properties": {"x": {"type": "integer"}},
             "required": "x"}, "j": {"allOf": [5, {"type": "string"}]}, "k": true},
             "required": "everything"}""";
    static final String KWARGS = """
            {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
             "additionalProperties": {"type": "string"}}""";
    static final String NO_PARAMETERS = """
            {"type": "object", "properties": {}}""";
    static final String TYPE_NOT_OBJECT = """
            {"type": 5}""";
    static final String PROPERTIES_NOT_MAP = """
            {"type": "object", "properties": "x"}""";
    static final String ARRAY_ROOT = """
            {"type": "array", "items": {"type": "string"}}""";
    static final String MISSING = "{}";

    /** Every shape above, by name. */
    static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        for (java.lang.reflect.Field f : SchemaShapes.class.getDeclaredFields()) {
            if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                try {
                    all.put(f.getName(), (String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }

    /** A properties map that contains itself: a cycle no JSON text can write. */
    static Map<String, Object> cyclic() {
        Map<String, Object> node = new LinkedHashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        node.put("type", "object");
        node.put("properties", properties);
        properties.put("self", node);
        properties.put("again", node);
        properties.put("name", Map.of("type", "string"));
        return node;
    }

    /**
     * A schema whose objects share their children, two per level: small in memory, exponential when
     * walked as a tree.
     */
    static Map<String, Object> exponential() {
        Map<String, Object> level = Map.of("type", "string");
        for (int i = 0; i < 40; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("left", level);
            properties.put("right", level);
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("type", "object");
            next.put("properties", properties);
            level = next;
        }
        return level;
    }

    /** Schemas built in Java rather than parsed. */
    static List<Map<String, Object>> javaBuilt() {
        List<Map<String, Object>> schemas = new ArrayList<>();
        schemas.add(cyclic());
        schemas.add(exponential());
        return schemas;
    }

    private SchemaShapes() {
    }
}
