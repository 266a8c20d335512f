package dev.codemode.mcp.server;

import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval through MCP elicitation: a script that needs approval is shown to the user of the MCP client
 * that sent it, as a yes/no question naming the tools that need approval and showing the script. The
 * question waits at most the {@link CodeModeMcpTools.Builder#approvalTimeout approval timeout}; no answer
 * in time, a declined or cancelled question, or a client that left, all deny. Nothing of the script runs
 * while the question is pending: the core asks before it starts.
 *
 * <p>Calls that did not come through a {@link CodeModeMcpTools}, and clients that declare no
 * {@code elicitation} capability, get the fallback's decision.
 */
public final class ElicitationApproval implements ApprovalHandler {

    private static final Logger log = LoggerFactory.getLogger(ElicitationApproval.class);

    static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("approve", Map.of("type", "boolean", "title", "Approve",
                    "description", "Run the script")),
            "required", List.of("approve"));

    private final ApprovalHandler fallback;

    private ElicitationApproval(ApprovalHandler fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Asks through elicitation; calls not made through {@link CodeModeMcpTools}, and clients without the
     * elicitation capability, get {@code fallback}'s decision.
     */
    public static ElicitationApproval orElse(ApprovalHandler fallback) {
        return new ElicitationApproval(fallback);
    }

    /** Asks through elicitation; otherwise the usual denial ({@link ApprovalHandler#deny()}). */
    public static ElicitationApproval orDeny() {
        return new ElicitationApproval(ApprovalHandler.deny());
    }

    @Override
    public ApprovalDecision decide(ApprovalRequest request) {
        McpCalls.Call call = McpCalls.get(request.caller().parentRequestId());
        if (call == null) {
            return fallback.decide(request);
        }
        McpSchema.ClientCapabilities capabilities = call.exchange().getClientCapabilities();
        if (capabilities == null || capabilities.elicitation() == null) {
            return fallback.decide(request);
        }
        McpSchema.ElicitFormRequest question = McpSchema.ElicitFormRequest.builder(message(request), SCHEMA).build();
        Duration timeout = call.approvalTimeout();
        Future<McpSchema.ElicitResult> answer;
        try {
            answer = call.questions().submit(() -> call.exchange().createElicitation(question));
        } catch (RejectedExecutionException e) {
            return ApprovalDecision.deny("the server is shutting down");
        }
        try {
            McpSchema.ElicitResult result = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            boolean yes = result != null && result.action() == McpSchema.ElicitResult.Action.ACCEPT
                    && result.content() != null && Boolean.TRUE.equals(result.content().get("approve"));
            return yes ? ApprovalDecision.approve() : ApprovalDecision.deny("the user declined");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return ApprovalDecision.deny(noAnswer(timeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return ApprovalDecision.deny("the call was cancelled before the user answered");
        } catch (ExecutionException e) {
            // the server's own request timeout, a client that left, an error answer: no consent
            log.debug("An approval question got no usable answer: {}", e.getCause() == null ? "unknown"
                    : e.getCause().getClass().getSimpleName());
            return ApprovalDecision.deny(noAnswer(timeout));
        }
    }

    private static String noAnswer(Duration timeout) {
        return "no answer from the user within " + seconds(timeout);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The question: the tools that need approval, then the script. */
    static String message(ApprovalRequest request) {
        String tools = request.isUndetermined()
                ? "tools that cannot be determined from the script (approving allows any of your tools)"
                : String.join(", ", request.needApproval());
        return "Run this script? It calls " + tools + ", which need" + (request.needApproval().size() == 1
                && !request.isUndetermined() ? "s" : "") + " approval.\n\n" + request.script();
    }
}
