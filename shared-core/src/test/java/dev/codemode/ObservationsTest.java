package dev.codemode;

import static dev.codemode.observation.InMemoryTracing.tag;
import static dev.codemode.observation.InMemoryTracing.traceparent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.observation.InMemoryTracing;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.Limits;
import io.micrometer.observation.Observation;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer observations through {@link CodeMode}'s public API, read back as OpenTelemetry spans
 * from an in-memory exporter: names, parents, key values, status, the trace context a source
 * receives, and what never becomes a span attribute.
 */
class ObservationsTest {

    /** In the script as a comment, a string literal and an argument: it must appear in no span. */
    private static final String MARK = "SCRIPT-MARK-7f3a";
    private static final String SCRIPT = """
            # MARK
            c = crm.lookup(id="c1-MARK")
            v, err = try_call(crm.broken, id="MARK")
            rs = parallel([(crm.lookup, {"id": "c2"})])
            result = {"c": c, "failed": err != None, "n": len(rs)}
            """.replace("MARK", MARK);

    private final InMemoryTracing tracing = new InMemoryTracing();
    private final RecordingSource crm = new RecordingSource(FunctionToolSource.builder("crm")
            .tool("lookup", "Look up.", Map.of("type", "object"), a -> Map.of("id", a.get("id")))
            .tool("broken", "Always fails.", Map.of("type", "object"), a -> {
                throw new IllegalStateException("broken for " + a.get("id"));
            })
            .build());

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void should_nest_the_execution_under_the_request_and_every_tool_call_under_the_execution() {
        // given: a host with a registry, called inside the application's own observation
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).autoExecute("crm.*")
                .observationRegistry(tracing.registry()).build()) {

            // when: a script with three calls, one failing, one inside parallel(...)
            String answer = inRequest(() -> codeMode.call("executeToolCode", Map.of("code", SCRIPT)).text());

            // then
            assertThat(answer).contains("\"failed\":true").contains("\"n\":1");
        }
        SpanData chat = tracing.span("chat");
        SpanData execution = tracing.span("codemode.execution");
        List<SpanData> calls = tracing.spans("codemode.tool.call");
        assertThat(calls).hasSize(3);
        assertThat(execution.getParentSpanId()).isEqualTo(chat.getSpanId());
        assertThat(execution.getTraceId()).isEqualTo(chat.getTraceId());
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.getParentSpanId()).isEqualTo(execution.getSpanId());
            assertThat(call.getTraceId()).isEqualTo(chat.getTraceId());
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(tag(call, "codemode.server")).hasValue("crm");
            assertThat(tag(call, "codemode.breaker.state")).hasValue("closed");
            assertThat(tag(call, "codemode.attempts")).hasValue("1");
        });
        assertThat(calls).extracting(c -> tag(c, "codemode.tool").orElseThrow() + " "
                + tag(c, "codemode.outcome").orElseThrow() + " " + failed(c))
                .containsExactlyInAnyOrder("lookup ok -", "lookup ok -", "broken tool_error ERROR");
        assertThat(tag(execution, "codemode.outcome")).hasValue("ok");
        assertThat(tag(execution, "codemode.tool_calls")).hasValue("3");
        assertThat(tag(execution, "codemode.caller")).hasValue("anonymous");
        assertThat(tag(execution, "codemode.limit")).hasValue("none");
        assertThat(tag(execution, "codemode.approval")).hasValue("auto");
        assertThat(failed(execution)).isEqualTo("-");

        // the source got each call's own trace context, on the time limiter's thread, parallel's call included
        assertThat(crm.traceContexts).hasSize(3);
        List<String> callSpanIds = calls.stream().map(SpanData::getSpanId).toList();
        assertThat(crm.traceContexts).allSatisfy(context -> {
            String[] parts = traceparent(context);
            assertThat(parts[1]).isEqualTo(chat.getTraceId());
            assertThat(parts[2]).isIn(callSpanIds);
        });
        assertThat(crm.traceContexts.stream().map(c -> traceparent(c)[2]).distinct()).hasSize(3);
    }

    @Test
    void should_put_no_script_text_argument_error_text_or_key_in_any_span() {
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).autoExecute("crm.*")
                .observationRegistry(tracing.registry()).build()) {
            inRequest(() -> codeMode.call("executeToolCode", Map.of("code", SCRIPT), CallContext.of("sk-" + MARK)));
            inRequest(() -> codeMode.call("executeToolCode", Map.of("code", "x = 1 +\n# " + MARK)));
            inRequest(() -> codeMode.call("executeToolCode", Map.of("code", "fail(\"" + MARK + "\")")));
            inRequest(() -> codeMode.call("executeToolCode", Map.of("code", "# " + MARK.repeat(20_000))));
        }
        String everything = tracing.everything();
        assertThat(tracing.spans("codemode.execution")).hasSize(4);
        assertThat(everything).doesNotContain(MARK).doesNotContain("crm.lookup(").doesNotContain("sk-")
                .doesNotContain("broken for");
        assertThat(tracing.spans("codemode.execution")).extracting(s -> tag(s, "codemode.outcome").orElseThrow())
                .containsExactly("ok", "syntax", "runtime", "invalid_arguments");
    }

    @Test
    void should_record_nothing_and_send_no_trace_context_without_a_registry() {
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).autoExecute("crm.*").build()) {
            inRequest(() -> codeMode.call("executeToolCode", Map.of("code", SCRIPT)).text());
            inRequest(() -> codeMode.call("listToolFiles", Map.of()).text());
        }
        assertThat(tracing.names()).containsExactly("chat", "chat");
        assertThat(crm.traceContexts).hasSize(3).allSatisfy(c -> assertThat(c).isEmpty());
    }

    @Test
    void should_observe_the_read_only_meta_tools_by_name_and_outcome() {
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).observationRegistry(tracing.registry()).build()) {
            inRequest(() -> codeMode.call("listToolFiles", Map.of()));
            inRequest(() -> codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")));
            inRequest(() -> codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "lookup")));
            inRequest(() -> codeMode.call("readToolFile", Map.of()));
        }
        List<SpanData> metaTools = tracing.spans("codemode.meta_tool");
        assertThat(metaTools).extracting(s -> tag(s, "codemode.meta_tool").orElseThrow() + " "
                + tag(s, "codemode.outcome").orElseThrow() + " " + failed(s))
                .containsExactly("listToolFiles ok -", "readToolFile ok -", "getToolDocs ok -",
                        "readToolFile invalid_arguments ERROR");
        assertThat(metaTools).allSatisfy(s -> assertThat(s.getParentSpanId())
                .isIn(tracing.spans("chat").stream().map(SpanData::getSpanId).toList()));
    }

    @Test
    void should_observe_a_tool_offered_directly_under_the_request_and_a_limit_by_its_name() {
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm).autoExecute("crm.*").directTools("crm.lookup")
                .limits(Limits.builder().maxToolCalls(1).build())
                .observationRegistry(tracing.registry()).build()) {
            inRequest(() -> codeMode.call("crm__lookup", Map.of("id", "c1")));
            inRequest(() -> codeMode.call("executeToolCode",
                    Map.of("code", "for i in range(3):\n    crm.lookup(id=\"c1\")")));
        }
        SpanData direct = tracing.spans("codemode.tool.call").get(0);
        assertThat(direct.getParentSpanId()).isEqualTo(tracing.spans("chat").get(0).getSpanId());
        assertThat(tag(direct, "codemode.outcome")).hasValue("ok");
        SpanData limited = tracing.span("codemode.execution");
        assertThat(tag(limited, "codemode.outcome")).hasValue("limit");
        assertThat(tag(limited, "codemode.limit")).hasValue("tool_calls");
        assertThat(limited.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void should_say_where_a_refused_call_stopped() {
        ToolCatalog catalog = ToolCatalog.of(crm);
        CatalogTool lookup = catalog.view().tool("crm", "lookup").orElseThrow();
        CatalogTool broken = catalog.view().tool("crm", "broken").orElseThrow();
        Observations observations = MicrometerObservations.of(tracing.registry());
        try (Resilience resilience = Resilience.ofDefaults()) {
            Observations.Run run = observations.start("executeToolCode", CallContext.anonymous());
            ToolInvoker seesLookupOnly = new CallPath(catalog, resilience).forRun(catalog.view(t -> t.equals(lookup)),
                    new ApprovalGate.Decision(Set.of("crm.broken"), "approved", null, null),
                    AuditLog.none().begin("e1", null), run);
            ToolInvoker strict = new CallPath(ToolCatalog.of(strictSource()), resilience).forRun(
                    ToolCatalog.of(strictSource()).view(), new ApprovalGate.Decision(Set.of("strict.need_id"),
                            "approved", null, null), AuditLog.none().begin("e2", null), run);
            CatalogTool needId = ToolCatalog.of(strictSource()).view().tools().get(0);
            for (Runnable call : List.<Runnable>of(() -> seesLookupOnly.invoke(broken, Map.of()),
                    () -> seesLookupOnly.invoke(lookup, Map.of()), () -> strict.invoke(needId, Map.of()))) {
                try {
                    call.run();
                } catch (ToolCallException expected) {
                    // refused: the span says where
                }
            }
            run.stop("ok", "none", "approved", 3);
        }
        assertThat(tracing.spans("codemode.tool.call")).extracting(s -> tag(s, "codemode.outcome").orElseThrow()
                + " " + tag(s, "codemode.attempts").orElseThrow() + " " + s.getStatus().getStatusCode())
                .containsExactly("refused_view 0 ERROR", "refused_approval 0 ERROR", "invalid_arguments 0 ERROR");
    }

    /** {@code ERROR} for a span marked failed, {@code -} otherwise (the bridge sets UNSET or OK). */
    private static String failed(SpanData span) {
        return span.getStatus().getStatusCode() == StatusCode.ERROR ? "ERROR" : "-";
    }

    private static FunctionToolSource strictSource() {
        return FunctionToolSource.builder("strict").tool("need_id", "Needs an id.",
                Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string")),
                        "required", List.of("id")), a -> "ok").build();
    }

    /** Runs {@code body} inside an application observation named {@code chat}, as a chat request would. */
    private <T> T inRequest(Supplier<T> body) {
        Observation chat = Observation.start("chat", tracing.registry());
        try (Observation.Scope scope = chat.openScope()) {
            return body.get();
        } finally {
            chat.stop();
        }
    }

    /** A source that records the trace context of every call it gets. */
    static final class RecordingSource implements ToolSource {
        final List<Map<String, String>> traceContexts = new CopyOnWriteArrayList<>();
        private final ToolSource delegate;

        RecordingSource(ToolSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public String serverName() {
            return delegate.serverName();
        }

        @Override
        public List<ToolDescriptor> listTools() {
            return delegate.listTools();
        }

        @Override
        public ToolResult callTool(String toolName, Map<String, Object> arguments) {
            throw new AssertionError("Code Mode calls the traced variant");
        }

        @Override
        public ToolResult callTool(String toolName, Map<String, Object> arguments, Map<String, String> traceContext) {
            traceContexts.add(traceContext);
            return delegate.callTool(toolName, arguments);
        }
    }
}
