package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Arguments checked against a tool's input schema: each keyword, and schemas that must not break the check. */
class ArgumentCheckTest {

    /** What the check says about {@code args} (JSON) for the schema {@code schema} (JSON). */
    private static String problem(String schema, String args) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) JsonValues.parse(schema);
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) JsonValues.parse(args);
        return ArgumentCheck.problem(s, a);
    }

    private static String param(String property) {
        return "{\"type\":\"object\",\"properties\":{\"p\":" + property + "}}";
    }

    @Test
    void should_name_missing_required_arguments_and_only_declared_ones() {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{}},\"required\":[\"a\",\"b\",\"ghost\"]}";
        assertThat(problem(schema, "{\"a\":1}")).isEqualTo("missing argument b");
        assertThat(problem(schema, "{}")).isEqualTo("missing arguments a, b");
        assertThat(problem(schema, "{\"a\":1,\"b\":2}")).isNull();
        assertThat(problem("{\"type\":\"object\",\"required\":[\"a\"]}", "{}")).isEqualTo("missing argument a");
    }

    @Test
    void should_name_a_misspelt_name_before_the_required_one_it_misses() {
        String schema = "{\"type\":\"object\",\"properties\":{\"customer_id\":{}},\"required\":[\"customer_id\"]}";
        assertThat(problem(schema, "{\"customerid\":\"c1\"}"))
                .isEqualTo("no parameter 'customerid' (did you mean 'customer_id'?); parameters: customer_id");
    }

    @Test
    void should_refuse_unknown_names_at_the_top_level_with_a_suggestion() {
        String schema = "{\"type\":\"object\",\"properties\":{\"query\":{},\"limit\":{}}}";
        assertThat(problem(schema, "{\"qeury\":\"x\"}"))
                .isEqualTo("no parameter 'qeury' (did you mean 'query'?); parameters: query, limit");
        // additionalProperties allowed, or no properties listed: any name goes
        assertThat(problem("{\"type\":\"object\",\"properties\":{\"a\":{}},\"additionalProperties\":true}",
                "{\"x\":1}")).isNull();
        assertThat(problem("{\"type\":\"object\"}", "{\"x\":1}")).isNull();
    }

    @Test
    void should_refuse_unknown_names_below_the_top_level_only_when_the_object_is_closed() {
        String open = param("{\"type\":\"object\",\"properties\":{\"city\":{}}}");
        String closed = param("{\"type\":\"object\",\"properties\":{\"city\":{}},\"additionalProperties\":false}");
        assertThat(problem(open, "{\"p\":{\"town\":\"x\"}}")).isNull();
        assertThat(problem(closed, "{\"p\":{\"town\":\"x\"}}")).isEqualTo("p has no parameter 'town'; parameters: city");
    }

    @Test
    void should_check_types_and_say_what_was_given() {
        assertThat(problem(param("{\"type\":\"integer\"}"), "{\"p\":\"5\"}"))
                .isEqualTo("p must be an integer, got \"5\" (a string): write the number without quotes, or convert"
                        + " with int(x)");
        assertThat(problem(param("{\"type\":\"integer\"}"), "{\"p\":5.5}"))
                .isEqualTo("p must be an integer, got 5.5 (a number)");
        assertThat(problem(param("{\"type\":\"integer\"}"), "{\"p\":5.0}")).isNull(); // 5.0 is an integer
        assertThat(problem(param("{\"type\":\"string\"}"), "{\"p\":true}"))
                .isEqualTo("p must be a string, got true (a boolean)");
        assertThat(problem(param("{\"type\":\"boolean\"}"), "{\"p\":\"yes\"}"))
                .isEqualTo("p must be True or False, got \"yes\" (a string)");
        assertThat(problem(param("{\"type\":\"array\"}"), "{\"p\":{\"a\":1}}"))
                .isEqualTo("p must be a list, got an object of 1 key");
        assertThat(problem(param("{\"type\":\"object\"}"), "{\"p\":[1,2]}"))
                .isEqualTo("p must be an object, got a list of 2 items");
        assertThat(problem(param("{\"type\":[\"string\",\"integer\"]}"), "{\"p\":1.5}"))
                .isEqualTo("p must be a string or an integer, got 1.5 (a number)");
        assertThat(problem(param("{\"type\":\"number\"}"), "{\"p\":3}")).isNull();
    }

    @Test
    void should_never_refuse_null() {
        assertThat(problem("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"minLength\":3}}}",
                "{\"p\":null}")).isNull();
    }

    @Test
    void should_list_enum_members_and_suggest_the_close_one() {
        String schema = param("{\"type\":\"string\",\"enum\":[\"free\",\"pro\",\"enterprise\"]}");
        assertThat(problem(schema, "{\"p\":\"Pro\"}"))
                .isEqualTo("p must be one of \"free\", \"pro\", \"enterprise\"; got \"Pro\" (did you mean \"pro\"?)");
        assertThat(problem(schema, "{\"p\":\"gold\"}")).isEqualTo("p must be one of \"free\", \"pro\", \"enterprise\"; got \"gold\"");
        assertThat(problem(schema, "{\"p\":\"pro\"}")).isNull();
        assertThat(problem(param("{\"enum\":[1,2]}"), "{\"p\":2.0}")).isNull(); // numbers compare by value
        assertThat(problem(param("{\"enum\":[1,2]}"), "{\"p\":3}")).isEqualTo("p must be one of 1, 2; got 3");
    }

    @Test
    void should_cap_a_long_enum_listing() {
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.add("m" + i);
        }
        String schema = param("{\"enum\":" + JsonValues.write(members) + "}");
        assertThat(problem(schema, "{\"p\":\"x\"}")).isEqualTo("p must be one of \"m0\", \"m1\", \"m2\", \"m3\", \"m4\","
                + " \"m5\", \"m6\", \"m7\", \"m8\", \"m9\", ... (50 in all); got \"x\"");
    }

    @Test
    void should_check_numeric_bounds_in_both_drafts() {
        assertThat(problem(param("{\"minimum\":1}"), "{\"p\":0}")).isEqualTo("p must be at least 1, got 0");
        assertThat(problem(param("{\"maximum\":100}"), "{\"p\":101}")).isEqualTo("p must be at most 100, got 101");
        assertThat(problem(param("{\"maximum\":100}"), "{\"p\":100}")).isNull();
        assertThat(problem(param("{\"exclusiveMinimum\":0}"), "{\"p\":0}")).isEqualTo("p must be greater than 0, got 0");
        assertThat(problem(param("{\"exclusiveMaximum\":1.5}"), "{\"p\":1.5}")).isEqualTo("p must be less than 1.5, got 1.5");
        // draft 4: the boolean form makes minimum/maximum exclusive
        assertThat(problem(param("{\"minimum\":0,\"exclusiveMinimum\":true}"), "{\"p\":0}"))
                .isEqualTo("p must be greater than 0, got 0");
        assertThat(problem(param("{\"maximum\":9,\"exclusiveMaximum\":true}"), "{\"p\":9}"))
                .isEqualTo("p must be less than 9, got 9");
        assertThat(problem(param("{\"minimum\":0,\"exclusiveMinimum\":false}"), "{\"p\":0}")).isNull();
    }

    @Test
    void should_check_string_and_list_lengths() {
        assertThat(problem(param("{\"minLength\":1}"), "{\"p\":\"\"}")).isEqualTo("p must have at least 1 character, got \"\"");
        assertThat(problem(param("{\"maxLength\":3}"), "{\"p\":\"abcd\"}"))
                .isEqualTo("p must have at most 3 characters, got 4 characters");
        // characters, not UTF-16 units: one emoji is one character
        assertThat(problem(param("{\"maxLength\":1}"), "{\"p\":\"\\ud83d\\ude00\"}")).isNull();
        assertThat(problem(param("{\"minItems\":2}"), "{\"p\":[1]}")).isEqualTo("p must have at least 2 items, got 1 item");
        assertThat(problem(param("{\"maxItems\":2}"), "{\"p\":[1,2,3]}")).isEqualTo("p must have at most 2 items, got 3 items");
    }

    @Test
    void should_check_the_declared_formats() {
        assertThat(problem(param("{\"type\":\"string\",\"format\":\"date\"}"), "{\"p\":\"12/03/2026\"}"))
                .isEqualTo("p must be a date (YYYY-MM-DD), got \"12/03/2026\"");
        assertThat(problem(param("{\"format\":\"date\"}"), "{\"p\":\"2026-02-30\"}")).isNotNull();
        assertThat(problem(param("{\"format\":\"date\"}"), "{\"p\":\"2026-02-28\"}")).isNull();
        assertThat(problem(param("{\"format\":\"date-time\"}"), "{\"p\":\"yesterday\"}"))
                .isEqualTo("p must be a date-time (e.g. 2026-01-31T09:30:00Z), got \"yesterday\"");
        for (String ok : List.of("2026-01-31T09:30:00Z", "2026-01-31t09:30:00.5+01:00", "2026-01-31 09:30:00",
                "2026-01-31T09:30")) {
            assertThat(problem(param("{\"format\":\"date-time\"}"), "{\"p\":\"" + ok + "\"}")).as(ok).isNull();
        }
        assertThat(problem(param("{\"format\":\"email\"}"), "{\"p\":\"ada at example.com\"}"))
                .isEqualTo("p must be an email address, got \"ada at example.com\"");
        assertThat(problem(param("{\"format\":\"email\"}"), "{\"p\":\"ada+x@example.com\"}")).isNull();
        assertThat(problem(param("{\"format\":\"uri\"}"), "{\"p\":\"example.com/x\"}"))
                .isEqualTo("p must be an absolute URI (e.g. https://example.com/x), got \"example.com/x\"");
        assertThat(problem(param("{\"format\":\"uri\"}"), "{\"p\":\"https://example.com/x?q=1\"}")).isNull();
        assertThat(problem(param("{\"format\":\"uuid\"}"), "{\"p\":\"1234\"}"))
                .isEqualTo("p must be a UUID (8-4-4-4-12 hex digits), got \"1234\"");
        assertThat(problem(param("{\"format\":\"uuid\"}"), "{\"p\":\"123e4567-e89b-12d3-a456-426614174000\"}")).isNull();
        // formats the check does not know are the server's affair
        assertThat(problem(param("{\"format\":\"hostname\"}"), "{\"p\":\"not a host\"}")).isNull();
    }

    @Test
    void should_name_nested_parameters_by_path() {
        String schema = param("{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"sku\":{\"type\":\"string\"},\"qty\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"sku\"]}}");
        assertThat(problem(schema, "{\"p\":[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\",\"qty\":0}]}"))
                .isEqualTo("p[1].qty must be at least 1, got 0");
        assertThat(problem(schema, "{\"p\":[{\"qty\":1}]}")).isEqualTo("missing argument p[0].sku");
    }

    @Test
    void should_quote_at_most_a_few_dozen_characters_of_a_huge_value() {
        String huge = "x".repeat(100_000);
        String p = problem(param("{\"type\":\"integer\"}"), "{\"p\":\"" + huge + "\"}");
        assertThat(p).startsWith("p must be an integer, got \"xxxx").endsWith("... (100000 characters) (a string)");
        assertThat(p.length()).isLessThan(120);
        String e = problem(param("{\"enum\":[\"a\"]}"), "{\"p\":\"" + huge + "\"}");
        assertThat(e.length()).isLessThan(140);
    }

    @Test
    void should_skip_keywords_of_the_wrong_shape() {
        // type not a string, bounds not numbers, enum not a list, required not a list, properties not a map
        assertThat(problem(param("{\"type\":5,\"minimum\":\"1\",\"maxLength\":-3,\"minItems\":1.5,\"enum\":\"a\"}"),
                "{\"p\":\"zzzz\"}")).isNull();
        assertThat(problem("{\"type\":\"object\",\"properties\":[],\"required\":\"p\"}", "{\"x\":1}")).isNull();
        assertThat(problem(param("{\"type\":\"strng\"}"), "{\"p\":1}")).isNull(); // a type nobody knows
        assertThat(problem(param("{\"type\":[\"string\",7]}"), "{\"p\":1}")).isNull();
        assertThat(problem(param("[1,2]"), "{\"p\":1}")).isNull(); // a property schema that is not an object
        assertThat(problem(param("{\"enum\":[{\"a\":1}]}"), "{\"p\":1}")).isNull(); // members we do not compare
        assertThat(problem(param("{\"minimum\":1e400}"), "{\"p\":1}")).isNull();
        assertThat(problem(param("{\"x-unknown\":{\"deep\":true},\"type\":\"integer\"}"), "{\"p\":1}")).isNull();
    }

    @Test
    void should_leave_references_and_huge_enums_to_the_server() {
        assertThat(problem(param("{\"$ref\":\"#/$defs/x\",\"type\":\"integer\"}"), "{\"p\":\"a\"}")).isNull();
        List<Object> members = new ArrayList<>();
        for (int i = 0; i <= ArgumentCheck.MAX_ENUM; i++) {
            members.add(i);
        }
        assertThat(problem(param("{\"enum\":" + JsonValues.write(members) + "}"), "{\"p\":-1}")).isNull();
    }

    @Test
    @Timeout(10)
    void should_stay_cheap_on_huge_names_and_bounds() {
        // given: 300 parameters with 5,000-character names, an enum of 1,000 5,000-character strings,
        // and a bound with 1,000,000 digits
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            if (i < 300) {
                properties.put(i + "p".repeat(5_000), Map.of());
            }
            members.add(i + "m".repeat(5_000));
        }
        properties.put("e", Map.of("enum", members));
        properties.put("n", Map.of("minimum", new java.math.BigDecimal("1e1000000")));
        Map<String, Object> schema = Map.of("type", "object", "properties", properties);

        // when / then: no suggestion is attempted, and the answers stay short
        assertThat(ArgumentCheck.problem(schema, Map.of("x".repeat(100_000), 1)))
                .startsWith("no parameter 'xxxx").hasSizeLessThan(2_000);
        assertThat(ArgumentCheck.problem(schema, Map.of("e", "m".repeat(4_999)))).hasSizeLessThan(1_000);
        assertThat(ArgumentCheck.problem(schema, Map.of("n", 5))).isEqualTo("n must be at least 1E+1000000, got 5");
    }

    @Test
    @Timeout(10)
    void should_survive_a_schema_that_refers_to_itself() {
        // given: a schema map that contains itself (a parsed $ref cycle, or a hostile source's object graph)
        Map<String, Object> node = new HashMap<>();
        node.put("type", "object");
        node.put("properties", Map.of("child", node));
        Map<String, Object> value = new HashMap<>();
        Map<String, Object> v = value;
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> next = new HashMap<>();
            v.put("child", next);
            v = next;
        }
        // when / then: the walk stops at its depth limit and leaves the call to the server
        assertThat(ArgumentCheck.problem(node, value)).isNull();
    }

    @Test
    @Timeout(10)
    void should_give_up_on_a_schema_too_deep_or_too_wide_to_walk() {
        // deep nesting, far beyond the depth limit
        Map<String, Object> schema = new LinkedHashMap<>(Map.of("type", "integer"));
        Map<String, Object> value = null;
        Object v = "not an integer";
        for (int i = 0; i < 10_000; i++) {
            schema = new LinkedHashMap<>(Map.of("type", "object", "properties", Map.of("a", schema)));
            v = new LinkedHashMap<>(Map.of("a", v));
        }
        value = castMap(v);
        assertThat(ArgumentCheck.problem(schema, value)).isNull();
        // a long list under a schema with items: the step budget ends the walk, quickly
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 500_000; i++) {
            many.add(i);
        }
        many.add("not an integer, but too far to be reached");
        long t0 = System.nanoTime();
        assertThat(ArgumentCheck.problem(castMap(JsonValues.parse(param("{\"items\":{\"type\":\"integer\"}}"))),
                Map.of("p", many))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
