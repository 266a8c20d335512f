package dev.codemode.mcp.server;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The MCP exchanges of the calls running through a {@link CodeModeMcpTools}, by the parent request id of
 * their {@code CallContext} (a random id per call): how {@link ElicitationApproval}, called by the core on
 * the call's worker, finds the client to ask.
 */
final class McpCalls {

    /** One running call: the client's exchange, how long a question may wait, and where to wait for it. */
    record Call(McpSyncServerExchange exchange, Duration approvalTimeout, ExecutorService questions) {
    }

    private static final Map<String, Call> CALLS = new ConcurrentHashMap<>();

    private McpCalls() {
    }

    static void put(String parentRequestId, Call call) {
        CALLS.put(parentRequestId, call);
    }

    static void remove(String parentRequestId) {
        CALLS.remove(parentRequestId);
    }

    static @Nullable Call get(@Nullable String parentRequestId) {
        return parentRequestId == null ? null : CALLS.get(parentRequestId);
    }
}
