package dev.codemode.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCapTest {

    @Test
    void should_keep_a_value_that_fits_as_it_is() {
        Map<String, Object> value = Map.of("id", "c1", "name", "Ada");
        assertThat(JsonCap.cap(value, 100)).isSameAs(value);
    }

    @Test
    void should_cut_a_long_string_with_an_ellipsis_and_no_half_surrogate() {
        // given
        String text = "😀é\"".repeat(5_000);

        // when
        Object cut = JsonCap.cap(text, 200);

        // then
        String json = JsonValues.write(cut);
        assertThat(json.length()).isLessThanOrEqualTo(200);
        assertThat((String) cut).startsWith("😀é\"").endsWith("…");
        assertThat(Character.isHighSurrogate(((String) cut).charAt(((String) cut).length() - 2))).isFalse();
    }

    @Test
    void should_cut_nested_lists_and_objects_into_valid_json_that_says_how_much_is_missing() {
        // given
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("text", "row number " + i);
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", 1_000);
        result.put("rows", rows);
        result.put("note", "x".repeat(10_000));

        for (int cap : new int[] {32, 100, 500, 4_000}) {
            // when
            Object cut = JsonCap.cap(result, cap);

            // then
            String json = JsonValues.write(cut);
            assertThat(json.length()).as("cap " + cap).isLessThanOrEqualTo(cap);
            assertThat(JsonValues.parse(json)).as("cap " + cap).isEqualTo(cut);
            assertThat(json).as("cap " + cap).contains("more");
        }
        Map<?, ?> at4000 = (Map<?, ?>) JsonCap.cap(result, 4_000);
        assertThat(at4000.get("count")).isEqualTo(1_000);
        List<?> keptRows = (List<?>) at4000.get("rows");
        assertThat(keptRows.get(keptRows.size() - 1).toString()).matches("… \\d+ more");
        assertThat(at4000.get("…")).isEqualTo("1 more");
    }
}
