package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.audit.ToolCallRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardToolCallingEstimateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** One token per character, so every figure below can be added up by hand. */
    private final StandardToolCallingEstimate estimate = new StandardToolCallingEstimate(String::length, null);

    private static StandardToolCallingEstimate.Call call(String tool, long startMillis, long millis) {
        return new StandardToolCallingEstimate.Call("s", tool, "{}", "ok", T0.plusMillis(startMillis),
                Duration.ofMillis(millis));
    }

    @Test
    void should_send_overlapping_calls_in_one_request_and_each_later_call_in_the_next() {
        List<List<StandardToolCallingEstimate.Call>> rounds = StandardToolCallingEstimate.rounds(List.of(
                call("c", 20, 5), call("a", 0, 10), call("b", 1, 12), call("d", 25, 1)));
        assertThat(rounds).extracting(r -> r.stream().map(StandardToolCallingEstimate.Call::tool).toList())
                .containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
    }

    @Test
    void should_count_the_transcript_growing_by_each_round_with_every_definition_on_each_request() {
        // given a user message of 4 characters, two rounds of one call each, 100 tokens of definitions
        List<StandardToolCallingEstimate.Call> calls = List.of(call("t", 0, 5), call("t", 10, 5));

        StandardToolCallingEstimate.Turn turn = estimate.turn("help", calls, "done", 100, 3);

        // then: "user"+"help" = 8; a round adds "assistant" 9 + "s__t" 4 + "{}" 2 + "tool" 4 + "s__t" 4 + "ok" 2 = 25
        assertThat(turn).isEqualTo(new StandardToolCallingEstimate.Turn(3, (8 + 100) + (33 + 100) + (58 + 100), 2, 3));
        // and the next turn starts from this turn's transcript and answer: 58 + "assistant" 9 + "done" 4 = 71
        assertThat(estimate.turn("ok", List.of(), "x", 100, 3).inputTokens()).isEqualTo(71 + 4 + 2 + 100);
    }

    @Test
    void should_take_arguments_and_results_from_the_audit_record_and_an_error_as_the_result() {
        ToolCallRecord ok = new ToolCallRecord(T0, "e1", "turn-1", "k", "crm", "lookup_customer",
                Map.of("customer_id", "c42"), Map.of("name", "Ada"), null, Duration.ofMillis(3), BigDecimal.ZERO);
        ToolCallRecord failed = new ToolCallRecord(T0, "e1", "turn-1", "k", "crm", "lookup_customer",
                Map.of("customer_id", "c0"), null, "no customer c0", Duration.ofMillis(3), BigDecimal.ZERO);

        assertThat(StandardToolCallingEstimate.Call.of(ok)).satisfies(c -> {
            assertThat(c.arguments()).isEqualTo("{\"customer_id\":\"c42\"}");
            assertThat(c.result()).isEqualTo("{\"name\":\"Ada\"}");
        });
        assertThat(StandardToolCallingEstimate.Call.of(failed).result()).isEqualTo("no customer c0");
    }

    @Test
    void should_print_both_figures_without_a_ratio() {
        String line = StandardToolCallingEstimate.line(4395, 4, new StandardToolCallingEstimate.Turn(4, 4621, 4, 12));
        assertThat(line).isEqualTo("Code Mode 4,395 in (4 requests) / standard tool calling ~4,621 in (estimated: 12"
                + " tool definitions on each of 4 requests, the same 4 tool calls and results)");
        assertThat(StandardToolCallingEstimate.line(900, 1, new StandardToolCallingEstimate.Turn(1, 800, 0, 5)))
                .endsWith("(estimated: 5 tool definitions on each of 1 request, the same 0 tool calls and results)");
    }
}
