package dev.codemode.spring;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolPattern;
import dev.codemode.Exposure;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code spring.ai.codemode}. Immutable; checked when applied to the core, so a
 * malformed pattern or a key naming an unknown group stops start-up with the property's name in the
 * message. Patterns that match no tool are checked once the catalog is known ({@link #checkAgainst}).
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
 *                       standard {@code resilience4j.circuitbreaker.instances.<server>.*} properties)
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
        if (autoThresholdTokens < 0) {
            throw new IllegalArgumentException(PREFIX + ".auto-threshold-tokens must not be negative: "
                    + autoThresholdTokens);
        }
    }

    /**
     * The one place where these settings reach the core: each property to its {@link CodeMode.Builder}
     * option. Applied before the application's {@link CodeModeBuilderCustomizer}s. The core refuses what
     * is malformed; the message then names the property.
     */
    public void applyTo(CodeMode.Builder core) {
        toolPatterns(); // a malformed pattern or server name stops here, named by its property
        core.bindingLevel(bindingLevel)
                .limits(limits.toLimits())
                .autoExecute(autoExecute.tools())
                .trustReadOnlyHints(autoExecute.trustedServers())
                .exposure(exposure)
                .directTools(directTools)
                .autoThresholdTokens(autoThresholdTokens);
        String defaultKey = this.defaultKey == null || this.defaultKey.isBlank() ? null : this.defaultKey;
        if (defaultKey != null && !virtualKeys.containsKey(defaultKey)) {
            throw new IllegalArgumentException(PREFIX + ".default-key is not one of " + PREFIX + ".virtual-keys");
        }
        if (!virtualKeys.isEmpty() || !toolGroups.isEmpty() || defaultKey != null) {
            core.accessControl(named("virtual-keys", () -> AccessControl.builder()
                    .groups(toolGroups.entrySet().stream().map(e -> new ToolGroup(e.getKey(), e.getValue())).toList())
                    .keys(virtualKeys.entrySet().stream()
                            .map(e -> new VirtualKey(e.getKey(), e.getValue().tools(), e.getValue().groups())).toList())
                    .defaultKey(defaultKey)
                    .build()));
        }
    }

    /** The price table of {@code tool-costs}. */
    ToolCosts costs() {
        return named("tool-costs", () -> ToolCosts.builder().prices(toolCosts).build());
    }

    /**
     * Every tool pattern of these settings, keyed by the setting that holds it
     * ({@code tool-groups.reading[0] = crm.*}); a trusted server stands for all its tools. Throws naming
     * the property when one is malformed.
     */
    Map<String, String> toolPatterns() {
        Map<String, String> all = new LinkedHashMap<>();
        toolGroups.forEach((group, patterns) -> add(all, "tool-groups." + group, patterns, false));
        virtualKeys.forEach((key, settings) -> add(all, "virtual-keys." + key + ".tools", settings.tools(), false));
        add(all, "auto-execute.tools", autoExecute.tools(), false);
        add(all, "auto-execute.trusted-servers", autoExecute.trustedServers(), true);
        add(all, "direct-tools", directTools, false);
        toolCosts.keySet().forEach(pattern -> all.put("tool-costs[" + pattern + "] = " + pattern, pattern));
        return all;
    }

    private static void add(Map<String, String> all, String property, List<String> texts, boolean serverNames) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            named(property + "[" + i + "]", () -> serverNames
                    ? ApprovalPolicy.builder().trustReadOnlyHints(text) // refuses "*" and "crm.tool"
                    : ToolPattern.parse(text));
            all.put(property + "[" + i + "] = " + text, serverNames ? text.strip() + ".*" : text);
        }
    }

    /**
     * Checks every tool pattern against the catalog once it is known: a pattern that matches no tool
     * of an available server, or names no server, is a mistake (a typo in a group would silently hide a
     * tool), so start-up fails naming the property. Servers unavailable right now are only warned about.
     *
     * @return the warnings
     * @throws IllegalStateException listing every mistake
     */
    List<String> checkAgainst(CatalogView catalog) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        toolPatterns().forEach((setting, pattern) -> {
            try {
                catalog.checkPattern(pattern).ifPresent(warning -> warnings.add(PREFIX + "." + setting + ": " + warning));
            } catch (IllegalArgumentException e) {
                errors.add(PREFIX + "." + setting + ": " + e.getMessage());
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Code Mode settings name tools or servers the catalog does not have:\n  "
                    + String.join("\n  ", errors));
        }
        return warnings;
    }

    /** {@code value}, or the core's refusal of it with the property's name in front. */
    static <T> T named(String property, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "." + property + ": " + e.getMessage());
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
