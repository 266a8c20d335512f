package dev.codemode.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Name and key values of {@code codemode.tool.call}. Low cardinality: {@code codemode.server},
 * {@code codemode.tool} (catalog identifiers: a finite set fixed by the catalog), {@code codemode.outcome},
 * {@code codemode.breaker.state}; high cardinality: {@code codemode.attempts}. Extend it and register it
 * as a {@code GlobalObservationConvention} to change them.
 */
public class DefaultToolCallConvention implements ObservationConvention<ToolCallContext> {

    public static final String NAME = "codemode.tool.call";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ToolCallContext context) {
        return NAME;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ToolCallContext context) {
        return KeyValues.of("codemode.server", context.getServer(), "codemode.tool", context.getTool(),
                "codemode.outcome", context.getOutcome(), "codemode.breaker.state", context.getBreakerState());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ToolCallContext context) {
        return KeyValues.of("codemode.attempts", String.valueOf(context.getAttempts()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ToolCallContext;
    }
}
