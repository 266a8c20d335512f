package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkFloat;
import net.starlark.java.eval.StarlarkInt;
import net.starlark.java.eval.StarlarkList;
import net.starlark.java.eval.Tuple;
import org.junit.jupiter.api.Test;

class StarlarkValuesTest {

    @Test
    void should_round_trip_nested_json_values() throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("s", "text");
        json.put("i", 42L);
        json.put("big", new BigInteger("123456789012345678901234567890"));
        json.put("f", 2.5);
        json.put("b", true);
        json.put("n", null);
        json.put("list", Arrays.asList(1L, Arrays.asList("x", null), Map.of("k", false)));
        try (Mutability mu = Mutability.create("test")) {
            Object starlark = StarlarkValues.toStarlark(json, mu, 10_000);
            assertThat(starlark).isInstanceOf(Dict.class);
            Dict<?, ?> dict = (Dict<?, ?>) starlark;
            assertThat(dict.get("i")).isEqualTo(StarlarkInt.of(42));
            assertThat(dict.get("f")).isEqualTo(StarlarkFloat.of(2.5));
            assertThat(dict.get("n")).isEqualTo(Starlark.NONE);
            assertThat(dict.get("list")).isInstanceOf(StarlarkList.class);
            assertThat(StarlarkValues.toJava(starlark, 10_000)).isEqualTo(json);
        }
    }

    @Test
    void should_convert_tuples_to_lists_and_refuse_values_without_json_form() throws Exception {
        assertThat(StarlarkValues.toJava(Tuple.of(StarlarkInt.of(1), "a"), 100)).isEqualTo(List.of(1L, "a"));
        assertThatThrownBy(() -> StarlarkValues.toJava(StarlarkFloat.of(Double.NaN), 100))
                .isInstanceOf(EvalException.class).hasMessageContaining("has no JSON form");
        try (Mutability mu = Mutability.create("test")) {
            Dict<Object, Object> intKeys = Dict.of(mu);
            intKeys.putEntry(StarlarkInt.of(1), "x");
            assertThatThrownBy(() -> StarlarkValues.toJava(intKeys, 100)).isInstanceOf(EvalException.class)
                    .hasMessageContaining("JSON objects need string keys");
            assertThatThrownBy(() -> StarlarkValues.toStarlark(new Object(), mu, 100))
                    .isInstanceOf(EvalException.class).hasMessageContaining("has no JSON form");
        }
    }

    @Test
    void should_stop_at_the_budget_and_the_depth_limit() throws Exception {
        List<Object> wide = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            wide.add("x".repeat(100));
        }
        try (Mutability mu = Mutability.create("test")) {
            assertThatThrownBy(() -> StarlarkValues.toStarlark(wide, mu, 50_000))
                    .isInstanceOf(StarlarkValues.TooLargeException.class).hasMessage("larger than 50000 characters of JSON");
            Object deep = "leaf";
            for (int i = 0; i < 200; i++) {
                deep = List.of(deep);
            }
            Object finalDeep = deep;
            assertThatThrownBy(() -> StarlarkValues.toStarlark(finalDeep, mu, 1_000_000))
                    .isInstanceOf(StarlarkValues.TooLargeException.class).hasMessageContaining("nested more than 64");
        }
    }

    @Test
    void should_count_shared_substructures_each_time_they_are_reached() throws Exception {
        try (Mutability mu = Mutability.create("test")) {
            StarlarkList<Object> a = StarlarkList.of(mu, "x".repeat(10));
            for (int i = 0; i < 30; i++) {
                a = StarlarkList.of(mu, a, a);
            }
            StarlarkList<Object> shared = a;
            assertThat(StarlarkValues.sizeUpTo(shared, 1_000_000)).isEqualTo(1_000_001);
            assertThatThrownBy(() -> StarlarkValues.toJava(shared, 1_000_000))
                    .isInstanceOf(StarlarkValues.TooLargeException.class);
        }
    }
}
