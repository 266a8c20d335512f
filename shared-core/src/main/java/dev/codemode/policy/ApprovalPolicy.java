package dev.codemode.policy;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which tools run without asking: the tools on the auto-execute allowlist (exact {@code server.tool}
 * names and patterns like {@code crm.*}), and nothing else. {@code executeToolCode} runs on its own
 * only when every tool the script can call is auto-executed; the three read-only meta-tools never
 * need approval.
 *
 * <p>MCP annotations are claims made by the server, and the MCP specification says a client must treat
 * them as untrusted unless the server is trusted: a hostile server can call an environment dump
 * {@code readOnlyHint: true}. So a tool's {@code readOnlyHint} counts only for servers the application
 * names with {@link Builder#trustReadOnlyHints}, and never for a tool that also says
 * {@code destructiveHint: true}.
 *
 * <pre>{@code
 * ApprovalPolicy.allowlist("crm.lookup_customer", "orders.*")          // these tools, nothing else
 * ApprovalPolicy.builder().autoExecute("crm.lookup_customer").trustReadOnlyHints("docs").build()
 * }</pre>
 */
public final class ApprovalPolicy {

    private static final ApprovalPolicy EMPTY = new ApprovalPolicy(List.of(), List.of());

    private final List<ToolPattern> autoExecute;
    private final List<String> trustedServers;
    private final List<ToolPattern> trusted;

    private ApprovalPolicy(List<ToolPattern> autoExecute, List<String> trustedServers) {
        this.autoExecute = List.copyOf(autoExecute);
        this.trustedServers = List.copyOf(trustedServers);
        this.trusted = trustedServers.stream().map(s -> new ToolPattern(s, "*")).toList();
    }

    /**
     * Exactly these tools run without approval: {@code server.tool}, {@code server.*} or {@code *}.
     * With no patterns, the default: every tool call needs approval.
     */
    public static ApprovalPolicy allowlist(String... toolPatterns) {
        return toolPatterns.length == 0 ? EMPTY : builder().autoExecute(toolPatterns).build();
    }

    /** As {@link #allowlist(String...)}. */
    public static ApprovalPolicy allowlist(Collection<String> toolPatterns) {
        return builder().autoExecute(toolPatterns).build();
    }

    /** Every tool runs on its own. For trusted tools and tests. */
    public static ApprovalPolicy autoExecuteAll() {
        return allowlist("*");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code tool} runs without approval: it is on the allowlist, or it {@link #trustsReadOnlyHint}. */
    public boolean isAutoExecuted(CatalogTool tool) {
        return ToolPattern.anyMatches(autoExecute, tool) || trustsReadOnlyHint(tool);
    }

    /**
     * Whether {@code tool} runs without approval because of its annotations: its server is one whose
     * read-only hints are trusted, it says {@code readOnlyHint: true}, and it does not say
     * {@code destructiveHint: true}. Only then do stubs call it read-only.
     */
    public boolean trustsReadOnlyHint(CatalogTool tool) {
        ToolAnnotations hints = tool.descriptor().annotations();
        return hints.isReadOnly() && !hints.isDestructive() && ToolPattern.anyMatches(trusted, tool);
    }

    /** The auto-execute allowlist. */
    public List<ToolPattern> autoExecute() {
        return autoExecute;
    }

    /** The servers whose read-only hints are trusted, as configured; empty by default. */
    public List<String> trustedServers() {
        return trustedServers;
    }

    /** Boring on purpose: lists start empty, which is the default policy. */
    public static final class Builder {
        private final List<String> patterns = new ArrayList<>();
        private final List<String> servers = new ArrayList<>();

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

        /**
         * Servers (script identifier or configured name) whose {@code readOnlyHint} you trust: their tools
         * that say read-only, and do not also say destructive, run without approval. No server is trusted
         * unless named here; {@code *} is refused, name each server.
         */
        public Builder trustReadOnlyHints(Collection<String> serverNames) {
            for (String name : serverNames) {
                servers.add(serverName(name));
            }
            return this;
        }

        public Builder trustReadOnlyHints(String... serverNames) {
            return trustReadOnlyHints(Arrays.asList(serverNames));
        }

        public ApprovalPolicy build() {
            List<ToolPattern> parsed = ToolPattern.parseAll(patterns);
            return parsed.isEmpty() && servers.isEmpty() ? EMPTY
                    : new ApprovalPolicy(parsed, servers.stream().distinct().toList());
        }

        private static String serverName(String name) {
            String s = Objects.requireNonNull(name, "server name").strip();
            if (s.isEmpty() || s.contains("*")) {
                throw new IllegalArgumentException("'" + name + "' is not a server name: name each server whose"
                        + " read-only hints you trust");
            }
            if (s.contains(".")) {
                throw new IllegalArgumentException("'" + name + "' is not a server name: name the server (\""
                        + s.substring(0, s.indexOf('.')) + "\"), or put single tools on the auto-execute list");
            }
            return s;
        }
    }
}
