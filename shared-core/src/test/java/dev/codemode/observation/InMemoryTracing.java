package dev.codemode.observation;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Micrometer Tracing over the OpenTelemetry SDK with an in-memory exporter, wired the way Spring
 * Boot wires it (sender, receiver and default tracing handlers, W3C propagation): an
 * {@link ObservationRegistry} whose finished spans the test reads.
 */
public final class InMemoryTracing implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final OtelTracer tracer;

    public InMemoryTracing() {
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        io.opentelemetry.api.trace.Tracer otelTracer = otel.getTracer("codemode-test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        this.tracer = new OtelTracer(otelTracer, current, event -> {
        }, new OtelBaggageManager(current, List.of(), List.of()));
        OtelPropagator propagator = new OtelPropagator(otel.getPropagators(), otelTracer);
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
    }

    public ObservationRegistry registry() {
        return registry;
    }

    /** Finished spans, in the order they ended. */
    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    public List<SpanData> spans(String name) {
        return spans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    public SpanData span(String name) {
        List<SpanData> found = spans(name);
        if (found.size() != 1) {
            throw new AssertionError("expected one span " + name + ", found " + found.size() + ": " + names());
        }
        return found.get(0);
    }

    public List<String> names() {
        return spans().stream().map(SpanData::getName).toList();
    }

    /** A span's attribute as text, if set. */
    public static Optional<String> tag(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(e -> String.valueOf(e.getValue())).findFirst();
    }

    /** Every attribute of every span and of its events, as key=value text, for "never appears" checks. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        for (SpanData s : spans()) {
            all.append(s.getName()).append('\n');
            s.getAttributes().forEach((k, v) -> all.append(k.getKey()).append('=').append(v).append('\n'));
            s.getEvents().forEach(e -> {
                all.append(e.getName()).append('\n');
                e.getAttributes().forEach((k, v) -> all.append(k.getKey()).append('=').append(v).append('\n'));
            });
            all.append(s.getStatus().getDescription()).append('\n');
        }
        return all.toString();
    }

    /** The {@code traceparent} parts: version, trace id, parent span id, flags. */
    public static String[] traceparent(Map<String, ?> carrier) {
        Object value = carrier.get("traceparent");
        if (value == null) {
            throw new AssertionError("no traceparent in " + carrier);
        }
        return String.valueOf(value).split("-");
    }

    public void reset() {
        exporter.reset();
    }

    @Override
    public void close() {
        provider.close();
    }
}
