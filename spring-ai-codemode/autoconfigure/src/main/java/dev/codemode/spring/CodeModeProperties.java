package dev.codemode.spring;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.catalog.ToolPattern;
import dev.codemode.Exposure;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code spring.ai.codemode}. Immutable; checked when bound, so a malformed pattern or
 * a key naming an unknown group stops start-up with the property's name in the message. Patterns that
 * match no tool are checked once the catalog is known (see {@link CodeModeAutoConfiguration}).
 *
 * @param enabled        "false" turns Code Mode off (and leaves Spring AI's MCP tool callbacks alone)
 * @param bindingLevel   how stub files are cut: "server" (one file per server) or "tool"
 * @param autoExecute    which scripts run without asking the ApprovalHandler bean: only those calling
 *                       allowlisted tools (and, for trusted servers, tools they say are read-only)
 * @param limits         what one script may use
 * @param toolGroups     named lists of tool patterns ("crm.lookup_customer", "crm.*", "*")
 * @param virtualKeys    per caller, by key: the tools and groups it sees
 * @param defaultKey     the key used when a request carries none; unset: such requests see every tool
 *                       when no keys are configured, and are refused when some are
 * @param toolCosts      price per call, by tool pattern (the most specific pattern wins)
 * @param audit          where audit records go
 * @param localTools     the application's own ToolCallback beans as one more server
 * @param exposure       how tools are offered: "code-mode" (the meta-tools), "direct" (every tool of the
 *                       caller's view as an ordinary tool) or "auto" (direct plus executeToolCode while the
 *                       view's definitions cost fewer tokens than auto-threshold-tokens, else the meta-tools)
 * @param directTools    tool patterns also offered as ordinary tools next to the meta-tools, governed like
 *                       script calls
 * @param autoThresholdTokens the "auto" threshold, in tokens (o200k_base) of the view's full definitions
 * @param resilience     circuit breaker granularity (the breakers themselves are configured with the
 *                       standard "resilience4j.circuitbreaker.instances.<server>.*" properties)
 * @param warmUp         do at start-up, once the application is ready and off the request path, the work
 *                       the first request would otherwise pay for (loading the interpreter, the stubs)
 */
@ConfigurationProperties(CodeModeProperties.PREFIX)
public record CodeModeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("server") BindingLevel bindingLevel,
        @DefaultValue AutoExecute autoExecute,
        @DefaultValue LimitsProperties limits,
        Map<String, List<String>> toolGroups,
        Map<String, VirtualKeyProperties> virtualKeys,
        String defaultKey,
        Map<String, BigDecimal> toolCosts,
        @DefaultValue Audit audit,
        @DefaultValue LocalTools localTools,
        @DefaultValue ResilienceProperties resilience,
        @DefaultValue("code-mode") Exposure exposure,
        List<String> directTools,
        @DefaultValue("1500") int autoThresholdTokens,
        @DefaultValue("true") boolean warmUp) {

    public static final String PREFIX = "spring.ai.codemode";

    public CodeModeProperties {
        toolGroups = toolGroups == null ? Map.of() : Map.copyOf(toolGroups);
        virtualKeys = virtualKeys == null ? Map.of() : Map.copyOf(virtualKeys);
        toolCosts = toolCosts == null ? Map.of() : Map.copyOf(toolCosts);
        directTools = directTools == null ? List.of() : List.copyOf(directTools);
        checkPatterns("direct-tools", directTools);
        if (autoThresholdTokens < 0) {
            throw new IllegalArgumentException(PREFIX + ".auto-threshold-tokens must not be negative: "
                    + autoThresholdTokens);
        }
        check(toolGroups, virtualKeys, defaultKey, toolCosts);
    }

    private static void check(Map<String, List<String>> groups, Map<String, VirtualKeyProperties> keys,
            String defaultKey, Map<String, BigDecimal> costs) {
        groups.forEach((group, patterns) -> checkPatterns("tool-groups." + group, patterns));
        keys.forEach((key, settings) -> {
            checkPatterns("virtual-keys." + key + ".tools", settings.tools());
            for (String group : settings.groups()) {
                if (!groups.containsKey(group)) {
                    throw new IllegalArgumentException(PREFIX + ".virtual-keys." + key + ".groups names group '"
                            + group + "', which is not defined under " + PREFIX + ".tool-groups (defined: "
                            + (groups.isEmpty() ? "none" : String.join(", ", groups.keySet().stream().sorted().toList()))
                            + ")");
                }
            }
        });
        if (defaultKey != null && !defaultKey.isBlank() && !keys.containsKey(defaultKey)) {
            throw new IllegalArgumentException(PREFIX + ".default-key '" + defaultKey
                    + "' is not one of " + PREFIX + ".virtual-keys");
        }
        costs.forEach((pattern, price) -> {
            checkPatterns("tool-costs", List.of(pattern));
            if (price.signum() < 0) {
                throw new IllegalArgumentException(PREFIX + ".tool-costs." + pattern + " must not be negative: " + price);
            }
        });
    }

    /**
     * The one place where these settings reach the core: each property to its {@link CodeMode.Builder}
     * option. Applied before the application's {@link CodeModeBuilderCustomizer}s.
     */
    public void applyTo(CodeMode.Builder core) {
        core.bindingLevel(bindingLevel)
                .limits(limits.toLimits())
                .autoExecute(autoExecute.tools())
                .trustReadOnlyHints(autoExecute.trustedServers())
                .exposure(exposure)
                .directTools(directTools)
                .autoThresholdTokens(autoThresholdTokens);
        if (!virtualKeys.isEmpty() || !toolGroups.isEmpty()) {
            core.accessControl(AccessControl.builder()
                    .groups(toolGroups.entrySet().stream().map(e -> new ToolGroup(e.getKey(), e.getValue())).toList())
                    .keys(virtualKeys.entrySet().stream()
                            .map(e -> new VirtualKey(e.getKey(), e.getValue().tools(), e.getValue().groups())).toList())
                    .defaultKey(defaultKey == null || defaultKey.isBlank() ? null : defaultKey)
                    .build());
        }
    }

    static void checkPatterns(String property, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            try {
                ToolPattern.parse(patterns.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "." + property + "[" + i + "]: " + e.getMessage());
            }
        }
    }

    /**
     * Nothing runs without asking unless named here.
     *
     * @param tools          the allowlist: patterns of tools ("crm.lookup_customer", "orders.*", "*") that
     *                       run without asking
     * @param trustedServers servers whose readOnlyHint annotations are trusted: their tools that say
     *                       read-only, and do not also say destructive, run without asking (none by default;
     *                       a server's annotations are its own claims)
     */
    public record AutoExecute(List<String> tools, List<String> trustedServers) {
        public AutoExecute {
            tools = tools == null ? List.of() : List.copyOf(tools);
            trustedServers = trustedServers == null ? List.of() : List.copyOf(trustedServers);
            checkPatterns("auto-execute.tools", tools);
            for (int i = 0; i < trustedServers.size(); i++) {
                try {
                    ApprovalPolicy.builder().trustReadOnlyHints(trustedServers.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + ".auto-execute.trusted-servers[" + i + "]: "
                            + e.getMessage());
                }
            }
        }
    }

    /**
     * @param tools  tool patterns the key sees
     * @param groups names of "tool-groups" the key sees
     */
    public record VirtualKeyProperties(List<String> tools, List<String> groups) {
        public VirtualKeyProperties {
            tools = tools == null ? List.of() : List.copyOf(tools);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /**
     * Unset values keep the core's defaults (Limits.DEFAULTS).
     *
     * @param maxSourceChars     characters of script source (default 20000)
     * @param maxSteps           interpreter steps per script (default 1000000)
     * @param timeout            wall-clock time of one script, tool calls included (default 30s)
     * @param maxToolCalls       tool calls per script (default 50)
     * @param maxConcurrentCalls tool calls one parallel(...) runs at once (default 10)
     * @param maxValueChars      size of any value crossing the binding, in JSON characters (default 1000000)
     * @param maxOutputChars     characters of the result returned to the model (default 20000)
     * @param maxMemoryBytes     bytes the script thread may allocate (default 268435456)
     */
    public record LimitsProperties(Integer maxSourceChars, Long maxSteps, Duration timeout, Integer maxToolCalls,
            Integer maxConcurrentCalls, Integer maxValueChars, Integer maxOutputChars, Long maxMemoryBytes) {

        /** The core limits; an invalid value is reported with its property name. */
        public Limits toLimits() {
            Limits.Builder b = Limits.DEFAULTS.toBuilder();
            List<String> problems = new ArrayList<>();
            set(problems, b, "max-source-chars", maxSourceChars, Limits.Builder::maxSourceChars);
            set(problems, b, "max-steps", maxSteps, Limits.Builder::maxSteps);
            set(problems, b, "timeout", timeout, Limits.Builder::timeout);
            set(problems, b, "max-tool-calls", maxToolCalls, Limits.Builder::maxToolCalls);
            set(problems, b, "max-concurrent-calls", maxConcurrentCalls, Limits.Builder::maxConcurrentCalls);
            set(problems, b, "max-value-chars", maxValueChars, Limits.Builder::maxValueChars);
            set(problems, b, "max-output-chars", maxOutputChars, Limits.Builder::maxOutputChars);
            set(problems, b, "max-memory-bytes", maxMemoryBytes, Limits.Builder::maxMemoryBytes);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return b.build();
        }

        /** Sets one value, first checked alone against the defaults so the message names its property. */
        private static <T> void set(List<String> problems, Limits.Builder target, String name, T value,
                BiConsumer<Limits.Builder, T> setter) {
            if (value == null) {
                return;
            }
            try {
                Limits.Builder alone = Limits.DEFAULTS.toBuilder();
                setter.accept(alone, value);
                alone.build();
                setter.accept(target, value);
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + ".limits." + name + ": " + e.getMessage());
            }
        }
    }

    /**
     * @param sink           "auto" (JDBC when a DataSource exists, else the log), "jdbc",
     *                       "log" or "none"
     * @param tablePrefix    JDBC tables are PREFIX_tool_call and PREFIX_execution
     * @param initializeSchema create the tables on start-up when missing
     * @param resultCap      characters of a tool result kept in a record
     * @param bufferSize     records waiting for the writer before new ones are dropped (and counted)
     */
    public record Audit(@DefaultValue("auto") Sink sink, @DefaultValue("codemode") String tablePrefix,
            @DefaultValue("true") boolean initializeSchema, @DefaultValue("4000") int resultCap,
            @DefaultValue("10000") int bufferSize) {

        public enum Sink { AUTO, JDBC, LOG, NONE }

        public Audit {
            if (!tablePrefix.matches("[A-Za-z_][A-Za-z0-9_]{0,40}")) {
                throw new IllegalArgumentException(PREFIX + ".audit.table-prefix '" + tablePrefix
                        + "' must be a plain SQL identifier (letters, digits, underscore)");
            }
        }
    }

    /**
     * @param enabled    offer the application's other ToolCallback beans to scripts as one server
     * @param serverName that server's name
     */
    public record LocalTools(@DefaultValue("false") boolean enabled, @DefaultValue("app") String serverName) {
    }

    /** @param breakerPerTool one breaker per tool (named server.tool) instead of one per server */
    public record ResilienceProperties(@DefaultValue("false") boolean breakerPerTool) {
    }
}
