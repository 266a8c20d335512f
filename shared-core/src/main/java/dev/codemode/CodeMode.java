package dev.codemode;

import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolSource;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.resilience.BreakerState;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.ScriptError;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.skill.SkillLibrary;
import dev.codemode.skill.Skills;
import dev.codemode.stubs.BindingLevel;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the core: a catalog over tool sources, the stub generator, the interpreter and
 * the four meta-tools, built once and shared by every request.
 *
 * <pre>{@code
 * try (CodeMode codeMode = CodeMode.builder()
 *         .toolSources(crm, orders)
 *         .bindingLevel(BindingLevel.SERVER)
 *         .build()) {
 *     String tree = codeMode.call("listToolFiles", Map.of()).text();
 *     String answer = codeMode.call("executeToolCode", Map.of("code", "result = crm.lookup_customer(customer_id=\"c1\")")).text();
 * }
 * }</pre>
 *
 * <p>Closing stops the interpreter's threads and closes the tool sources this instance was given
 * only when {@link Builder#closeSources(boolean)} says so (off by default: whoever created a
 * source closes it).
 */
public final class CodeMode implements AutoCloseable {

    public static final String LIST_TOOL_FILES = "listToolFiles";
    public static final String READ_TOOL_FILE = "readToolFile";
    public static final String GET_TOOL_DOCS = "getToolDocs";
    public static final String EXECUTE_TOOL_CODE = "executeToolCode";
    /** The global scripts call skills through, {@code skills.name(...)}, when skills are configured. */
    private static final String SKILLS_GLOBAL = "skills";

    private final ToolCatalog catalog;
    private final List<ToolSource> sources;
    private final boolean closeSources;
    private final StarlarkInterpreter interpreter;
    private final AuditLog auditLog;
    private final boolean ownsAuditLog;
    private final Resilience resilience;
    private final boolean ownsResilience;
    private final AccessControl access;
    private final int maxOutputChars;
    /** The four meta-tools, by name, in the order the model should use them. */
    private final Map<String, MetaToolHandler> handlers = new LinkedHashMap<>();
    private final ExecuteToolCode execute;
    private final DirectToolCall direct;
    private final List<MetaToolSpec> specs;
    private final ToolExposure exposure;
    private final StubGenerator stubs;
    private final WarmUp warmUp = new WarmUp();
    private final Observations observations;
    private final @Nullable SkillLibrary skills;

    private CodeMode(Builder b) {
        if (b.sources.isEmpty()) {
            throw new IllegalArgumentException("no tool sources: call CodeMode.builder().toolSources(...)");
        }
        this.sources = List.copyOf(b.sources);
        this.closeSources = b.closeSources;
        // Everything that can refuse the configuration comes before anything that starts a thread.
        this.catalog = ToolCatalog.of(sources);
        this.access = b.accessControl == null ? AccessControl.open() : b.accessControl;
        ApprovalGate gate = new ApprovalGate(approvalPolicy(b), b.approvalHandler);
        Limits limits = b.limits == null ? Limits.DEFAULTS : b.limits;
        this.specs = List.of(ListToolFiles.SPEC, ReadToolFile.SPEC, GetToolDocs.SPEC,
                ExecuteToolCode.spec(limits, b.skills != null && b.skills.saving()));
        this.exposure = new ToolExposure(b.exposure == null ? Exposure.CODE_MODE : b.exposure, b.directTools,
                b.autoThresholdTokens == null ? ToolExposure.DEFAULT_AUTO_THRESHOLD_TOKENS : b.autoThresholdTokens,
                specs);
        this.maxOutputChars = limits.maxOutputChars();
        // The stubs mark what needs approval under the gate's own policy.
        this.stubs = new StubGenerator(b.bindingLevel == null ? BindingLevel.SERVER : b.bindingLevel,
                gate.policy());
        this.ownsAuditLog = b.auditLog == null && b.auditSink != null;
        this.auditLog = b.auditLog != null ? b.auditLog
                : b.auditSink == null ? AuditLog.none()
                : AuditLog.builder().sink(b.auditSink).costs(b.toolCosts == null ? ToolCosts.none() : b.toolCosts).build();
        this.interpreter = StarlarkInterpreter.builder().limits(limits).build();
        try {
            if (b.skills != null && catalog.view().server(SKILLS_GLOBAL).isPresent()) {
                throw new IllegalArgumentException("a server is named skills, the name scripts call skills by:"
                        + " rename the server or leave skills(...) out");
            }
            this.skills = b.skills == null ? null : b.skills.library(catalog, interpreter, this::view);
        } catch (RuntimeException e) {
            interpreter.close();
            throw e;
        }
        this.ownsResilience = b.resilience == null;
        this.resilience = b.resilience != null ? b.resilience : Resilience.ofDefaults();
        // MicrometerObservations is the one class that names Micrometer types: without a registry it is never loaded.
        this.observations = b.observationRegistry == null ? Observations.NONE
                : MicrometerObservations.of(b.observationRegistry);
        CallPath calls = new CallPath(catalog, resilience);
        this.execute = new ExecuteToolCode(interpreter, gate, calls, auditLog, observations, skills);
        this.direct = new DirectToolCall(gate, calls, auditLog, maxOutputChars, observations);
        for (MetaToolHandler handler : List.of(new ListToolFiles(stubs, maxOutputChars, skills),
                new ReadToolFile(stubs, maxOutputChars, skills), new GetToolDocs(stubs, maxOutputChars, skills),
                execute)) {
            handlers.put(handler.spec().name(), handler);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What one caller is offered: the mode in effect ({@code DIRECT} or {@code CODE_MODE}; {@code AUTO}
     * decides between them), the specs in order, the tools offered directly by the name the model
     * calls ({@link #directName}), and the tokens of the view's full definitions (counted for
     * {@code AUTO} only; 0 otherwise).
     */
    public record Offer(Exposure decided, List<MetaToolSpec> specs, Map<String, CatalogTool> directTools,
            int directDefinitionTokens) {
    }

    /** The name a tool is offered under when offered directly: {@code crm__lookup_customer}. */
    public static String directName(CatalogTool tool) {
        return ToolExposure.directName(tool);
    }

    /** The policy set whole, or the one the builder's conveniences describe; null for the default. */
    private static @Nullable ApprovalPolicy approvalPolicy(Builder b) {
        boolean parts = !b.autoExecute.isEmpty() || !b.trustReadOnlyHints.isEmpty();
        if (b.approvalPolicy != null && parts) {
            throw new IllegalArgumentException("set approvalPolicy(...) or autoExecute(...)/trustReadOnlyHints(...),"
                    + " not both: put the patterns and servers in the ApprovalPolicy");
        }
        return parts ? ApprovalPolicy.builder().autoExecute(b.autoExecute).trustReadOnlyHints(b.trustReadOnlyHints)
                .build() : b.approvalPolicy;
    }

    /** The catalog behind this host: servers, tools, and {@link ToolCatalog#refresh()}. */
    public ToolCatalog catalog() {
        return catalog;
    }

    /** Circuit breaker states by breaker name (server, or {@code server.tool}), for health pages. */
    public Map<String, BreakerState> breakerStates() {
        return resilience.breakerStates();
    }

    /** The audit log, when one is configured. */
    public Optional<AuditLog> auditLog() {
        return auditLog.isEnabled() ? Optional.of(auditLog) : Optional.empty();
    }

    /** The skills, when {@link Builder#skills} configured them: list, show, save, delete. */
    public Optional<SkillLibrary> skills() {
        return Optional.ofNullable(skills);
    }

    /** The four meta-tools' specifications. */
    public List<MetaToolSpec> specs() {
        return specs;
    }

    /**
     * The tools to offer {@code context}'s caller, by the exposure mode: the meta-tools, tools offered
     * directly ({@code server__tool}), or both. Adapters offer exactly these and route calls of any of
     * them to {@link #call(String, Map, CallContext)}.
     */
    public List<MetaToolSpec> specs(CallContext context) {
        return offer(context).specs();
    }

    /**
     * Every tool {@code context}'s caller sees, each as its own definition ({@link #directName}, its
     * description and input schema): what standard tool calling puts on every request, and what
     * {@link Exposure#DIRECT} offers. {@link MetaToolSpec#definitionTokens} of these against those of
     * {@link #specs(CallContext)} is what Code Mode saves per request.
     */
    public List<MetaToolSpec> directSpecs(@Nullable CallContext context) {
        return view(context).tools().stream().map(ToolExposure::directSpec).toList();
    }

    /** What {@code context}'s caller is offered, with the mode in effect for its view. */
    public Offer offer(CallContext context) {
        return exposure.offer(view(context));
    }

    /** The whole catalog as one view (what a caller sees without access control). */
    public CatalogView view() {
        return catalog.view();
    }

    /** The tools {@code context}'s caller sees; empty when the caller has no access. */
    public CatalogView view(@Nullable CallContext context) {
        AccessControl.Access granted = access.resolve(caller(context), catalog);
        return granted.isDenied() ? catalog.view(t -> false) : granted.view();
    }

    /** Calls a meta-tool with arguments as a map, for an anonymous caller. */
    public MetaToolResult call(String metaTool, @Nullable Map<String, Object> arguments) {
        return call(metaTool, arguments, CallContext.anonymous());
    }

    /** Calls a meta-tool with arguments as JSON text, for an anonymous caller. */
    public MetaToolResult call(String metaTool, @Nullable String argumentsJson) {
        return call(metaTool, argumentsJson, CallContext.anonymous());
    }

    /**
     * Calls a meta-tool, or a tool offered to this caller directly ({@code server__tool}), for a caller
     * (virtual key, parent request). Unknown names, bad arguments and callers without access are
     * errors for the model, never exceptions. Direct calls are governed like script calls: view,
     * approval, audit, circuit breaker.
     */
    public MetaToolResult call(@Nullable String metaTool, @Nullable Map<String, Object> arguments,
            @Nullable CallContext context) {
        CallContext caller = caller(context);
        AccessControl.Access granted = access.resolve(caller, catalog);
        String name = metaTool == null ? "" : metaTool;
        if (granted.isDenied()) {
            if (handlers.containsKey(name)) { // a bounded name only: the model may call anything
                observations.start(name, caller).stop("access", "none", null, 0);
            }
            return MetaToolResult.error("access denied: " + granted.denial());
        }
        CatalogView view = granted.view();
        Arguments args = new Arguments(arguments);
        MetaToolHandler handler = handlers.get(name);
        MetaToolResult result;
        if (handler == null && name.contains("__")) {
            // Meta-tool names have no "__": this is a tool offered directly, or one the caller is not offered.
            Offer offer = exposure.offer(view);
            CatalogTool tool = offer.directTools().get(name);
            if (tool != null) {
                return direct.call(view, tool, args.asMap(), caller);
            }
            List<String> names = offer.specs().stream().map(MetaToolSpec::name).limit(20).toList();
            return MetaToolResult.error("no tool " + Arguments.shortName(name) + "; your tools: "
                    + String.join(", ", names) + (offer.specs().size() > 20 ? ", ..." : ""));
        }
        if (handler == null) {
            return MetaToolResult.error("no meta-tool " + Arguments.shortName(name) + "; use " + LIST_TOOL_FILES + ", "
                    + READ_TOOL_FILE + ", " + GET_TOOL_DOCS + " or " + EXECUTE_TOOL_CODE);
        }
        // executeToolCode observes itself (codemode.execution, with its tool calls beneath).
        Observations.Run run = handler == execute ? null : observations.start(name, caller);
        String outcome = "error";
        try {
            result = handler.handle(view, args, caller);
            outcome = result.isError() ? "error" : "ok";
        } catch (Arguments.BadArgument e) {
            result = MetaToolResult.error(Arguments.shortName(name) + ": " + e.getMessage());
            outcome = "invalid_arguments";
            if (run == null) { // executeToolCode without a script to run (missing, or over maxSourceChars)
                observations.start(name, caller).stop(outcome, "none", null, 0);
            }
        } finally {
            if (run != null) {
                run.stop(outcome, "none", null, 0);
            }
        }
        // Every answer has the script output's limit; the answers that can grow cut themselves first,
        // at a line, with a note saying how to get the rest.
        return result.text().length() <= maxOutputChars ? result
                : new MetaToolResult(TextFit.capped(result.text(), maxOutputChars), result.isError());
    }

    /** As {@link #call(String, Map, CallContext)}, with arguments as JSON text. */
    public MetaToolResult call(@Nullable String metaTool, @Nullable String argumentsJson, @Nullable CallContext context) {
        Map<String, Object> args;
        try {
            args = Arguments.parse(metaTool, argumentsJson);
        } catch (IllegalArgumentException e) {
            return MetaToolResult.error(String.valueOf(e.getMessage()));
        }
        return call(metaTool, args, context);
    }

    /**
     * What {@code executeToolCode} does for {@code context}'s caller, with the structured result
     * instead of its JSON text: access, checks, approval, limits and audit are the same. For Java
     * code that runs scripts itself (a CLI, a benchmark).
     */
    public ExecutionResult execute(String code, @Nullable CallContext context) {
        CallContext caller = caller(context);
        AccessControl.Access granted = access.resolve(caller, catalog);
        if (granted.isDenied()) {
            return ExecutionResult.notRun(new ScriptError("access",
                    "access denied: " + granted.denial(), null, null, null));
        }
        return execute.execute(granted.view(), code, caller);
    }

    /**
     * Does once, now, the work the first request would otherwise pay for: builds what the meta-tools
     * derive from the catalog's current view (stub files, ranking index, script globals) and runs one
     * script through the interpreter's whole path against a throwaway tool of its own. It calls no
     * tool of the catalog and writes no audit record. Adapters call it at start-up, off the request
     * path; calling it again is cheap.
     */
    public void warmUp() {
        warmUp.run(catalog, stubs, interpreter);
    }

    @Override
    public void close() {
        interpreter.close();
        if (ownsResilience) {
            resilience.close();
        }
        if (ownsAuditLog) {
            auditLog.close(); // flushes every record first
        }
        if (closeSources) {
            for (ToolSource source : sources) {
                source.close();
            }
        }
    }

    private static CallContext caller(@Nullable CallContext context) {
        return context == null ? CallContext.anonymous() : context;
    }

    /** Boring on purpose: fields start null, defaults are applied by {@link CodeMode}. */
    public static final class Builder {
        private final List<ToolSource> sources = new ArrayList<>();
        private BindingLevel bindingLevel;
        private Limits limits;
        private boolean closeSources;
        private ApprovalPolicy approvalPolicy;
        private final List<String> autoExecute = new ArrayList<>();
        private final List<String> trustReadOnlyHints = new ArrayList<>();
        private ApprovalHandler approvalHandler;
        private AccessControl accessControl;
        private AuditSink auditSink;
        private ToolCosts toolCosts;
        private AuditLog auditLog;
        private Resilience resilience;
        private Exposure exposure;
        private final List<String> directTools = new ArrayList<>();
        private Integer autoThresholdTokens;
        private Skills skills;
        /** An io.micrometer.observation.ObservationRegistry, held as Object so that no Micrometer type is loaded without one. */
        private Object observationRegistry;

        private Builder() {
        }

        /**
         * Records Micrometer observations on {@code registry}: {@code codemode.execution} per script,
         * {@code codemode.meta_tool} per read-only meta-tool call, and {@code codemode.tool.call} per
         * tool call beneath them, whose trace context goes to the MCP server (docs/observability.md).
         * Micrometer ({@code io.micrometer:micrometer-observation}) is an optional dependency: without
         * this call nothing is recorded and no Micrometer class is loaded.
         */
        public Builder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
            this.observationRegistry = registry;
            return this;
        }

        /**
         * How tools are offered to the model: {@link Exposure#CODE_MODE} (default), {@code DIRECT} or
         * {@code AUTO}; see {@link #specs(CallContext)}.
         */
        public Builder exposure(Exposure exposure) {
            this.exposure = exposure;
            return this;
        }

        /**
         * Tools also offered as ordinary tools next to the meta-tools ({@code crm.lookup_customer},
         * {@code crm.*}), the way core tools stay loaded. Governed like script calls.
         */
        public Builder directTools(String... toolPatterns) {
            this.directTools.addAll(Arrays.asList(toolPatterns));
            return this;
        }

        /** As {@link #directTools(String...)}. */
        public Builder directTools(List<String> toolPatterns) {
            this.directTools.addAll(toolPatterns);
            return this;
        }

        /**
         * {@link Exposure#AUTO}: a view whose full tool definitions cost fewer tokens (o200k_base) than this
         * gets its tools directly; default 1,500.
         */
        public Builder autoThresholdTokens(int tokens) {
            this.autoThresholdTokens = tokens;
            return this;
        }

        /**
         * Records every tool call and execution to this sink, through an asynchronous writer that
         * {@link CodeMode#close()} flushes and stops. Nothing is recorded when no sink or log is set.
         */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = auditSink;
            return this;
        }

        /** Prices per call for the audit log's cost totals; used with {@link #auditSink}. */
        public Builder toolCosts(ToolCosts toolCosts) {
            this.toolCosts = toolCosts;
            return this;
        }

        /**
         * Circuit breakers, time limits, bulkheads and retries around every upstream call, e.g. built
         * on Spring's Resilience4j registries; the caller closes it. {@link Resilience#ofDefaults()}
         * when not set.
         */
        public Builder resilience(Resilience resilience) {
            this.resilience = resilience;
            return this;
        }

        /** An audit log the caller builds and closes (instead of {@link #auditSink}). */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /**
         * Which tools run without approval, as a whole policy. When neither this nor {@link #autoExecute}
         * / {@link #trustReadOnlyHints} is set, no tool does: every script that calls a tool goes to the
         * {@link #approvalHandler}.
         */
        public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
            this.approvalPolicy = approvalPolicy;
            return this;
        }

        /**
         * The auto-execute allowlist: tools that run without approval, as {@code server.tool},
         * {@code server.*} or {@code *}; nothing else does unless a server is trusted with
         * {@link #trustReadOnlyHints}. Shorthand for {@link ApprovalPolicy.Builder#autoExecute}.
         */
        public Builder autoExecute(String... toolPatterns) {
            return autoExecute(Arrays.asList(toolPatterns));
        }

        /** As {@link #autoExecute(String...)}. */
        public Builder autoExecute(List<String> toolPatterns) {
            this.autoExecute.addAll(toolPatterns);
            return this;
        }

        /**
         * Servers whose {@code readOnlyHint} annotations you trust: their tools that say read-only, and do
         * not also say destructive, run without approval. Shorthand for
         * {@link ApprovalPolicy.Builder#trustReadOnlyHints}; no server is trusted unless named.
         */
        public Builder trustReadOnlyHints(String... serverNames) {
            return trustReadOnlyHints(Arrays.asList(serverNames));
        }

        /** As {@link #trustReadOnlyHints(String...)}. */
        public Builder trustReadOnlyHints(List<String> serverNames) {
            this.trustReadOnlyHints.addAll(serverNames);
            return this;
        }

        /** Decides scripts that call tools outside the auto-execute list; {@link ApprovalHandler#deny()} when not set. */
        public Builder approvalHandler(ApprovalHandler approvalHandler) {
            this.approvalHandler = approvalHandler;
            return this;
        }

        /** Virtual keys and tool groups; every caller sees every tool when not set. */
        public Builder accessControl(AccessControl accessControl) {
            this.accessControl = accessControl;
            return this;
        }

        public Builder toolSources(List<? extends ToolSource> sources) {
            this.sources.addAll(sources);
            return this;
        }

        public Builder toolSources(ToolSource... sources) {
            return toolSources(Arrays.asList(sources));
        }

        /** {@link BindingLevel#SERVER} (default): one stub file per server; {@code TOOL}: one per tool. */
        public Builder bindingLevel(BindingLevel bindingLevel) {
            this.bindingLevel = bindingLevel;
            return this;
        }

        /**
         * Skills: functions saved from scripts that worked, or registered by the application, listed as
         * {@code skills.pyi} and called as {@code skills.name(...)} (docs/skills.md). Off when not set:
         * the meta-tools are exactly as without skills.
         */
        public Builder skills(Skills skills) {
            this.skills = skills;
            return this;
        }

        /** Script limits; {@link Limits#DEFAULTS} when not set. */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Whether {@link CodeMode#close()} also closes the tool sources. Off by default. */
        public Builder closeSources(boolean closeSources) {
            this.closeSources = closeSources;
            return this;
        }

        public CodeMode build() {
            return new CodeMode(this);
        }
    }
}
