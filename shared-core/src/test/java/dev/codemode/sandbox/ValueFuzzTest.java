package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codemode.json.ArbitraryJson;
import dev.codemode.json.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Mutability;

/**
 * Fuzzes the value converters with arbitrary JSON, both ways. The documented errors, and nothing else:
 * <ul>
 *   <li>{@link JsonValues#parse}: a value, or {@link IllegalArgumentException} "invalid JSON: ...";
 *       {@link JsonValues#parseOrText} never throws; what parses writes back to JSON that parses to the
 *       same value;</li>
 *   <li>{@link StarlarkValues}: a value, {@link StarlarkValues.TooLargeException} (over the budget or
 *       {@link StarlarkValues#MAX_DEPTH}) or {@link EvalException} (a value without a JSON form: NaN,
 *       infinities); a JSON value within budget survives the trip into Starlark and back unchanged;</li>
 *   <li>{@link ResultJson} and {@link JsonCap}: valid JSON, never longer than the cap.</li>
 * </ul>
 */
class ValueFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void json_text_parses_or_fails_with_invalid_json(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();

        assertThatCode(() -> JsonValues.parseOrText(text)).doesNotThrowAnyException();
        Object value;
        try {
            value = JsonValues.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("invalid JSON: ");
            return;
        }
        String written = JsonValues.write(value);
        assertThat(JsonValues.parse(written)).isEqualTo(value);
        assertThat(JsonValues.write(JsonValues.parse(written))).isEqualTo(written);
    }

    @FuzzTest(maxDuration = "2m")
    void json_values_cross_into_starlark_and_back(FuzzedDataProvider data) throws Exception {
        Object raw = ArbitraryJson.value(data, 12);
        long budget = data.consumeBoolean() ? Long.MAX_VALUE : data.consumeLong(0, 5_000);
        Object json = JsonValues.parse(JsonValues.write(raw)); // the shape every source hands over

        try (Mutability mu = Mutability.create("fuzz")) {
            Object starlark;
            try {
                starlark = StarlarkValues.toStarlark(json, mu, budget);
            } catch (StarlarkValues.TooLargeException e) {
                assertThat(budget).isLessThan(Long.MAX_VALUE);
                return;
            }
            assertThat(StarlarkValues.sizeUpTo(starlark, Long.MAX_VALUE)).isNotNegative();
            Object back = StarlarkValues.toJava(starlark, Long.MAX_VALUE);
            assertThat(JsonValues.write(back)).isEqualTo(JsonValues.write(json));
        }
    }

    @FuzzTest(maxDuration = "2m")
    void any_java_value_converts_or_fails_with_a_documented_error(FuzzedDataProvider data) throws Exception {
        Object raw = ArbitraryJson.value(data, 80); // unnormalised numbers, NaN, deeper than MAX_DEPTH
        long budget = data.consumeLong(0, 100_000);
        try (Mutability mu = Mutability.create("fuzz")) {
            Object starlark = StarlarkValues.toStarlark(raw, mu, budget);
            StarlarkValues.toJava(starlark, budget);
        } catch (StarlarkValues.TooLargeException | EvalException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void result_json_is_valid_json_within_the_cap(FuzzedDataProvider data) {
        int maxChars = data.consumeInt(200, 4_000);
        List<String> logs = new ArrayList<>();
        int n = data.consumeInt(0, 5);
        for (int i = 0; i < n; i++) {
            logs.add(data.consumeString(data.consumeInt(0, 3_000)));
        }
        boolean failed = data.consumeBoolean();
        ScriptError error = failed ? new ScriptError(data.pickValue(List.of("syntax", "runtime", "limit")),
                data.consumeString(400), data.consumeBoolean() ? data.consumeInt(1, 1000) : null, null,
                data.consumeBoolean() ? data.consumeString(300) : null) : null;
        Object result = failed ? null : JsonValues.parse(JsonValues.write(ArbitraryJson.value(data, 10)));
        ExecutionResult r = new ExecutionResult(result, logs, data.consumeInt(0, 50), data.consumeLong(0, 60_000), error);

        String text = ResultJson.render(r, maxChars);

        assertThat(text.length()).as(text).isLessThanOrEqualTo(maxChars);
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonValues.parse(text);
        assertThat(parsed).containsKey(failed ? "error" : "result").containsKeys("logs", "toolCalls", "ms");
        if (!parsed.containsKey("truncated")) {
            assertThat(JsonValues.write(parsed.get("result"))).isEqualTo(JsonValues.write(result));
            assertThat(parsed.get("logs")).isEqualTo(logs);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void capped_json_fits_and_stays_json(FuzzedDataProvider data) {
        int maxChars = data.consumeInt(0, 2_000);
        Object value = JsonValues.parse(JsonValues.write(ArbitraryJson.value(data, 10)));

        Object capped = JsonValues.cap(value, maxChars);

        String text = JsonValues.write(capped);
        assertThat(JsonValues.parse(text)).isEqualTo(capped);
        if (JsonValues.write(value).length() <= maxChars) {
            assertThat(capped).isSameAs(value);
        } else if (capped != null) {
            assertThat(text.length()).as(text).isLessThanOrEqualTo(maxChars);
        }
    }
}
