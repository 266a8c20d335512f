package dev.codemode.policy;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which tools run without asking: the auto-execute allowlist (exact {@code server.tool} names and
 * patterns like {@code crm.*}) and, optionally, every tool whose MCP annotations say it is
 * read-only. {@code executeToolCode} runs on its own only when every tool the script can call is
 * auto-executed; the three read-only meta-tools never need approval.
 *
 * <pre>{@code
 * ApprovalPolicy.builder().autoExecute("crm.lookup_customer", "orders.*").autoExecuteReadOnly(true).build()
 * }</pre>
 */
public final class ApprovalPolicy {

    private static final ApprovalPolicy READ_ONLY = new ApprovalPolicy(List.of(), true);

    private final List<ToolPattern> autoExecute;
    private final boolean autoExecuteReadOnly;

    private ApprovalPolicy(List<ToolPattern> autoExecute, boolean autoExecuteReadOnly) {
        this.autoExecute = List.copyOf(autoExecute);
        this.autoExecuteReadOnly = autoExecuteReadOnly;
    }

    /** The default: tools annotated read-only run on their own; everything else needs approval. */
    public static ApprovalPolicy readOnlyTools() {
        return READ_ONLY;
    }

    /** Every tool runs on its own. For trusted tools and tests. */
    public static ApprovalPolicy autoExecuteAll() {
        return builder().autoExecute("*").build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isAutoExecuted(CatalogTool tool) {
        return (autoExecuteReadOnly && tool.descriptor().annotations().isReadOnly())
                || ToolPattern.anyMatches(autoExecute, tool);
    }

    public List<ToolPattern> autoExecute() {
        return autoExecute;
    }

    public boolean autoExecuteReadOnly() {
        return autoExecuteReadOnly;
    }

    public static final class Builder {
        private final List<String> patterns = new ArrayList<>();
        private boolean readOnly;

        private Builder() {
        }

        /** Tools that run without approval: {@code server.tool}, {@code server.*} or {@code *}. */
        public Builder autoExecute(Collection<String> toolPatterns) {
            patterns.addAll(toolPatterns);
            return this;
        }

        public Builder autoExecute(String... toolPatterns) {
            return autoExecute(Arrays.asList(toolPatterns));
        }

        /** Whether tools annotated {@code readOnlyHint: true} run without approval. Off unless set. */
        public Builder autoExecuteReadOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public ApprovalPolicy build() {
            return new ApprovalPolicy(ToolPattern.parseAll(patterns), readOnly);
        }
    }
}
