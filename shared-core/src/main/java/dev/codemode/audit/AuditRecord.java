package dev.codemode.audit;

import java.time.Instant;

/**
 * One entry of the audit log: a tool call a script made ({@link ToolCallRecord}) or one run of a
 * script ({@link ExecutionRecord}). Both carry the execution id, so a script run and its tool calls
 * can be joined.
 */
public sealed interface AuditRecord permits ToolCallRecord, ExecutionRecord {

    /** When the call or the execution started. */
    Instant timestamp();

    /** The id of the script run the record belongs to. */
    String executionId();
}
