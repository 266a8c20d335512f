package dev.codemode.spring;

import java.time.Duration;
import java.util.function.Consumer;

import dev.codemode.CodeMode;
import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.resilience.BreakerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters fed by the audit log, so every counted event is also an audit record (it is a
 * {@code Consumer} rather than an {@code AuditSink} so it never stands in for the application's sink):
 * <ul>
 *   <li>{@code codemode.executions} (counter; {@code outcome}: ok, error, denied, limit, timeout) and
 *       {@code codemode.execution.duration} (timer; {@code outcome})</li>
 *   <li>{@code codemode.tool.calls} (counter; {@code server}, {@code tool}, {@code outcome}: ok, error),
 *       {@code codemode.tool.latency} (timer; {@code server}, {@code tool}) and {@code codemode.tool.cost}
 *       (counter of the price table's units; {@code server}, {@code tool})</li>
 *   <li>{@code codemode.denials} (counter: scripts not run because approval was refused) and
 *       {@code codemode.limit.hits} (counter; {@code limit}: limit or timeout)</li>
 *   <li>{@code codemode.breaker.open} (gauge per server: 1 while a breaker of the server refuses calls)</li>
 * </ul>
 */
public final class CodeModeMetrics implements Consumer<AuditRecord> {

    private final MeterRegistry registry;

    public CodeModeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one audit record (called from the audit log's writer thread). */
    @Override
    public void accept(AuditRecord record) {
        if (record instanceof ToolCallRecord call) {
            String outcome = call.isError() ? "error" : "ok";
            Counter.builder("codemode.tool.calls").description("Tool calls made by scripts")
                    .tags("server", call.server(), "tool", call.tool(), "outcome", outcome)
                    .register(registry).increment();
            Timer.builder("codemode.tool.latency").description("Latency of tool calls made by scripts")
                    .tags("server", call.server(), "tool", call.tool())
                    .register(registry).record(call.latency());
            if (call.cost().signum() > 0) {
                Counter.builder("codemode.tool.cost").description("Cost of tool calls, in the price table's unit")
                        .tags("server", call.server(), "tool", call.tool())
                        .register(registry).increment(call.cost().doubleValue());
            }
        } else if (record instanceof ExecutionRecord run) {
            Counter.builder("codemode.executions").description("executeToolCode runs")
                    .tag("outcome", run.outcome()).register(registry).increment();
            Timer.builder("codemode.execution.duration").description("Duration of executeToolCode runs")
                    .tag("outcome", run.outcome()).register(registry).record(nonNegative(run.duration()));
            if (ExecutionRecord.DENIED.equals(run.outcome())) {
                Counter.builder("codemode.denials").description("Scripts not run because approval was refused")
                        .register(registry).increment();
            } else if (ExecutionRecord.LIMIT.equals(run.outcome()) || ExecutionRecord.TIMEOUT.equals(run.outcome())) {
                Counter.builder("codemode.limit.hits").description("Scripts stopped by a sandbox limit")
                        .tag("limit", run.outcome()).register(registry).increment();
            }
        }
    }

    /** Registers the breaker gauge of every server of {@code codeMode}'s catalog. */
    void bindBreakers(CodeMode codeMode) {
        for (CatalogServer server : codeMode.catalog().view().servers()) {
            String id = server.id();
            Gauge.builder("codemode.breaker.open", codeMode, cm -> isOpen(cm, id) ? 1 : 0)
                    .description("1 while a circuit breaker of the server refuses calls")
                    .tag("server", id).register(registry);
        }
    }

    private static boolean isOpen(CodeMode codeMode, String server) {
        for (BreakerState state : codeMode.breakerStates().values()) {
            if ((state.name().equals(server) || state.name().startsWith(server + ".")) && state.isOpen()) {
                return true;
            }
        }
        return false;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
