package dev.codemode.audit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tool call a script made, successful or not.
 *
 * @param timestamp       when the call started
 * @param executionId     the script run that made the call
 * @param parentRequestId the request (chat turn) that led to the run, or {@code null}
 * @param virtualKey      the caller's virtual key id, or {@code null}
 * @param server          the server identifier as a script writes it ({@code CatalogTool.serverId()})
 * @param tool            the tool identifier as a script writes it ({@code CatalogTool.toolId()})
 * @param arguments       the JSON arguments, keyed by the tool's original property names
 * @param result          the JSON result, capped: when its JSON text is longer than the log's result cap it
 *                        is cut into a smaller, still valid JSON value (see {@link AuditLog.Builder#resultCap});
 *                        {@code null} when the call failed
 * @param error           the tool's error ({@code isError}) or the message of the exception the call threw;
 *                        {@code null} on success
 * @param latency         wall-clock time of the call
 * @param cost            the price of the call from {@link ToolCosts}; zero when unpriced or when the call
 *                        threw before the tool answered
 */
public record ToolCallRecord(Instant timestamp, String executionId, @Nullable String parentRequestId,
        @Nullable String virtualKey, String server, String tool, Map<String, Object> arguments, @Nullable Object result,
        @Nullable String error, Duration latency, BigDecimal cost) implements AuditRecord {

    public ToolCallRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        // JSON arguments may hold null values, which Map.copyOf refuses.
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        latency = latency == null ? Duration.ZERO : latency;
        cost = cost == null ? BigDecimal.ZERO : cost;
    }

    /** {@code true} when the tool reported an error or the call threw. */
    public boolean isError() {
        return error != null;
    }

    /** {@code server.tool} as a script writes it. */
    public String toolId() {
        return server + "." + tool;
    }
}
