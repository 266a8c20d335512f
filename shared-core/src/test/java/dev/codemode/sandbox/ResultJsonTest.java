package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

    @Test
    void should_render_success_compactly() {
        ExecutionResult r = new ExecutionResult(Map.of("customer", "c42"), List.of("found 3"), 4, 38, null);
        assertThat(ResultJson.render(r, 1000))
                .isEqualTo("{\"result\":{\"customer\":\"c42\"},\"logs\":[\"found 3\"],\"toolCalls\":4,\"ms\":38}");
    }

    @Test
    void should_render_errors_with_line_column_and_hint() {
        ExecutionResult r = new ExecutionResult(null, List.of(), 1, 5,
                new ScriptError("runtime", "crm has no tool x", 3, 9, "did you mean y?"));
        assertThat(ResultJson.render(r, 1000)).isEqualTo("{\"error\":\"crm has no tool x\",\"line\":3,\"column\":9,"
                + "\"hint\":\"did you mean y?\",\"logs\":[],\"toolCalls\":1,\"ms\":5}");
    }

    @Test
    void should_cut_oversized_output_into_valid_json_that_says_so() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("text", "row number " + i);
            rows.add(row);
        }
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            logs.add("log line " + i);
        }
        ExecutionResult r = new ExecutionResult(Map.of("rows", rows, "note", "x".repeat(50_000)), logs, 1, 2, null);
        for (int cap : new int[] {300, 2_000, 20_000}) {
            String text = ResultJson.render(r, cap);
            assertThat(text.length()).as("cap " + cap).isLessThanOrEqualTo(cap);
            Map<?, ?> parsed = (Map<?, ?>) JsonValues.parse(text);
            assertThat(parsed.get("truncated").toString()).contains("over the limit of " + cap);
            assertThat(parsed.containsKey("result")).isTrue();
        }
    }

    @Test
    void should_cut_a_single_huge_string_with_an_ellipsis() {
        ExecutionResult r = new ExecutionResult("é\"".repeat(10_000), List.of(), 0, 1, null);
        String text = ResultJson.render(r, 500);
        assertThat(text.length()).isLessThanOrEqualTo(500);
        Map<?, ?> parsed = (Map<?, ?>) JsonValues.parse(text);
        assertThat(parsed.get("result").toString()).endsWith("…").startsWith("é\"é\"");
    }

    @Test
    void should_cut_a_long_error_message_and_hint_to_the_cap() {
        // given a failure quoting a long upstream error, with long logs
        ExecutionResult r = new ExecutionResult(null, List.of("log ".repeat(200)), 2, 7,
                new ScriptError("runtime", "crm.lookup failed: " + "upstream says no. ".repeat(100), 4, 1,
                        "hint ".repeat(100)));

        for (int cap : new int[] {200, 500, 2_000}) {
            // when
            String text = ResultJson.render(r, cap);

            // then it fits, is JSON, and keeps the start of the error and where it happened
            assertThat(text.length()).as("cap " + cap).isLessThanOrEqualTo(cap);
            Map<?, ?> parsed = (Map<?, ?>) JsonValues.parse(text);
            assertThat(parsed.get("error").toString()).startsWith("crm.lookup").endsWith("…");
            assertThat(parsed.get("line")).isEqualTo(4);
            assertThat(parsed.get("truncated").toString()).contains("over the limit of " + cap);
        }
    }
}
