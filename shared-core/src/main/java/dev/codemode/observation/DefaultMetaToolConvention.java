package dev.codemode.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of meta-tool observations: {@code codemode.execution} for
 * {@code executeToolCode}, {@code codemode.meta_tool} for the other three. Low cardinality:
 * {@code codemode.meta_tool}, {@code codemode.caller}, {@code codemode.outcome}, and for executions
 * {@code codemode.limit} and {@code codemode.approval}; high cardinality: {@code codemode.tool_calls}.
 * Extend it and register it as a {@code GlobalObservationConvention} to change them (Micrometer
 * asks a convention for its name without a context: one instance serves one of the two names).
 */
public class DefaultMetaToolConvention implements ObservationConvention<MetaToolContext> {

    public static final String EXECUTION = "codemode.execution";
    public static final String META_TOOL = "codemode.meta_tool";

    private final String name;

    /** {@code name}: {@link #EXECUTION} or {@link #META_TOOL}. */
    public DefaultMetaToolConvention(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MetaToolContext context) {
        KeyValues values = KeyValues.of("codemode.meta_tool", context.getMetaTool(),
                "codemode.caller", context.getCaller(), "codemode.outcome", context.getOutcome());
        return isExecution(context) ? values.and("codemode.limit", context.getLimit(),
                "codemode.approval", context.getApproval()) : values;
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MetaToolContext context) {
        return isExecution(context) ? KeyValues.of("codemode.tool_calls", String.valueOf(context.getToolCalls()))
                : KeyValues.empty();
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof MetaToolContext;
    }

    private static boolean isExecution(MetaToolContext context) {
        return "executeToolCode".equals(context.getMetaTool());
    }
}
