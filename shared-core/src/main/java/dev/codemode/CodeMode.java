package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.access.AccessControl;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolSource;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.Exposure;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.MetaTools;
import dev.codemode.ToolExposure;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.resilience.BreakerState;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.Interpreter;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    private final ToolCatalog catalog;
    private final List<ToolSource> sources;
    private final boolean closeSources;
    private final Interpreter interpreter;
    private final boolean ownsInterpreter;
    private final MetaTools metaTools;
    private final AuditLog auditLog;
    private final boolean ownsAuditLog;
    private final Resilience resilience;
    private final boolean ownsResilience;
    private final ToolExposure exposure;
    private final WarmUp warmUp = new WarmUp();

    private CodeMode(Builder b) {
        if (b.sources.isEmpty()) {
            throw new IllegalArgumentException("no tool sources: call CodeMode.builder().toolSources(...)");
        }
        this.sources = List.copyOf(b.sources);
        this.closeSources = b.closeSources;
        this.catalog = ToolCatalog.of(sources);
        this.ownsAuditLog = b.auditLog == null && b.auditSink != null;
        this.auditLog = b.auditLog != null ? b.auditLog
                : b.auditSink == null ? null
                : AuditLog.builder().sink(b.auditSink).costs(b.toolCosts == null ? ToolCosts.none() : b.toolCosts).build();
        Limits limits = b.limits == null ? Limits.DEFAULTS : b.limits;
        this.ownsInterpreter = b.interpreter == null;
        this.interpreter = b.interpreter != null ? b.interpreter : StarlarkInterpreter.builder().limits(limits).build();
        ToolInvoker direct = (tool, args) -> catalog.source(tool.serverId())
                .orElseThrow(() -> new dev.codemode.catalog.ToolCallException("server " + tool.serverId() + " is gone"))
                .callTool(tool.descriptor().name(), args);
        this.ownsResilience = b.resilience == null;
        this.resilience = b.resilience != null ? b.resilience : Resilience.ofDefaults();
        this.metaTools = MetaTools.builder()
                .catalog(catalog)
                .accessControl(b.accessControl)
                .bindingLevel(b.bindingLevel)
                .interpreter(interpreter)
                .invoker(resilience.decorate(direct))
                .approvalPolicy(approvalPolicy(b))
                .approvalHandler(b.approvalHandler)
                .limits(limits)
                .auditLog(auditLog)
                .build();
        this.exposure = new ToolExposure(b.exposure == null ? Exposure.CODE_MODE : b.exposure, b.directTools,
                b.autoThresholdTokens == null ? ToolExposure.DEFAULT_AUTO_THRESHOLD_TOKENS : b.autoThresholdTokens,
                metaTools.specs());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy set whole, or the one the builder's conveniences describe; null for the default. */
    private static ApprovalPolicy approvalPolicy(Builder b) {
        boolean parts = !b.autoExecute.isEmpty() || !b.trustReadOnlyHints.isEmpty();
        if (b.approvalPolicy != null && parts) {
            throw new IllegalArgumentException("set approvalPolicy(...) or autoExecute(...)/trustReadOnlyHints(...),"
                    + " not both: put the patterns and servers in the ApprovalPolicy");
        }
        return parts ? ApprovalPolicy.builder().autoExecute(b.autoExecute).trustReadOnlyHints(b.trustReadOnlyHints)
                .build() : b.approvalPolicy;
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    public MetaTools metaTools() {
        return metaTools;
    }

    /** Circuit breaker states by breaker name (server, or {@code server.tool}), for health pages. */
    public Map<String, BreakerState> breakerStates() {
        return resilience.breakerStates();
    }

    /** The audit log, when one is configured. */
    public java.util.Optional<AuditLog> auditLog() {
        return java.util.Optional.ofNullable(auditLog);
    }

    /** The four meta-tools' specifications. */
    public List<MetaToolSpec> specs() {
        return metaTools.specs();
    }

    /**
     * The tools to offer {@code context}'s caller, by the exposure mode: the meta-tools, tools offered
     * directly ({@code server__tool}), or both. Adapters offer exactly these and route calls of any of
     * them to {@link #call(String, Map, CallContext)}.
     */
    public List<MetaToolSpec> specs(CallContext context) {
        return offer(context).specs();
    }

    /** What {@code context}'s caller is offered, with the mode in effect for its view. */
    public ToolExposure.Offer offer(CallContext context) {
        return exposure.offer(view(context), catalog.version());
    }

    /** The whole catalog as one view (what a caller sees without access control). */
    public CatalogView view() {
        return catalog.view();
    }

    /** The tools {@code context}'s caller sees; empty when the caller has no access. */
    public CatalogView view(CallContext context) {
        AccessControl.Access access = metaTools.access(context);
        return access.isDenied() ? catalog.view(t -> false) : access.view();
    }

    /** Calls a meta-tool with arguments as a map, for an anonymous caller. */
    public MetaToolResult call(String metaTool, Map<String, Object> arguments) {
        return call(metaTool, arguments, CallContext.anonymous());
    }

    /** Calls a meta-tool with arguments as JSON text, for an anonymous caller. */
    public MetaToolResult call(String metaTool, String argumentsJson) {
        return call(metaTool, argumentsJson, CallContext.anonymous());
    }

    /**
     * Calls a meta-tool, or a tool offered to this caller directly ({@code server__tool}), for a caller
     * (virtual key, parent request). Direct calls are governed like script calls: view, approval,
     * audit, circuit breaker.
     */
    public MetaToolResult call(String metaTool, Map<String, Object> arguments, CallContext context) {
        if (metaTool != null && metaTool.contains("__")) {
            CallContext caller = context == null ? CallContext.anonymous() : context;
            ToolExposure.Offer offer = offer(caller);
            CatalogTool tool = offer.directTools().get(metaTool);
            if (tool != null) {
                return metaTools.callTool(view(caller), tool, arguments, caller);
            }
            // Meta-tool names have no "__": this is a direct name the caller is not offered.
            List<String> names = offer.specs().stream().map(MetaToolSpec::name).limit(20).toList();
            return new MetaToolResult("no tool " + MetaTools.shortName(metaTool) + "; your tools: " + String.join(", ", names)
                    + (offer.specs().size() > 20 ? ", ..." : ""), true);
        }
        return metaTools.call(metaTool, arguments, context);
    }

    /** As {@link #call(String, Map, CallContext)}, with arguments as JSON text. */
    public MetaToolResult call(String metaTool, String argumentsJson, CallContext context) {
        Map<String, Object> args;
        try {
            args = MetaTools.arguments(metaTool, argumentsJson);
        } catch (IllegalArgumentException e) {
            return new MetaToolResult(e.getMessage(), true);
        }
        return call(metaTool, args, context);
    }

    /**
     * Does once, now, the work the first request would otherwise pay for: builds what the meta-tools
     * derive from the catalog's current view (stub files, ranking index) and runs one script through
     * the interpreter's whole call path against a throwaway tool of its own. It calls no tool of the
     * catalog and writes no audit record. Adapters call it at start-up, off the request path; calling
     * it again is cheap.
     */
    public void warmUp() {
        warmUp.run(catalog, metaTools.stubs(), interpreter);
    }

    @Override
    public void close() {
        if (ownsInterpreter && interpreter instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing thread pools does not fail in practice; nothing else to release.
            }
        }
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

    /** Boring on purpose: fields start null, defaults are applied by {@link CodeMode}. */
    public static final class Builder {
        private final List<ToolSource> sources = new ArrayList<>();
        private BindingLevel bindingLevel;
        private Limits limits;
        private Interpreter interpreter;
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

        private Builder() {
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
         * gets its tools directly; default {@value ToolExposure#DEFAULT_AUTO_THRESHOLD_TOKENS}.
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

        /** Script limits; {@link Limits#DEFAULTS} when not set. Ignored when an interpreter is given. */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Another interpreter; the caller keeps ownership and closes it. */
        public Builder interpreter(Interpreter interpreter) {
            this.interpreter = interpreter;
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
