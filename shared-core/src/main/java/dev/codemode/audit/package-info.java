/**
 * The audit log: one {@link dev.codemode.audit.ToolCallRecord} per tool call a script makes and one
 * {@link dev.codemode.audit.ExecutionRecord} per script run, priced with {@link dev.codemode.audit.ToolCosts}
 * and written asynchronously to an {@link dev.codemode.audit.AuditSink}.
 *
 * <p>{@link dev.codemode.audit.AuditLog} is the one object to build: it owns the buffer, the writer
 * thread and the sink. Its {@link dev.codemode.audit.AuditLog.Execution} decorates the
 * {@link dev.codemode.catalog.ToolInvoker} of one script run (outside approval and resilience, so refused calls are recorded too) and
 * adds up the run's calls and cost for the execution record.
 *
 * <p>Guarantees: recording never blocks a script longer than the offer timeout; every record is
 * written, failed, dropped or pending, and {@link dev.codemode.audit.AuditLog#stats()} says how many of
 * each; {@link dev.codemode.audit.AuditLog#close()} writes everything buffered before it returns.
 *
 * <p>Sinks in the core: {@link dev.codemode.audit.InMemoryAuditSink} (tests, development) and
 * {@link dev.codemode.audit.Slf4jAuditSink} (one JSON line per record, see
 * AuditJson). Results are capped to a number of characters of JSON and
 * cut into valid JSON (see {@link dev.codemode.audit.AuditLog.Builder#resultCap}).
 */
@NullMarked
package dev.codemode.audit;

import org.jspecify.annotations.NullMarked;
