package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Code Mode tells an observation system, with no type of one in its signatures: {@link #NONE}
 * records nothing and loads nothing; {@link MicrometerObservations} (the only class that names
 * Micrometer types, loaded only when a registry is given) records Micrometer observations. A run's
 * tool calls get the run as their explicit parent, whatever thread they run on ({@code parallel}).
 */
interface Observations {

    /** Nothing recorded, no trace context: what a host without a registry uses. */
    Observations NONE = new Observations() {
        @Override
        public Run start(String metaTool, CallContext caller) {
            return Run.NONE;
        }

        @Override
        public Call call(CatalogTool tool) {
            return Call.NONE;
        }
    };

    /** Starts the observation of one meta-tool call; its parent is the application's current observation. */
    Run start(String metaTool, CallContext caller);

    /** Starts the observation of one tool call offered directly; its parent is the application's current one. */
    Call call(CatalogTool tool);

    /** One meta-tool call under observation. */
    interface Run {

        Run NONE = new Run() {
            @Override
            public Call call(CatalogTool tool) {
                return Call.NONE;
            }

            @Override
            public void stop(String outcome, String limit, @Nullable String approval, int toolCalls) {
            }
        };

        /** Starts the observation of one tool call of this run, with this run as its parent. */
        Call call(CatalogTool tool);

        /** Stops the observation: {@code outcome} {@code ok} or an error kind (then marked failed). */
        void stop(String outcome, String limit, @Nullable String approval, int toolCalls);
    }

    /** One tool call under observation. */
    interface Call {

        Call NONE = new Call() {
            @Override
            public Map<String, String> traceContext() {
                return Map.of();
            }

            @Override
            public void attempt() {
            }

            @Override
            public void stop(String outcome, String breakerState) {
            }
        };

        /** The trace context to send upstream ({@code traceparent}, {@code tracestate}); empty when none. */
        Map<String, String> traceContext();

        /** One more upstream attempt. */
        void attempt();

        /** Stops the observation: {@code outcome} {@code ok} or why not (then marked failed). */
        void stop(String outcome, String breakerState);
    }
}
