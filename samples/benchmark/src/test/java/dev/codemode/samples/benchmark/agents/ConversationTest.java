package dev.codemode.samples.benchmark.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Billing and prompt caching of one conversation, as the method describes them. */
class ConversationTest {

    static final TokenMeter METER = new TokenMeter();

    static Toolbox toolbox(String description) {
        return new Toolbox() {
            @Override
            public List<Map<String, Object>> tools() {
                return List.of(Map.of("type", "function", "function", Map.of("name", "lookup", "description",
                        description)));
            }

            @Override
            public String call(String name, Map<String, Object> arguments) {
                return "{\"id\": \"c42\", \"email\": \"ada@example.com\"}";
            }
        };
    }

    @Test
    void should_read_the_previous_request_from_the_cache_once_the_prefix_is_long_enough() {
        Toolbox big = toolbox("word ".repeat(2_000));
        Conversation.Cache cache = new Conversation.Cache();
        Conversation first = new Conversation(METER, big, cache, "system", "user");

        first.toolCall("lookup", Map.of("id", "c42"));
        first.answer("{}");

        List<Conversation.Request> requests = first.transcript();
        assertThat(requests.get(0).cachedTokens()).isZero(); // nothing was cached before
        assertThat(requests.get(1).cachedTokens()).isEqualTo(requests.get(0).inputTokens() - Conversation.REPLY_PRIMING);
        assertThat(first.cacheWriteTokens()).isEqualTo(first.inputTokens() - first.cachedInputTokens());

        // the next task of the same agent finds the definitions and system prompt warm
        Conversation second = new Conversation(METER, big, cache, "system", "another user");
        second.answer("{}");
        assertThat(second.cachedInputTokens()).isGreaterThan(2_000).isLessThan(second.inputTokens());
    }

    @Test
    void should_neither_read_nor_write_the_cache_below_the_providers_minimum() {
        Conversation c = new Conversation(METER, toolbox("Look up a customer."), new Conversation.Cache(), "system",
                "user");

        c.toolCall("lookup", Map.of("id", "c42"));
        c.answer("{}");

        assertThat(c.inputTokens()).isLessThan(Conversation.MIN_CACHED);
        assertThat(c.cachedInputTokens()).isZero();
        assertThat(c.cacheWriteTokens()).isZero();
    }

    @Test
    void should_bill_calls_of_one_response_as_one_request_and_keep_what_was_shown() {
        Conversation c = new Conversation(METER, toolbox("Look up a customer."), "system", "What is c42's email?");

        List<String> results = c.step(List.of(new Conversation.Call("lookup", Map.of("id", "c42")),
                new Conversation.Call("lookup", Map.of("id", "c7"))));
        c.answer("{}");

        assertThat(results).hasSize(2);
        assertThat(c.requests()).isEqualTo(2);
        assertThat(c.roundTrips()).isEqualTo(1);
        assertThat(c.toolCalls()).isEqualTo(2);
        assertThat(c.shown()).contains("Look up a customer.").contains("ada@example.com")
                .doesNotContain("What is c42's email?");
    }
}
