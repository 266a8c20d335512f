package dev.codemode.spring;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolPattern;
import dev.codemode.Exposure;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.Limits;
import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import dev.codemode.stubs.BindingLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code spring.ai.codemode}. Immutable, and checked when bound: a malformed pattern, a
 * key naming an unknown group, a limit out of range and the like stop start-up with an
 * {@link InvalidCodeModeSettingsException} that names every such property at once (Spring Boot prints
 * it through {@link CodeModeFailureAnalyzer}). The checks are the core's own (its parsers and builders);
 * this class names the property. Patterns that match no tool are checked once the catalog is known
 * ({@link #checkAgainst}).
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

    /** An unmodifiable copy in the order written (Map.copyOf's order changes per JVM, and so would every report). */
    private static <V> Map<String, V> inOrder(@Nullable Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public CodeModeProperties {
        toolGroups = inOrder(toolGroups);
        virtualKeys = inOrder(virtualKeys);
        toolCosts = inOrder(toolCosts);
        directTools = directTools == null ? List.of() : List.copyOf(directTools);
        List<Problem> problems = new ArrayList<>();
        patternSettings(toolGroups, virtualKeys, autoExecute, directTools, problems);
        checkCosts(toolCosts, problems);
        checkKeys(toolGroups, virtualKeys, defaultKey, problems);
        if (limits != null) {
            problems.addAll(limits.problems());
        }
        if (audit != null) {
            problems.addAll(audit.problems());
        }
        if (autoThresholdTokens < 0) {
            problems.add(new Problem(property("auto-threshold-tokens"), String.valueOf(autoThresholdTokens),
                    "must not be negative", "Set " + property("auto-threshold-tokens") + " to 0 or more tokens of"
                    + " a caller's tool definitions (below it, exposure=auto offers the tools directly), or remove"
                    + " it to keep the default (1500)."));
        }
        InvalidCodeModeSettingsException.throwIfAny(problems);
    }

    /**
     * The one place where these settings reach the core: each property to its {@link CodeMode.Builder}
     * option. Applied before the application's {@link CodeModeBuilderCustomizer}s. The settings were
     * checked when bound; should the core still refuse one, the message names the property.
     */
    public void applyTo(CodeMode.Builder core) {
        core.bindingLevel(bindingLevel)
                .limits(named("limits", limits::toLimits))
                .autoExecute(autoExecute.tools())
                .trustReadOnlyHints(autoExecute.trustedServers())
                .exposure(exposure)
                .directTools(directTools)
                .autoThresholdTokens(autoThresholdTokens);
        String defaultKey = defaultKeyOrNull(this.defaultKey);
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
     * One tool pattern of these settings.
     *
     * @param property the property that holds it ({@code spring.ai.codemode.tool-groups.reading[0]})
     * @param text     as written
     * @param pattern  the tool pattern it stands for: the text, or {@code server.*} for a trusted server
     */
    record PatternSetting(String property, String text, String pattern) {
    }

    /** Every tool pattern of these settings (a trusted server stands for all its tools). */
    List<PatternSetting> toolPatterns() {
        List<PatternSetting> all = patternSettings(toolGroups, virtualKeys, autoExecute, directTools, new ArrayList<>());
        toolCosts.keySet().forEach(pattern -> all.add(new PatternSetting(costProperty(pattern), pattern, pattern)));
        return all;
    }

    private static List<PatternSetting> patternSettings(Map<String, List<String>> toolGroups,
            Map<String, VirtualKeyProperties> virtualKeys, @Nullable AutoExecute autoExecute, List<String> directTools,
            List<Problem> problems) {
        List<PatternSetting> all = new ArrayList<>();
        toolGroups.forEach((group, patterns) -> add(all, problems, mapEntry("tool-groups", group), patterns, false));
        virtualKeys.forEach((key, settings) -> add(all, problems, mapEntry("virtual-keys", key) + ".tools",
                settings.tools(), false));
        if (autoExecute != null) {
            add(all, problems, "auto-execute.tools", autoExecute.tools(), false);
            add(all, problems, "auto-execute.trusted-servers", autoExecute.trustedServers(), true);
        }
        add(all, problems, "direct-tools", directTools, false);
        return all;
    }

    private static void add(List<PatternSetting> all, List<Problem> problems, String relative, List<String> texts,
            boolean serverNames) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String property = property(relative + "[" + i + "]");
            try {
                if (serverNames) {
                    ApprovalPolicy.builder().trustReadOnlyHints(text); // refuses "*" and "crm.tool"
                } else {
                    ToolPattern.parse(text);
                }
                all.add(new PatternSetting(property, text, serverNames ? text.strip() + ".*" : text));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(property, text, e.getMessage(),
                        serverNames ? serverNameAction(property, text) : patternAction(property, text)));
            }
        }
    }

    private static String patternAction(String property, String text) {
        String t = text.strip();
        String example = !t.isEmpty() && t.matches("[A-Za-z0-9_-]+")
                ? t + ".* (every tool of server " + t + ") or " + t + ".<tool> (one tool)"
                : "server.tool (one tool, as scripts name it: crm.lookup_customer), server.* (every tool of a"
                        + " server) or * (every tool)";
        return "Write " + example + " in " + InvalidCodeModeSettingsException.shown(property) + ".";
    }

    private static String serverNameAction(String property, String text) {
        String t = text.strip();
        int dot = t.indexOf('.');
        if (dot > 0 && !t.contains("*")) {
            return "Write the server's name, " + t.substring(0, dot) + ", in " + property + ", or list the single"
                    + " tool " + t + " in " + property("auto-execute.tools") + " instead.";
        }
        return "Name one server per entry in " + property + ", by its connection name"
                + " (spring.ai.mcp.client.<transport>.connections.<name>); tools of servers you do not trust belong"
                + " in " + property("auto-execute.tools") + ", one by one.";
    }

    private static void checkCosts(Map<String, BigDecimal> toolCosts, List<Problem> problems) {
        toolCosts.forEach((pattern, price) -> {
            String property = costProperty(pattern);
            try {
                ToolPattern.parse(pattern);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(property, price == null ? null : price.toPlainString(), e.getMessage(),
                        "Key each price by a tool pattern: " + property("tool-costs") + "[crm.lookup_customer]=0.002,"
                        + " [crm.*] for every tool of a server, [*] for every tool."));
                return;
            }
            if (price != null && price.signum() < 0) {
                problems.add(new Problem(property, price.toPlainString(), "a price must not be negative",
                        "Set " + property + " to 0 or more (per call, in the unit of your choice)."));
            }
        });
    }

    private static void checkKeys(Map<String, List<String>> toolGroups, Map<String, VirtualKeyProperties> virtualKeys,
            @Nullable String defaultKey, List<Problem> problems) {
        virtualKeys.forEach((key, settings) -> {
            for (int i = 0; i < settings.groups().size(); i++) {
                String group = settings.groups().get(i);
                if (!toolGroups.containsKey(group)) {
                    String property = property(mapEntry("virtual-keys", key) + ".groups[" + i + "]");
                    problems.add(new Problem(property, group, "no tool group '" + group + "' is defined"
                            + (toolGroups.isEmpty() ? " (there are none)" : " (groups: "
                                    + String.join(", ", toolGroups.keySet().stream().sorted().toList()) + ")"),
                            "Define the group under " + property(mapEntry("tool-groups", group)) + ", or name one of"
                                    + " the groups defined under " + property("tool-groups") + "."));
                }
            }
        });
        String key = defaultKeyOrNull(defaultKey);
        if (key != null && !virtualKeys.containsKey(key)) {
            // The value is a key: never shown.
            problems.add(new Problem(property("default-key"), null,
                    "it is not one of the keys under " + property("virtual-keys") + " (the value is not shown: it"
                            + " is a credential)",
                    "Set " + property("default-key") + " to one of the keys configured under " + property("virtual-keys")
                            + ", or remove it: requests that carry no key are then refused."));
        }
    }

    private static @Nullable String defaultKeyOrNull(@Nullable String defaultKey) {
        return defaultKey == null || defaultKey.isBlank() ? null : defaultKey;
    }

    /** {@code spring.ai.codemode.<name>}. */
    static String property(String name) {
        return InvalidCodeModeSettingsException.property(name);
    }

    private static String costProperty(String pattern) {
        return property("tool-costs[" + pattern + "]");
    }

    /** {@code map.key}, or {@code map[key]} when the key is not a plain lower-case name. */
    private static String mapEntry(String map, String key) {
        return key.matches("[a-z0-9][a-z0-9-]*") ? map + "." + key : map + "[" + key + "]";
    }

    /**
     * Checks every tool pattern against the catalog once it is known: a pattern that matches no tool
     * of an available server, or names no server, is a mistake (a typo in a group would silently hide a
     * tool), so start-up fails naming the property. Servers unavailable right now are only warned about.
     *
     * @return the warnings (virtual keys in property names masked)
     * @throws InvalidCodeModeSettingsException listing every mistake
     */
    List<String> checkAgainst(CatalogView catalog) {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PatternSetting setting : toolPatterns()) {
            String shown = InvalidCodeModeSettingsException.shown(setting.property());
            try {
                catalog.checkPattern(setting.pattern())
                        .ifPresent(warning -> warnings.add(shown + " = " + setting.text() + ": " + warning));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(setting.property(), setting.text(), e.getMessage(),
                        catalogAction(shown, setting, catalog)));
            }
        }
        InvalidCodeModeSettingsException.throwIfAny(problems);
        return warnings;
    }

    private static String catalogAction(String shown, PatternSetting setting, CatalogView catalog) {
        String server = setting.pattern().substring(0, Math.max(0, setting.pattern().indexOf('.')));
        boolean known = catalog.servers().stream().anyMatch(s -> s.id().equals(server) || s.name().equals(server));
        if (known) {
            return "Name one of the tools of " + server + " listed above in " + shown + " (or " + server + ".* for"
                    + " all of them), or remove the entry.";
        }
        return "Name one of the servers listed above in " + shown + ", or connect a server named " + server
                + " (spring.ai.mcp.client.streamable-http.connections." + server + ".url, or a stdio connection"
                + " of that name).";
    }

    /**
     * {@code value}, or the core's refusal of it as an {@link InvalidCodeModeSettingsException} naming the
     * property ({@code relative} to {@code spring.ai.codemode}).
     */
    static <T> T named(String relative, Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidCodeModeSettingsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String property = property(relative);
            throw new InvalidCodeModeSettingsException(new Problem(property, null, e.getMessage(),
                    "Correct " + InvalidCodeModeSettingsException.shown(property) + " as the reason says."));
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
            InvalidCodeModeSettingsException.throwIfAny(problems());
            Limits.Builder b = Limits.DEFAULTS.toBuilder();
            each((name, value, setter) -> setter.accept(b, value));
            return b.build();
        }

        /** Every value out of range, each checked alone against the defaults so it is named by its property. */
        List<Problem> problems() {
            List<Problem> problems = new ArrayList<>();
            each((name, value, setter) -> {
                try {
                    Limits.Builder alone = Limits.DEFAULTS.toBuilder();
                    setter.accept(alone, value);
                    alone.build();
                } catch (IllegalArgumentException e) {
                    String property = property("limits." + name);
                    // The core refused it; its message names the builder option, the report the property.
                    problems.add(new Problem(property, value instanceof Duration d ? duration(d) : String.valueOf(value),
                            "must be " + valid(name), "Set " + property + " to " + valid(name) + ", or remove it to"
                                    + " keep the default (" + defaultOf(name) + ")."));
                }
            });
            return problems;
        }

        private interface Limit {
            void accept(String name, Object value, BiConsumer<Limits.Builder, Object> setter);
        }

        @SuppressWarnings("unchecked")
        private void each(Limit limit) {
            visit(limit, "max-source-chars", maxSourceChars, Limits.Builder::maxSourceChars);
            visit(limit, "max-steps", maxSteps, Limits.Builder::maxSteps);
            visit(limit, "timeout", timeout, Limits.Builder::timeout);
            visit(limit, "max-tool-calls", maxToolCalls, Limits.Builder::maxToolCalls);
            visit(limit, "max-concurrent-calls", maxConcurrentCalls, Limits.Builder::maxConcurrentCalls);
            visit(limit, "max-value-chars", maxValueChars, Limits.Builder::maxValueChars);
            visit(limit, "max-output-chars", maxOutputChars, Limits.Builder::maxOutputChars);
            visit(limit, "max-memory-bytes", maxMemoryBytes, Limits.Builder::maxMemoryBytes);
        }

        @SuppressWarnings("unchecked")
        private static <T> void visit(Limit limit, String name, T value, BiConsumer<Limits.Builder, T> setter) {
            if (value != null) {
                limit.accept(name, value, (BiConsumer<Limits.Builder, Object>) setter);
            }
        }

        private static String valid(String name) {
            return switch (name) {
                case "timeout" -> "a positive duration, such as 30s or 2m";
                case "max-output-chars" -> "200 or more";
                default -> "a positive whole number";
            };
        }

        private static String defaultOf(String name) {
            Limits d = Limits.DEFAULTS;
            return switch (name) {
                case "max-source-chars" -> String.valueOf(d.maxSourceChars());
                case "max-steps" -> String.valueOf(d.maxSteps());
                case "timeout" -> duration(d.timeout());
                case "max-tool-calls" -> String.valueOf(d.maxToolCalls());
                case "max-concurrent-calls" -> String.valueOf(d.maxConcurrentCalls());
                case "max-value-chars" -> String.valueOf(d.maxValueChars());
                case "max-output-chars" -> String.valueOf(d.maxOutputChars());
                default -> String.valueOf(d.maxMemoryBytes());
            };
        }

        private static String duration(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
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

        /** Sizes the audit log would refuse (its own minimums), each named by its property. */
        List<Problem> problems() {
            List<Problem> problems = new ArrayList<>();
            if (resultCap < AuditLog.MIN_RESULT_CAP) {
                problems.add(new Problem(property("audit.result-cap"), String.valueOf(resultCap),
                        "must be at least " + AuditLog.MIN_RESULT_CAP, "Set " + property("audit.result-cap") + " to "
                        + AuditLog.MIN_RESULT_CAP + " or more characters, or remove it to keep the default (4000)."));
            }
            if (bufferSize < 1) {
                problems.add(new Problem(property("audit.buffer-size"), String.valueOf(bufferSize),
                        "must be at least 1", "Set " + property("audit.buffer-size") + " to 1 or more records, or"
                        + " remove it to keep the default (10000)."));
            }
            return problems;
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
