package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalGate;
import java.time.Duration;
import java.util.Map;

/**
 * One tool offered as an ordinary tool ({@code crm__lookup_customer}), called by the model directly,
 * under the same rules as a script's call: the view decides whether it exists, the gate whether it
 * runs without asking, and it goes through the same {@link CallPath}. It is recorded as a tool call
 * and as an execution whose script is {@code server.tool {arguments}}. The answer is the tool's JSON,
 * capped like script output.
 */
record DirectToolCall(ApprovalGate gate, CallPath calls, AuditLog auditLog, int maxOutputChars,
        Observations observations) {

    MetaToolResult call(CatalogView view, CatalogTool tool, Map<String, Object> arguments, CallContext caller) {
        if (view.tool(tool.serverId(), tool.toolId()).isEmpty()) {
            return MetaToolResult.error("no tool " + ToolExposure.directName(tool));
        }
        String call = tool.id() + " " + JsonValues.write(arguments);
        AuditLog.Execution audit = auditLog.begin(caller);
        long started = System.nanoTime();
        ApprovalGate.Decision decision = gate.tool(tool, call, caller);
        if (decision.isDenied()) {
            observations.call(tool).stop("refused_approval", "none");
            audit.finish(call, ExecutionRecord.DENIED, decision.denial(), null, decision.label());
            return MetaToolResult.error(decision.hint() == null ? decision.denial() : decision.denial() + "; "
                    + decision.hint());
        }
        String error = null;
        MetaToolResult result;
        try {
            ToolResult r = calls.forDirectCall(view, decision, audit, observations).invoke(tool, arguments);
            if (r.isError()) {
                error = r.error();
                result = MetaToolResult.error(TextFit.capped(tool.id() + " failed: " + r.error(), maxOutputChars));
            } else {
                result = new MetaToolResult(JsonValues.write(JsonValues.cap(r.value(), maxOutputChars)), false);
            }
        } catch (RuntimeException e) {
            // A ToolCallException's own message is written for the model; anything else gets its root cause.
            error = e instanceof ToolCallException ? e.getMessage() : ToolCallException.reasonOf(e);
            result = MetaToolResult.error(TextFit.capped(e instanceof ToolCallException ? error
                    : tool.id() + " failed: " + error, maxOutputChars));
        }
        audit.finish(call, error == null ? ExecutionRecord.OK : ExecutionRecord.ERROR, error,
                Duration.ofNanos(System.nanoTime() - started), decision.label());
        return result;
    }
}
