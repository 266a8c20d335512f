package dev.codemode;

import dev.codemode.audit.AuditLog;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.resilience.Resilience;

/**
 * The path of every tool call, scripted or direct, assembled in one place. From the outside in:
 *
 * <ol>
 *   <li>audit: one record per call, refused ones included, so the log shows what a script tried;</li>
 *   <li>view check: a tool outside the caller's view does not exist for this call;</li>
 *   <li>approval: a tool the gate did not approve for this run is refused, and the script stops;</li>
 *   <li>arguments: checked against the tool's input schema ({@link ArgumentCheck}); a call they fail
 *       ends here with the reason, as a tool error (which {@code try_call} catches), and costs no
 *       upstream call. Like a refused call it is counted and recorded;</li>
 *   <li>resilience: circuit breaker, time limit, bulkhead and retries for idempotent tools;</li>
 *   <li>upstream: the tool's source.</li>
 * </ol>
 *
 * The last three are built once per host; the first three per run, around them.
 */
final class CallPath {

    private final ToolInvoker resilient;

    CallPath(ToolCatalog catalog, Resilience resilience) {
        ToolInvoker upstream = (tool, args) -> catalog.source(tool.serverId())
                .orElseThrow(() -> new ToolCallException("server " + tool.serverId() + " is gone"))
                .callTool(tool.descriptor().name(), args);
        ToolInvoker decorated = resilience.decorate(upstream);
        this.resilient = (tool, args) -> {
            String problem = ArgumentCheck.problem(tool, args);
            if (problem != null) {
                throw new ToolCallException(problem);
            }
            return decorated.invoke(tool, args);
        };
    }

    /** The invoker of one run: {@code view}'s caller, what {@code approval} allowed, recorded in {@code audit}. */
    ToolInvoker forRun(CatalogView view, ApprovalGate.Decision approval, AuditLog.Execution audit) {
        ToolInvoker approved = ApprovalGate.enforce(approval, resilient);
        ToolInvoker inView = (tool, args) -> {
            if (view.tool(tool.serverId(), tool.toolId()).isEmpty()) {
                throw new ToolRefusedException("no tool " + tool.id());
            }
            return approved.invoke(tool, args);
        };
        return audit.invoker(inView);
    }
}
