package dev.codemode.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spring.ai.codemode.approvals.*}: whether scripts that need approval wait in a durable queue
 * that any instance can decide (off by default: they are denied), and where that queue lives. The table
 * is {@code <spring.ai.codemode.audit.table-prefix>_approval}, next to the audit tables.
 *
 * @param enabled      park scripts that need approval until someone decides (through the
 *                     {@code codemodeapprovals} endpoint or the application's own page) instead of denying them;
 *                     an ApprovalHandler bean of the application's own takes precedence
 * @param store        "auto" (the database when there is exactly one DataSource, else memory), "jdbc" or "memory"
 * @param timeout      how long a script waits for a decision before it is denied
 * @param pollInterval how often a waiting script reads its row (a decision taken on the same instance wakes it at once)
 * @param instanceId   this instance's name in the table; host, process id and a random part when unset
 */
@ConfigurationProperties(CodeModeApprovalProperties.PREFIX)
public record CodeModeApprovalProperties(@DefaultValue("false") boolean enabled, @DefaultValue("auto") Store store,
        @DefaultValue("2m") Duration timeout, @DefaultValue("1s") Duration pollInterval, @Nullable String instanceId) {

    public static final String PREFIX = CodeModeProperties.PREFIX + ".approvals";

    public enum Store { AUTO, JDBC, MEMORY }

    public CodeModeApprovalProperties {
        List<Problem> problems = new ArrayList<>();
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add(new Problem(PREFIX + ".timeout", timeout.toString(), "must be positive", "Set " + PREFIX
                    + ".timeout to how long a script may wait for a decision, e.g. 2m, or remove it to keep the"
                    + " default (2m)."));
        }
        if (pollInterval.toMillis() < 10 || pollInterval.compareTo(timeout) >= 0) {
            problems.add(new Problem(PREFIX + ".poll-interval", pollInterval.toString(), pollInterval.toMillis() < 10
                    ? "must be at least 10ms" : "must be shorter than " + PREFIX + ".timeout (" + timeout + ")",
                    "Set " + PREFIX + ".poll-interval between 10ms and the timeout, e.g. 1s, or remove it to keep"
                            + " the default (1s)."));
        }
        if (instanceId != null && (instanceId.isBlank() || instanceId.length() > 255)) {
            problems.add(new Problem(PREFIX + ".instance-id", instanceId, "must be 1 to 255 characters",
                    "Set " + PREFIX + ".instance-id to a short name unique to this instance, or remove it."));
        }
        InvalidCodeModeSettingsException.throwIfAny(problems);
    }
}
