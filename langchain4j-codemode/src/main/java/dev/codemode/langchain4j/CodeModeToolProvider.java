package dev.codemode.langchain4j;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.ToolSource;
import dev.codemode.Exposure;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Code Mode for LangChain4j: a {@link ToolProvider} that gives the model the four meta-tools
 * ({@code listToolFiles}, {@code readToolFile}, {@code getToolDocs}, {@code executeToolCode}) instead of
 * every tool of every MCP server, and runs the model's scripts against those tools.
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *         .chatModel(model)
 *         .toolProvider(CodeModeToolProvider.builder().mcpClients(mcpClients).build())
 *         .build();
 * }</pre>
 *
 * <p>Who is calling comes from LangChain4j's invocation: by default the virtual key is the
 * invocation parameter {@value #VIRTUAL_KEY} (pass {@code InvocationParameters.from("virtualKey", key)}
 * as an argument of the AI service method), and the parent request id is the invocation parameter
 * {@value #PARENT_REQUEST_ID}, else the AI service invocation's id, else the chat memory id. Change
 * that with {@link Builder#callContext}. The caller's context never reaches an upstream server.
 *
 * <p>The MCP clients are the caller's: {@link #close()} leaves them open, and stops what this
 * provider started (the sandbox's threads, the audit writer).
 */
public final class CodeModeToolProvider implements ToolProvider, AutoCloseable {

    /** The invocation parameter read for the virtual key by default. */
    public static final String VIRTUAL_KEY = "virtualKey";

    /** The invocation parameter read for the parent request id by default. */
    public static final String PARENT_REQUEST_ID = "parentRequestId";

    /** The server name of the {@code @Tool} objects given to {@link Builder#tools} unless set. */
    public static final String DEFAULT_TOOLS_SERVER_NAME = "local";

    private static final Logger log = LoggerFactory.getLogger(CodeModeToolProvider.class);
    private static final Pattern GENERATED_KEY =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CodeMode codeMode;
    private final Resilience ownedResilience;
    private final Function<InvocationContext, CallContext> callContext;
    /** Results by the exact spec list offered, so equal views share one result. */
    private final Map<List<MetaToolSpec>, ToolProviderResult> results = new ConcurrentHashMap<>();

    private CodeModeToolProvider(Builder b) {
        List<ToolSource> sources = new ArrayList<>(b.toolSources);
        for (int i = 0; i < b.mcpClients.size(); i++) {
            McpClient client = b.mcpClients.get(i);
            sources.add(McpClientToolSource.of(serverName(client, i), client, b.toolExecutionTimeoutErrorMessage));
        }
        if (!b.tools.isEmpty()) {
            sources.add(AnnotatedToolSource.of(
                    b.toolsServerName == null ? DEFAULT_TOOLS_SERVER_NAME : b.toolsServerName, b.tools));
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no tools: call CodeModeToolProvider.builder().mcpClients(...),"
                    + " .tools(...) or .toolSources(...)");
        }
        if (b.resilience != null && b.circuitBreakerRegistry != null) {
            throw new IllegalArgumentException("set resilience(...) or circuitBreakerRegistry(...), not both:"
                    + " build the Resilience with Resilience.builder().circuitBreakerRegistry(...)");
        }
        this.ownedResilience = b.circuitBreakerRegistry == null ? null
                : Resilience.builder().circuitBreakerRegistry(b.circuitBreakerRegistry).build();
        CodeMode.Builder core = CodeMode.builder()
                .toolSources(sources)
                .bindingLevel(b.bindingLevel)
                .limits(b.limits)
                .approvalHandler(b.approvalHandler)
                .accessControl(b.accessControl)
                .auditSink(b.auditSink)
                .toolCosts(b.toolCosts)
                .resilience(b.resilience != null ? b.resilience : ownedResilience)
                .exposure(b.exposure)
                .directTools(b.directTools);
        if (b.autoThresholdTokens != null) {
            core.autoThresholdTokens(b.autoThresholdTokens);
        }
        // The core decides what the three approval options mean together (and refuses a policy with the others).
        core.approvalPolicy(b.approvalPolicy).autoExecute(b.autoExecute).trustReadOnlyHints(b.trustReadOnlyHints);
        this.codeMode = core.build();
        this.callContext = b.callContext == null ? CodeModeToolProvider::defaultCallContext : b.callContext;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tools for this request's caller: the four meta-tools by default; with direct tools or another
     * exposure mode, what {@link CodeMode#specs(CallContext)} offers the caller's view. Who calls is read
     * again when a tool runs, so a tool is only ever run for the caller of its own invocation.
     */
    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        InvocationContext invocation = request == null ? null : request.invocationContext();
        List<MetaToolSpec> specs = codeMode.specs(callContext.apply(invocation));
        return results.computeIfAbsent(specs, offered -> {
            ToolProviderResult.Builder result = ToolProviderResult.builder();
            for (MetaToolSpec spec : offered) {
                result.add(specification(spec), new MetaToolExecutor(spec.name()));
            }
            return result.build();
        });
    }

    /** The core behind this provider: catalog (and its refresh), audit log, breaker states. */
    public CodeMode codeMode() {
        return codeMode;
    }

    @Override
    public void close() {
        codeMode.close();
        if (ownedResilience != null) {
            ownedResilience.close();
        }
    }

    static ToolSpecification specification(MetaToolSpec spec) {
        return ToolSpecification.builder()
                .name(spec.name())
                .description(spec.description())
                .parameters(JsonSchemas.toObjectSchema(spec.inputSchema()))
                .build();
    }

    /**
     * Virtual key from the invocation parameter {@value #VIRTUAL_KEY}; parent request id from
     * {@value #PARENT_REQUEST_ID}, else the invocation id, else the chat memory id.
     */
    static CallContext defaultCallContext(InvocationContext context) {
        if (context == null) {
            return CallContext.anonymous();
        }
        InvocationParameters parameters = context.invocationParameters();
        Object key = parameters == null ? null : parameters.get(VIRTUAL_KEY);
        Object parent = parameters == null ? null : parameters.get(PARENT_REQUEST_ID);
        if (parent == null) {
            parent = context.invocationId();
        }
        if (parent == null) {
            parent = context.chatMemoryId();
        }
        return new CallContext(key == null ? null : key.toString(), parent == null ? null : parent.toString());
    }

    private static String serverName(McpClient client, int index) {
        String key = client.key();
        if (key == null || key.isBlank() || GENERATED_KEY.matcher(key).matches()) {
            String name = "mcp" + (index + 1);
            log.warn("MCP client {} has no key of its own; its tools are server {}. Name it with"
                    + " DefaultMcpClient.builder().key(\"crm\")", index + 1, name);
            return name;
        }
        return key;
    }

    /** Runs one meta-tool (or direct tool) for the caller of the current AI service invocation. */
    private final class MetaToolExecutor implements ToolExecutor {

        private final String metaTool;

        MetaToolExecutor(String metaTool) {
            this.metaTool = metaTool;
        }

        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            return executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()).resultText();
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            MetaToolResult result = codeMode.call(metaTool, request.arguments(), callContext.apply(context));
            return ToolExecutionResult.builder()
                    .isError(result.isError())
                    .resultText(result.text() == null ? "" : result.text())
                    .build();
        }
    }

    /**
     * Boring on purpose: fields start null, {@link CodeModeToolProvider} applies the defaults, and
     * only one of {@link #mcpClients}, {@link #tools} or {@link #toolSources} is required.
     */
    public static final class Builder {
        private final List<McpClient> mcpClients = new ArrayList<>();
        private final List<Object> tools = new ArrayList<>();
        private final List<ToolSource> toolSources = new ArrayList<>();
        private String toolsServerName;
        private String toolExecutionTimeoutErrorMessage;
        private BindingLevel bindingLevel;
        private Limits limits;
        private ApprovalPolicy approvalPolicy;
        private final List<String> autoExecute = new ArrayList<>();
        private final List<String> trustReadOnlyHints = new ArrayList<>();
        private ApprovalHandler approvalHandler;
        private AccessControl accessControl;
        private Function<InvocationContext, CallContext> callContext;
        private AuditSink auditSink;
        private ToolCosts toolCosts;
        private CircuitBreakerRegistry circuitBreakerRegistry;
        private Resilience resilience;
        private Exposure exposure;
        private final List<String> directTools = new ArrayList<>();
        private Integer autoThresholdTokens;

        private Builder() {
        }

        /**
         * LangChain4j MCP clients (any transport), one server each, named by the client's
         * {@code key()}: build them with {@code DefaultMcpClient.builder().key("crm")}. The caller closes them.
         */
        public Builder mcpClients(List<? extends McpClient> mcpClients) {
            this.mcpClients.addAll(mcpClients);
            return this;
        }

        public Builder mcpClients(McpClient... mcpClients) {
            return mcpClients(Arrays.asList(mcpClients));
        }

        /**
         * The text the MCP clients were built with as {@code toolExecutionTimeoutErrorMessage}, when not
         * the default: it is how a timed-out call is recognised (the client returns it as a normal result).
         */
        public Builder toolExecutionTimeoutErrorMessage(String message) {
            this.toolExecutionTimeoutErrorMessage = message;
            return this;
        }

        /** Objects with {@code @Tool} methods, together one server named by {@link #toolsServerName}. */
        public Builder tools(List<?> objectsWithTools) {
            this.tools.addAll(objectsWithTools);
            return this;
        }

        public Builder tools(Object... objectsWithTools) {
            return tools(Arrays.asList(objectsWithTools));
        }

        /** The server name of the {@link #tools} objects; {@value #DEFAULT_TOOLS_SERVER_NAME} when not set. */
        public Builder toolsServerName(String toolsServerName) {
            this.toolsServerName = toolsServerName;
            return this;
        }

        /** Core tool sources (e.g. {@code McpToolSource}, {@code FunctionToolSource}); the caller closes them. */
        public Builder toolSources(List<? extends ToolSource> toolSources) {
            this.toolSources.addAll(toolSources);
            return this;
        }

        public Builder toolSources(ToolSource... toolSources) {
            return toolSources(Arrays.asList(toolSources));
        }

        /** {@link BindingLevel#SERVER} (default): one stub file per server; {@code TOOL}: one per tool. */
        public Builder bindingLevel(BindingLevel bindingLevel) {
            this.bindingLevel = bindingLevel;
            return this;
        }

        /** Script limits; {@link Limits#DEFAULTS} when not set. */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Which tools run without approval, as a whole policy; not together with {@link #autoExecute} or
         * {@link #trustReadOnlyHints}. When none of the three is set, no tool runs without approval.
         */
        public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
            this.approvalPolicy = approvalPolicy;
            return this;
        }

        /**
         * The auto-execute allowlist: tools that run without approval, as {@code server.tool} names or
         * patterns ({@code crm.*}, {@code *}). Nothing else runs without approval, whatever the servers'
         * annotations say, unless a server is named in {@link #trustReadOnlyHints}.
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
         * Servers (MCP client keys, or the {@link #toolsServerName}) whose {@code readOnlyHint} annotations
         * you trust: their tools that say read-only, and do not also say destructive, run without
         * approval. No server is trusted unless named.
         */
        public Builder trustReadOnlyHints(String... serverNames) {
            return trustReadOnlyHints(Arrays.asList(serverNames));
        }

        /** As {@link #trustReadOnlyHints(String...)}. */
        public Builder trustReadOnlyHints(List<String> serverNames) {
            this.trustReadOnlyHints.addAll(serverNames);
            return this;
        }

        /** Decides scripts that call tools outside the auto-execute list; denies them when not set. */
        public Builder approvalHandler(ApprovalHandler approvalHandler) {
            this.approvalHandler = approvalHandler;
            return this;
        }

        /** Virtual keys and tool groups; every caller sees every tool when not set. */
        public Builder accessControl(AccessControl accessControl) {
            this.accessControl = accessControl;
            return this;
        }

        /**
         * Who is calling, from the AI service invocation (memory id, invocation parameters, invocation
         * id). Default: see {@link CodeModeToolProvider}.
         */
        public Builder callContext(Function<InvocationContext, CallContext> callContext) {
            this.callContext = callContext;
            return this;
        }

        /** Records every tool call a script makes; nothing is recorded when not set. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = auditSink;
            return this;
        }

        /** Prices per call for the audit's cost totals; used with {@link #auditSink}. */
        public Builder toolCosts(ToolCosts toolCosts) {
            this.toolCosts = toolCosts;
            return this;
        }

        /** Where the per-server circuit breakers come from (time limits, bulkheads and retries keep their defaults). */
        public Builder circuitBreakerRegistry(CircuitBreakerRegistry circuitBreakerRegistry) {
            this.circuitBreakerRegistry = circuitBreakerRegistry;
            return this;
        }

        /** All of the resilience around upstream calls, built by the caller, who closes it. */
        public Builder resilience(Resilience resilience) {
            this.resilience = resilience;
            return this;
        }

        /**
         * {@code CODE_MODE} (default): the meta-tools; {@code DIRECT}: every tool of the caller's view as
         * an ordinary tool; {@code AUTO}: direct tools plus {@code executeToolCode} when the view's
         * definitions cost fewer tokens than {@link #autoThresholdTokens}, else the meta-tools.
         */
        public Builder exposure(Exposure exposure) {
            this.exposure = exposure;
            return this;
        }

        /** Tools also offered as ordinary tools ({@code crm.lookup_customer}, {@code crm.*}), governed like script calls. */
        public Builder directTools(String... toolPatterns) {
            this.directTools.addAll(Arrays.asList(toolPatterns));
            return this;
        }

        /** The {@code AUTO} threshold in tokens (o200k_base); default 1,500. */
        public Builder autoThresholdTokens(int tokens) {
            this.autoThresholdTokens = tokens;
            return this;
        }

        public CodeModeToolProvider build() {
            return new CodeModeToolProvider(this);
        }
    }
}
