package dev.codemode.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Breakers as wired by {@link CodeMode}: every upstream call passes one, and its state is visible. */
class CodeModeResilienceTest {

    @Test
    void should_open_the_breaker_of_a_failing_server_and_let_scripts_handle_it_with_try_call() {
        AtomicInteger reached = new AtomicInteger();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60)).build());
        try (Resilience resilience = Resilience.builder().circuitBreakerRegistry(breakers).build();
                CodeMode codeMode = CodeMode.builder()
                        .toolSources(FunctionToolSource.builder("weather")
                                .tool("forecast", "Forecast.", Map.of("type", "object"), a -> {
                                    reached.incrementAndGet();
                                    throw new ToolCallException("weather.forecast failed: connection refused");
                                })
                                .build())
                        .approvalPolicy(ApprovalPolicy.autoExecuteAll())
                        .resilience(resilience)
                        .build()) {
            Map<?, ?> out = (Map<?, ?>) JsonValues.parse(codeMode.call("executeToolCode", Map.of("code", """
                    errors = []
                    for i in range(6):
                        v, err = try_call(weather.forecast)
                        errors.append(err)
                    result = errors
                    """)).text());
            java.util.List<?> errors = (java.util.List<?>) out.get("result");
            assertThat(errors.get(0).toString()).contains("connection refused");
            assertThat(errors.get(5).toString()).startsWith("server weather is unavailable (circuit open after"
                    + " repeated failures); retry after about");
            assertThat(reached.get()).as("calls after the breaker opened never reached the server").isEqualTo(4);
            assertThat(codeMode.breakerStates()).containsKey("weather");
            assertThat(codeMode.breakerStates().get("weather").state()).isEqualTo("OPEN");
        }
    }
}
