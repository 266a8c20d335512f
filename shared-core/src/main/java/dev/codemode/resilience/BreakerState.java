package dev.codemode.resilience;

/**
 * A snapshot of one circuit breaker, for adapters to show (an actuator endpoint, a status line).
 *
 * @param name              the breaker's instance name: the server identifier, or {@code server.tool}
 *                          when breakers are per tool
 * @param state             Resilience4j's state name: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN},
 *                          {@code FORCED_OPEN}, {@code DISABLED} or {@code METRICS_ONLY}
 * @param failureRate       failed calls in the sliding window, in percent; {@code -1} until the window
 *                          holds the minimum number of calls
 * @param bufferedCalls     calls in the sliding window
 * @param failedCalls       failed calls in the sliding window
 * @param notPermittedCalls calls refused while the breaker was open (since it was created)
 */
public record BreakerState(String name, String state, float failureRate, int bufferedCalls, int failedCalls,
        long notPermittedCalls) {

    /** True when calls are refused: the breaker is {@code OPEN} or {@code FORCED_OPEN}. */
    public boolean isOpen() {
        return state.equals("OPEN") || state.equals("FORCED_OPEN");
    }
}
