package dev.codemode.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary JSON values and JSON Schemas built from fuzzer bytes, for the fuzz tests. Structure-aware
 * on purpose: random bytes are seldom JSON, while a value built here always is one, so every input
 * reaches the code under test. Strings mix a dictionary of awkward names (Python keywords, typing
 * names, quotes, separators) with arbitrary Unicode.
 */
public final class ArbitraryJson {

    /** Names a stub, a binding or a converter might trip over. */
    public static final List<String> NAMES = List.of("id", "name", "from", "class", "def", "None", "True",
            "False", "Any", "Literal", "TypedDict", "str", "int", "list", "dict", "result", "kwargs", "self",
            "lambda", "get-user", "user id", "2fa", "", " ", "_", "__init__", "ünïcode", "a\"b", "\"\"\"",
            "'''", "back\\slash", "new\nline", "tab\t", "]", "[", "|", ",", ":", "#", "\u0000", "\u2028", "😀",
            "$ref", "$defs", "#/$defs/A", "properties", "type");

    private static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "null", "object",
            "array", "any", "file", "");
    private static final List<String> KEYWORDS = List.of("type", "properties", "required", "items", "prefixItems",
            "enum", "const", "oneOf", "anyOf", "allOf", "not", "$ref", "$defs", "definitions",
            "additionalProperties", "patternProperties", "default", "description", "title", "format", "minimum",
            "maximum", "minLength", "maxLength", "pattern", "examples", "nullable", "deprecated", "readOnly");

    private final FuzzedDataProvider data;

    private ArbitraryJson(FuzzedDataProvider data) {
        this.data = data;
    }

    /** Any JSON value: null, boolean, integer (up to big), floating point, string, list or object. */
    public static Object value(FuzzedDataProvider data, int maxDepth) {
        return new ArbitraryJson(data).value(maxDepth);
    }

    /** A JSON Schema-like object: mostly the keywords a stub generator reads, with odd values. */
    public static Map<String, Object> schema(FuzzedDataProvider data, int maxDepth) {
        return new ArbitraryJson(data).schemaObject(maxDepth);
    }

    /** A short string: one of {@link #NAMES}, or arbitrary Unicode. */
    public static String name(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(12);
    }

    private Object value(int depth) {
        int kind = data.consumeInt(0, depth <= 0 ? 6 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeInt();
            case 3 -> data.consumeLong();
            case 4 -> {
                BigInteger big = new BigInteger(1, data.consumeBytes(12)).add(BigInteger.valueOf(Long.MAX_VALUE));
                yield data.consumeBoolean() ? big : big.negate();
            }
            case 5 -> data.consumeBoolean() ? data.consumeRegularDouble()
                    : new BigDecimal(BigInteger.valueOf(data.consumeLong()), data.consumeInt(-20, 20));
            case 6 -> data.consumeBoolean() ? name(data) : data.consumeString(200);
            case 7 -> list(depth);
            default -> object(depth);
        };
    }

    private List<Object> list(int depth) {
        int n = data.consumeInt(0, 6);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            out.add(value(depth - 1));
        }
        return out;
    }

    private Map<String, Object> object(int depth) {
        int n = data.consumeInt(0, 6);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            out.put(name(data), value(depth - 1));
        }
        return out;
    }

    private Object schema(int depth) {
        // Now and then not an object at all: servers send such things.
        return data.consumeInt(0, 15) == 0 ? value(0) : schemaObject(depth);
    }

    private Map<String, Object> schemaObject(int depth) {
        Map<String, Object> s = new LinkedHashMap<>();
        int n = data.consumeInt(0, 5);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            String keyword = data.consumeInt(0, 9) == 0 ? name(data) : data.pickValue(KEYWORDS);
            s.put(keyword, keywordValue(keyword, depth));
        }
        return s;
    }

    private Object keywordValue(String keyword, int depth) {
        if (depth <= 0) {
            return data.consumeBoolean() ? data.pickValue(TYPES) : value(0);
        }
        return switch (keyword) {
            case "type" -> data.consumeInt(0, 5) == 0 ? value(1)
                    : data.consumeBoolean() ? data.pickValue(TYPES)
                    : List.of(data.pickValue(TYPES), data.pickValue(TYPES));
            case "properties", "$defs", "definitions", "patternProperties" -> {
                Map<String, Object> props = new LinkedHashMap<>();
                int n = data.consumeInt(0, 5);
                for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
                    props.put(data.consumeBoolean() ? "p" + i : name(data), schema(depth - 1));
                }
                yield props;
            }
            case "required" -> {
                List<Object> names = new ArrayList<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    names.add(data.consumeInt(0, 7) == 0 ? value(0) : data.consumeBoolean() ? "p" + i : name(data));
                }
                yield names;
            }
            case "items", "not", "additionalProperties" -> data.consumeInt(0, 4) == 0 ? data.consumeBoolean()
                    : schema(depth - 1);
            case "prefixItems", "oneOf", "anyOf", "allOf" -> {
                List<Object> schemas = new ArrayList<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
                    schemas.add(schema(depth - 1));
                }
                yield schemas;
            }
            case "enum", "examples" -> list(2);
            case "$ref" -> switch (data.consumeInt(0, 4)) {
                case 0 -> "#";
                case 1 -> "#/$defs/" + (data.consumeBoolean() ? "p0" : name(data));
                case 2 -> "#/definitions/" + (data.consumeBoolean() ? "p0" : name(data));
                case 3 -> name(data);
                default -> value(1);
            };
            default -> value(1);
        };
    }
}
