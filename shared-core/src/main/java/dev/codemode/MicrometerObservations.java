package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.observation.DefaultMetaToolConvention;
import dev.codemode.observation.DefaultToolCallConvention;
import dev.codemode.observation.MetaToolContext;
import dev.codemode.observation.ToolCallContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * {@link Observations} as Micrometer observations on one registry. The default conventions apply
 * unless the registry holds a {@code GlobalObservationConvention} for the context.
 *
 * <p>A failed observation gets an error that holds the observation's name and outcome only (no
 * stack, no message of the script, the arguments or the tool): tracing backends copy an error's
 * message into the span.
 */
final class MicrometerObservations implements Observations {

    private static final DefaultMetaToolConvention EXECUTION = new DefaultMetaToolConvention(
            DefaultMetaToolConvention.EXECUTION);
    private static final DefaultMetaToolConvention META_TOOL = new DefaultMetaToolConvention(
            DefaultMetaToolConvention.META_TOOL);
    private static final DefaultToolCallConvention TOOL_CALL = new DefaultToolCallConvention();

    private final ObservationRegistry registry;

    private MicrometerObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * {@code registry} is an {@link ObservationRegistry}; typed {@code Object} so that callers of this
     * method (the builder's code) never make the JVM load a Micrometer type.
     */
    static Observations of(Object registry) {
        return new MicrometerObservations((ObservationRegistry) registry);
    }

    @Override
    public Run start(String metaTool, CallContext caller) {
        MetaToolContext context = new MetaToolContext(metaTool,
                caller.virtualKey() == null || caller.virtualKey().isBlank() ? "anonymous" : "virtual_key");
        DefaultMetaToolConvention convention = CodeMode.EXECUTE_TOOL_CODE.equals(metaTool) ? EXECUTION : META_TOOL;
        Observation observation = Observation.createNotStarted(null, convention, () -> context, registry).start();
        return new ObservedRun(observation, context);
    }

    @Override
    public Call call(CatalogTool tool) {
        return startCall(tool, null);
    }

    private Call startCall(CatalogTool tool, @Nullable Observation parent) {
        ToolCallContext context = new ToolCallContext(tool.serverId(), tool.toolId());
        Observation observation = Observation.createNotStarted(null, TOOL_CALL, () -> context, registry);
        if (parent != null) {
            // Explicit: calls of parallel(...) run on other threads, where no current observation is set.
            observation.parentObservation(parent);
        }
        observation.start(); // a tracing handler writes the trace context into the carrier here
        Map<String, String> carrier = context.getCarrier();
        return new ObservedCall(observation, context, carrier == null ? Map.of() : Map.copyOf(carrier));
    }

    private final class ObservedRun implements Run {
        private final Observation observation;
        private final MetaToolContext context;

        ObservedRun(Observation observation, MetaToolContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public Call call(CatalogTool tool) {
            return startCall(tool, observation);
        }

        @Override
        public void stop(String outcome, String limit, @Nullable String approval, int toolCalls) {
            context.setOutcome(outcome);
            context.setLimit(limit);
            context.setApproval(approval == null ? "none" : approval);
            context.setToolCalls(toolCalls);
            if (!"ok".equals(outcome)) {
                observation.error(new ObservedFailure(context.getName() + " " + outcome));
            }
            observation.stop();
        }
    }

    private static final class ObservedCall implements Call {
        private final Observation observation;
        private final ToolCallContext context;
        private final Map<String, String> traceContext;
        private final AtomicInteger attempts = new AtomicInteger();

        ObservedCall(Observation observation, ToolCallContext context, Map<String, String> traceContext) {
            this.observation = observation;
            this.context = context;
            this.traceContext = traceContext;
        }

        @Override
        public Map<String, String> traceContext() {
            return traceContext;
        }

        @Override
        public void attempt() {
            attempts.incrementAndGet();
        }

        @Override
        public void stop(String outcome, String breakerState) {
            context.setOutcome(outcome);
            context.setBreakerState(breakerState);
            context.setAttempts(attempts.get());
            if (!"ok".equals(outcome)) {
                observation.error(new ObservedFailure(DefaultToolCallConvention.NAME + " " + outcome));
            }
            observation.stop();
        }
    }

    /** The error of a failed observation: its name and outcome, nothing else. */
    static final class ObservedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ObservedFailure(String message) {
            super(message, null, false, false);
        }
    }
}
