package dev.codemode;

import dev.codemode.audit.AuditLog;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.resilience.Resilience;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The path of every tool call, scripted or direct, assembled in one place. From the outside in:
 *
 * <ol>
 *   <li>audit: one record per call, refused ones included, so the log shows what a script tried;</li>
 *   <li>observation: one {@code codemode.tool.call} per call, refused ones included, its outcome
 *       saying where a call stopped; its trace context goes with the call to the source;</li>
 *   <li>view check: a tool outside the caller's view does not exist for this call;</li>
 *   <li>approval: a tool the gate did not approve for this run is refused, and the script stops;</li>
 *   <li>arguments: checked against the tool's input schema ({@link ArgumentCheck}); a call they fail
 *       ends here with the reason, as a tool error (which {@code try_call} catches), and costs no
 *       upstream call. Like a refused call it is counted and recorded;</li>
 *   <li>resilience: circuit breaker, time limit, bulkhead and retries for idempotent tools;</li>
 *   <li>upstream: the tool's source, given the call's trace context.</li>
 * </ol>
 *
 * The chain is put together per call (a few small objects): the trace context is a value of one
 * call, and it is passed down as such, to the thread of the time limiter that makes the upstream
 * call, with no thread-local state.
 */
final class CallPath {

    private final ToolCatalog catalog;
    private final Resilience resilience;

    CallPath(ToolCatalog catalog, Resilience resilience) {
        this.catalog = catalog;
        this.resilience = resilience;
    }

    /**
     * The invoker of one run: {@code view}'s caller, what {@code approval} allowed, recorded in
     * {@code audit}, each call observed as a child of {@code run}.
     */
    ToolInvoker forRun(CatalogView view, ApprovalGate.Decision approval, AuditLog.Execution audit,
            Observations.Run run) {
        return audit.invoker((tool, args) -> observed(run.call(tool), view, approval, tool, args));
    }

    /** The invoker of a tool called directly: as {@link #forRun}, observed under the application's current observation. */
    ToolInvoker forDirectCall(CatalogView view, ApprovalGate.Decision approval, AuditLog.Execution audit,
            Observations observations) {
        return audit.invoker((tool, args) -> observed(observations.call(tool), view, approval, tool, args));
    }

    private ToolResult observed(Observations.Call call, CatalogView view, ApprovalGate.Decision approval,
            CatalogTool tool, Map<String, Object> args) {
        String[] outcome = {"refused_approval"}; // where the call stopped, as the layers below say
        boolean[] reached = {false};
        try {
            if (view.tool(tool.serverId(), tool.toolId()).isEmpty()) {
                outcome[0] = "refused_view";
                throw new ToolRefusedException("no tool " + tool.id());
            }
            ToolResult result = ApprovalGate.enforce(approval, (t, a) -> {
                String problem = ArgumentCheck.problem(t, a);
                if (problem != null) {
                    outcome[0] = "invalid_arguments";
                    throw new ToolCallException(problem);
                }
                reached[0] = true;
                return upstream(t, a, call);
            }).invoke(tool, args);
            outcome[0] = result.isError() ? "tool_error" : "ok";
            return result;
        } catch (RuntimeException | Error e) {
            if (reached[0]) {
                outcome[0] = failure(e);
            }
            throw e;
        } finally {
            call.stop(outcome[0], reached[0] ? resilience.breakerState(tool) : "none");
        }
    }

    /**
     * The resilient upstream call. Decorating is cheap (one lambda), so it is done per call, with the
     * call's trace context captured in the innermost function: the time limiter runs that function on
     * its own thread, and the value travels with it.
     */
    private ToolResult upstream(CatalogTool tool, Map<String, Object> args, Observations.Call call) {
        Map<String, String> traceContext = call.traceContext();
        ToolInvoker source = (t, a) -> {
            call.attempt();
            return catalog.source(t.serverId())
                    .orElseThrow(() -> new ToolCallException("server " + t.serverId() + " is gone"))
                    .callTool(t.descriptor().name(), a, traceContext);
        };
        return resilience.decorate(source).invoke(tool, args);
    }

    /** Why a call that reached the resilience layer failed, as a bounded outcome. */
    private static String failure(Throwable e) {
        Throwable cause = e.getCause();
        if (cause instanceof CallNotPermittedException) {
            return "circuit_open";
        }
        if (cause instanceof TimeoutException) {
            return "timeout";
        }
        if (cause instanceof BulkheadFullException) {
            return "busy";
        }
        return "failed";
    }
}
