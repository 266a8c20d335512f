package dev.codemode.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain values go through Jackson's streaming API: the same text and values as its data binding. */
class JsonValuesTest {

    private final Random random = new Random(20261203);

    @Test
    void should_write_and_read_plain_values_exactly_as_data_binding_does() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            // given
            Object value = value(4);

            // when
            String streamed = JsonValues.write(value);

            // then
            String bound = JsonValues.mapper().writeValueAsString(value);
            assertThat(streamed).isEqualTo(bound);
            assertThat(JsonValues.parse(streamed)).isEqualTo(JsonValues.mapper().readValue(bound, Object.class));
        }
    }

    @Test
    void should_read_edge_cases_as_data_binding_does() throws Exception {
        for (String text : List.of("-0", "2147483647", "2147483648", "9223372036854775808", "1e400", "0.1e1",
                "{\"a\":1,\"a\":2}", "\"\\u00e9\\ud83d\\ude00\"", "[]", "{}", " [1, {\"b\": null}] ")) {
            assertThat(JsonValues.parse(text)).as(text).isEqualTo(JsonValues.mapper().readValue(text, Object.class));
        }
    }

    @Test
    void should_refuse_what_is_not_one_value_with_a_line_and_column() {
        assertThatThrownBy(() -> JsonValues.parse("1 2")).hasMessage("invalid JSON: Trailing token (line 1, column 3)");
        assertThatThrownBy(() -> JsonValues.parse(" ")).hasMessageStartingWith("invalid JSON: No content");
        assertThatThrownBy(() -> JsonValues.parse("[1,]")).hasMessageStartingWith("invalid JSON: Unexpected character")
                .hasMessageEndingWith("(line 1, column 4)");
        assertThat(JsonValues.parseOrText("{\"a\":1} trailing")).isEqualTo("{\"a\":1} trailing");
        // An unclosed object names where it opened, without quoting the text back or the parser's types.
        assertThatThrownBy(() -> JsonValues.parse("{\"code\": \"secret\""))
                .hasMessage("invalid JSON: Unexpected end-of-input: expected close marker for Object (start marker at"
                        + " line 1, column 1) (line 1, column 18)");
    }

    @Test
    void should_write_other_values_through_data_binding() {
        record Point(int x, int y) {
        }
        assertThat(JsonValues.write(Map.of("p", new Point(1, 2)))).isEqualTo("{\"p\":{\"x\":1,\"y\":2}}");
        assertThat(JsonValues.write(List.of(new BigDecimal("1.50"), 2.5f, Double.NaN, (short) 3)))
                .isEqualTo("[1.50,2.5,\"NaN\",3]");
    }

    private Object value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 8 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> new BigInteger(100, random);
            case 5 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 6, 7 -> text();
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    list.add(value(depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    map.put(text(), value(depth - 1));
                }
                yield map;
            }
        };
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int pick = random.nextInt(6);
            sb.appendCodePoint(switch (pick) {
                case 0 -> random.nextInt(0x20);
                case 1 -> "\"\\/'<>&".charAt(random.nextInt(7));
                case 2 -> 0x80 + random.nextInt(0x780);
                case 3 -> 0x1F600 + random.nextInt(0x40);
                case 4 -> 0x2028 + random.nextInt(2);
                default -> 'a' + random.nextInt(26);
            });
        }
        return sb.toString();
    }
}
