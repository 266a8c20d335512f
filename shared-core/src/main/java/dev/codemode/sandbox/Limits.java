package dev.codemode.sandbox;

import java.time.Duration;

/**
 * What one script may use. Every limit is enforced and has its own error, written for the model.
 *
 * @param maxSourceChars     characters of script source
 * @param maxSteps           interpreter steps (loop iterations, calls, statements)
 * @param timeout            wall-clock time of one execution, tool calls included
 * @param maxToolCalls       tool calls per execution, {@code parallel} items included
 * @param maxConcurrentCalls tool calls one {@code parallel(...)} runs at the same time
 * @param maxValueChars      size of any value crossing the binding (arguments, tool results) and of
 *                           any string or list the script builds with {@code *}, {@code %},
 *                           {@code join}, {@code replace} or {@code format}; counted in characters of
 *                           its JSON form (list items count at least one each)
 * @param maxOutputChars     characters of the JSON returned to the model; longer output is cut into
 *                           valid JSON that says what was cut
 * @param maxMemoryBytes     bytes the script thread may allocate in one execution (garbage included)
 */
public record Limits(int maxSourceChars, long maxSteps, Duration timeout, int maxToolCalls, int maxConcurrentCalls,
        int maxValueChars, int maxOutputChars, long maxMemoryBytes) {

    public static final Limits DEFAULTS = new Limits(20_000, 1_000_000, Duration.ofSeconds(30), 50, 10,
            1_000_000, 20_000, 256L * 1024 * 1024);

    public Limits {
        positive("maxSourceChars", maxSourceChars);
        positive("maxSteps", maxSteps);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        positive("maxToolCalls", maxToolCalls);
        positive("maxConcurrentCalls", maxConcurrentCalls);
        positive("maxValueChars", maxValueChars);
        if (maxOutputChars < 200) {
            throw new IllegalArgumentException("maxOutputChars must be at least 200, got " + maxOutputChars);
        }
        positive("maxMemoryBytes", maxMemoryBytes);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts from {@link #DEFAULTS}; set only what differs. */
    public static final class Builder {
        private int maxSourceChars;
        private long maxSteps;
        private Duration timeout;
        private int maxToolCalls;
        private int maxConcurrentCalls;
        private int maxValueChars;
        private int maxOutputChars;
        private long maxMemoryBytes;

        private Builder(Limits from) {
            maxSourceChars = from.maxSourceChars;
            maxSteps = from.maxSteps;
            timeout = from.timeout;
            maxToolCalls = from.maxToolCalls;
            maxConcurrentCalls = from.maxConcurrentCalls;
            maxValueChars = from.maxValueChars;
            maxOutputChars = from.maxOutputChars;
            maxMemoryBytes = from.maxMemoryBytes;
        }

        public Builder maxSourceChars(int v) {
            maxSourceChars = v;
            return this;
        }

        public Builder maxSteps(long v) {
            maxSteps = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder maxToolCalls(int v) {
            maxToolCalls = v;
            return this;
        }

        public Builder maxConcurrentCalls(int v) {
            maxConcurrentCalls = v;
            return this;
        }

        public Builder maxValueChars(int v) {
            maxValueChars = v;
            return this;
        }

        public Builder maxOutputChars(int v) {
            maxOutputChars = v;
            return this;
        }

        public Builder maxMemoryBytes(long v) {
            maxMemoryBytes = v;
            return this;
        }

        public Limits build() {
            return new Limits(maxSourceChars, maxSteps, timeout, maxToolCalls, maxConcurrentCalls, maxValueChars,
                    maxOutputChars, maxMemoryBytes);
        }
    }
}
