package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.Script;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One definition of {@code toolCalls} (docs/sandbox.md, "What toolCalls counts"): the calls a script
 * started, each counted once as it starts, whatever became of it (a value, a tool error, a refusal
 * by the approval at run time); retries are part of their call; a call the sandbox refused before
 * starting it (its arguments, the call limit) is none. The script's answer, the execution record and
 * the number of call records agree.
 */
class ToolCallCountTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "properties",
            Map.of("id", Map.of("type", "string")), "required", java.util.List.of("id"));

    private final AtomicInteger flakyAttempts = new AtomicInteger();

    private FunctionToolSource crm() {
        return FunctionToolSource.builder("crm")
                .tool(new ToolDescriptor("crm", "lookup", "One record.", SCHEMA, null, ToolAnnotations.readOnly()),
                        a -> Map.of("id", a.get("id")))
                .tool(new ToolDescriptor("crm", "flaky", "Fails once, then answers.", SCHEMA, null,
                        ToolAnnotations.readOnly()), a -> {
                            if (flakyAttempts.incrementAndGet() == 1) {
                                throw new ToolCallException("crm is busy");
                            }
                            return "ok";
                        })
                .tool("broken", "Always fails.", SCHEMA, a -> {
                    throw new IllegalStateException("no such record");
                })
                .tool(new ToolDescriptor("crm", "slow", "Takes a while, deaf to interrupts (a blocking read).", SCHEMA,
                        null, ToolAnnotations.readOnly()), a -> {
                            long until = System.nanoTime() + 2_500_000_000L;
                            while (System.nanoTime() < until) {
                                try {
                                    Thread.sleep(50);
                                } catch (InterruptedException ignored) {
                                    // goes on, as a call blocked in I/O would
                                }
                            }
                            return "late";
                        })
                .tool("delete", "Delete a record.", SCHEMA, a -> "deleted")
                .build();
    }

    @Test
    void should_count_a_successful_a_retried_a_failing_and_a_refused_call_alike_in_the_answer_and_the_audit()
            throws Exception {
        // given: the call path of executeToolCode, with a run approved for every tool but crm.delete
        // (a refusal at run time: the approval's enforcement behind the static analysis)
        InMemoryAuditSink sink = AuditSink.inMemory();
        FunctionToolSource crm = crm();
        ToolCatalog catalog = ToolCatalog.of(crm);
        CatalogView view = catalog.view();
        ExecutionResult result;
        ExecutionRecord execution;
        try (StarlarkInterpreter interpreter = StarlarkInterpreter.create();
                Resilience resilience = Resilience.ofDefaults();
                AuditLog log = AuditLog.builder().sink(sink).build()) {
            AuditLog.Execution audit = log.begin(CallContext.anonymous());
            ApprovalGate.Decision approval = new ApprovalGate.Decision(
                    Set.of("crm.lookup", "crm.flaky", "crm.broken"), "approved", null, null);
            Script script = interpreter.prepare("""
                    a = crm.lookup(id="1")
                    b = crm.flaky(id="2")
                    value, err = try_call(crm.broken, id="3")
                    crm.delete(id="4")
                    result = "not reached"
                    """, view);

            // when
            result = interpreter.run(script, new CallPath(catalog, resilience).forRun(view, approval, audit, Observations.Run.NONE));
            execution = audit.finish(script.source(), ExecutionRecord.outcomeOf(result.error().kind()),
                    result.error().message(), Duration.ofMillis(result.millis()), approval.label());
            log.flush();
        }

        // then: four calls started (the flaky one tried twice); the refused one stopped the script
        assertThat(flakyAttempts).hasValue(2);
        assertThat(result.error().message()).isEqualTo("crm.delete is not approved for this script");
        assertThat(sink.toolCalls()).extracting(c -> c.tool() + ":" + (c.error() == null ? "ok" : "error"))
                .containsExactly("lookup:ok", "flaky:ok", "broken:error", "delete:error");
        assertThat(result.toolCalls()).isEqualTo(4);
        assertThat(execution.toolCalls()).isEqualTo(4);
        assertThat(JsonValues.parse(result.render(20_000))).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("toolCalls", 4);
    }

    @Test
    void should_count_calls_alike_when_the_call_limit_or_the_timeout_stops_the_script() throws InterruptedException {
        // given: a host whose scripts may make 3 calls and run 1 s
        InMemoryAuditSink sink = AuditSink.inMemory();
        try (CodeMode cm = CodeMode.builder().toolSources(crm()).autoExecute("crm.*").auditSink(sink)
                .limits(Limits.builder().maxToolCalls(3).timeout(Duration.ofSeconds(1)).build()).build()) {
            // when: one script asks for a fourth call, another is stopped while its second call runs
            Map<?, ?> limited = (Map<?, ?>) JsonValues.parse(cm.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", """
                    for i in range(4):
                        crm.lookup(id=str(i))
                    """)).text());
            Map<?, ?> timedOut = (Map<?, ?>) JsonValues.parse(cm.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", """
                    crm.lookup(id="1")
                    result = crm.slow(id="2")
                    """)).text());
            Map<?, ?> misspelled = (Map<?, ?>) JsonValues.parse(cm.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", """
                    crm.lookup(id="1")
                    crm.lookup(nme="2")
                    """)).text());
            Map<?, ?> badValue = (Map<?, ?>) JsonValues.parse(cm.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", """
                    crm.lookup(id=5)
                    """)).text());
            cm.auditLog().orElseThrow().flush();

            // then: the refused fourth call is no call, nor is the misspelled one; the running one is a
            // call, and so is one whose value the input schema refuses; answer and audit agree
            assertThat(limited.get("toolCalls")).isEqualTo(3);
            assertThat(limited.get("error")).isEqualTo("tool call limit reached: at most 3 tool calls per script"
                    + " (3 made)");
            assertThat(timedOut.get("toolCalls")).isEqualTo(2);
            assertThat(timedOut.get("error")).isEqualTo("the script ran longer than 1 s and was stopped;"
                    + " crm.slow had been running 1 s");
            assertThat(misspelled.get("toolCalls")).isEqualTo(0); // found before the run: nothing ran
            assertThat(badValue.get("toolCalls")).isEqualTo(1);
            assertThat(badValue.get("error")).isEqualTo("crm.lookup: id must be a string, got 5 (an integer)");
            assertThat(sink.executions()).extracting(ExecutionRecord::toolCalls).containsExactly(3, 2, 0, 1);
            // the running call's record comes when it returns (the sandbox interrupts it)
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (sink.toolCalls().size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                cm.auditLog().orElseThrow().flush();
            }
            assertThat(sink.toolCalls()).extracting(ToolCallRecord::tool)
                    .containsExactlyInAnyOrder("lookup", "lookup", "lookup", "lookup", "slow", "lookup");
        }
    }
}
