package dev.codemode.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;

/**
 * One upstream tool call, from a script or offered directly, refused ones included. A client-side
 * {@link SenderContext}: when Micrometer Tracing is present, its propagating handler writes the
 * trace context ({@code traceparent}, {@code tracestate}) into the carrier, which Code Mode sends to
 * the MCP server in the request's {@code _meta} (and as HTTP headers where it owns the connection).
 * The server and tool are catalog identifiers: a finite set fixed by the catalog, never the
 * arguments or the result.
 */
public class ToolCallContext extends SenderContext<Map<String, String>> {

    private final String server;
    private final String tool;
    private String outcome = "ok";
    private String breakerState = "none";
    private int attempts;

    public ToolCallContext(String server, String tool) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        }, Kind.CLIENT);
        this.server = server;
        this.tool = tool;
        setCarrier(new HashMap<>());
        setRemoteServiceName(server);
    }

    /** The server's catalog identifier, e.g. {@code crm}. */
    public String getServer() {
        return server;
    }

    /** The tool's catalog identifier, e.g. {@code lookup_customer}. */
    public String getTool() {
        return tool;
    }

    /**
     * {@code ok}, {@code tool_error} (the tool answered with an error), {@code failed}, {@code timeout},
     * {@code circuit_open}, {@code busy}, or a refusal before any upstream call:
     * {@code refused_view}, {@code refused_approval}, {@code invalid_arguments}.
     */
    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    /** The circuit breaker's state after the call ({@code closed}, {@code open}, {@code half_open}, ...); {@code none} when the call never reached it. */
    public String getBreakerState() {
        return breakerState;
    }

    public void setBreakerState(String breakerState) {
        this.breakerState = breakerState;
    }

    /** Upstream attempts (retries included); 0 when refused before the call. */
    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }
}
