package dev.codemode.audit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code executeToolCode} run: the script, how it ended, and the totals of its tool calls.
 *
 * @param timestamp       when the execution started
 * @param executionId     the id its {@link ToolCallRecord}s carry
 * @param parentRequestId the request (chat turn) that led to the run, or {@code null}
 * @param virtualKey      the caller's virtual key id, or {@code null}
 * @param script          the script text as the model wrote it
 * @param outcome         {@value #OK}, {@value #ERROR}, {@value #DENIED}, {@value #LIMIT} or {@value #TIMEOUT}
 * @param error           why it did not succeed, or {@code null}
 * @param duration        wall-clock duration of the run
 * @param toolCalls       tool calls that reached the audit decorator, counted as they started, successful or not
 * @param totalCost       the sum of the costs of those calls
 * @param approval        the approval decision, e.g. {@code "auto"}, {@code "approved"}, {@code "denied"},
 *                        {@code "not needed"}; {@code null} when unknown
 * @param skills          the skills the script called, as {@code "name@version"}, sorted; empty when none
 */
public record ExecutionRecord(Instant timestamp, String executionId, @Nullable String parentRequestId,
        @Nullable String virtualKey, String script, String outcome, @Nullable String error, Duration duration,
        int toolCalls, BigDecimal totalCost, @Nullable String approval, List<String> skills) implements AuditRecord {

    /** The script ran to the end. */
    public static final String OK = "ok";
    /** The script failed: syntax, runtime or tool error. */
    public static final String ERROR = "error";
    /** The script was not run because approval was refused. */
    public static final String DENIED = "denied";
    /** The script hit a sandbox limit (steps, memory, output, tool calls). */
    public static final String LIMIT = "limit";
    /** The script ran out of time. */
    public static final String TIMEOUT = "timeout";
    /** The caller stopped waiting (an MCP client left or cancelled): the script was interrupted. */
    public static final String CANCELLED = "cancelled";

    /**
     * The outcome of a run that ended with an error of this kind ({@code limit}, {@code timeout},
     * {@code denied}, {@code cancelled}, anything else an {@link #ERROR}), or {@link #OK} for no error ({@code null}).
     */
    public static String outcomeOf(@Nullable String errorKind) {
        return errorKind == null ? OK : switch (errorKind) {
            case "limit" -> LIMIT;
            case "timeout" -> TIMEOUT;
            case "denied" -> DENIED;
            case "cancelled" -> CANCELLED;
            default -> ERROR;
        };
    }

    public ExecutionRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(outcome, "outcome");
        if (toolCalls < 0) {
            throw new IllegalArgumentException("toolCalls must not be negative: " + toolCalls);
        }
        script = script == null ? "" : script;
        duration = duration == null ? Duration.ZERO : duration;
        totalCost = totalCost == null ? BigDecimal.ZERO : totalCost;
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    /** A run that used no skill (every record before skills existed). */
    public ExecutionRecord(Instant timestamp, String executionId, @Nullable String parentRequestId,
            @Nullable String virtualKey, String script, String outcome, @Nullable String error, Duration duration,
            int toolCalls, BigDecimal totalCost, @Nullable String approval) {
        this(timestamp, executionId, parentRequestId, virtualKey, script, outcome, error, duration, toolCalls,
                totalCost, approval, List.of());
    }

    public boolean isSuccess() {
        return OK.equals(outcome);
    }
}
