package dev.codemode.langchain4j;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolSource;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
 *         .toolProvider(CodeModeToolProvider.builder()
 *                 .mcpClients(mcpClients)
 *                 .codeMode(core -> core.autoExecute("crm.lookup_customer"))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>This class only translates: LangChain4j's tool sources in, LangChain4j's tool types out, and the
 * caller of each invocation. Everything Code Mode does is configured on the core's
 * {@link CodeMode.Builder}, through {@link Builder#codeMode(Consumer)} (the provider builds the
 * {@code CodeMode} and closes it) or by handing over a built one with {@link Builder#codeMode(CodeMode)}
 * (the caller closes it).
 *
 * <p>Who is calling comes from LangChain4j's invocation: by default the virtual key is the
 * invocation parameter {@value #VIRTUAL_KEY} (pass {@code InvocationParameters.from("virtualKey", key)}
 * as an argument of the AI service method), and the parent request id is the invocation parameter
 * {@value #PARENT_REQUEST_ID}, else the AI service invocation's id, else the chat memory id. Change
 * that with {@link Builder#callContext}. The caller's context never reaches an upstream server.
 *
 * <p>The MCP clients are the caller's: {@link #close()} leaves them open, and closes the
 * {@code CodeMode} only when this provider built it.
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
    private final boolean ownsCodeMode;
    private final Function<InvocationContext, CallContext> callContext;
    /** Results by the exact spec list offered, so equal views share one result. */
    private final Map<List<MetaToolSpec>, ToolProviderResult> results = new ConcurrentHashMap<>();
    private final ToolExecutor executor = new Executor();

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
        this.ownsCodeMode = b.codeMode == null;
        if (b.codeMode != null) {
            if (!sources.isEmpty() || b.customizer != null) {
                throw new IllegalArgumentException("codeMode(CodeMode) already has its tools and settings: put the"
                        + " sources (McpClientToolSource.of(key, client), AnnotatedToolSource.of(name, objects)) and"
                        + " options on its CodeMode.builder(), or use codeMode(core -> ...) with mcpClients(...)");
            }
            this.codeMode = b.codeMode;
        } else {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("no tools: call CodeModeToolProvider.builder().mcpClients(...),"
                        + " .tools(...), .toolSources(...) or .codeMode(CodeMode)");
            }
            CodeMode.Builder core = CodeMode.builder().toolSources(sources);
            if (b.customizer != null) {
                b.customizer.accept(core);
            }
            this.codeMode = core.build();
            if (b.warmUp == null || b.warmUp) {
                try {
                    codeMode.warmUp();
                } catch (RuntimeException e) {
                    // Only a head start: the first request does the same work if this fails.
                    log.warn("Code Mode warm-up failed; the first request will do its work: {}", e.toString());
                }
            }
        }
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
    public ToolProviderResult provideTools(@Nullable ToolProviderRequest request) {
        InvocationContext invocation = request == null ? null : request.invocationContext();
        List<MetaToolSpec> specs = codeMode.specs(callContext.apply(invocation));
        return results.computeIfAbsent(specs, offered -> {
            ToolProviderResult.Builder result = ToolProviderResult.builder();
            for (MetaToolSpec spec : offered) {
                result.add(specification(spec), executor);
            }
            return result.build();
        });
    }

    /** The core behind this provider: views, audit log, breaker states, the catalog (and its refresh). */
    public CodeMode codeMode() {
        return codeMode;
    }

    @Override
    public void close() {
        if (ownsCodeMode) {
            codeMode.close();
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
    static CallContext defaultCallContext(@Nullable InvocationContext context) {
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

    /**
     * Runs the meta-tool (or direct tool) the request names, for the caller of the current AI service
     * invocation; a name this caller is not offered is the core's error for the model.
     */
    private ToolExecutionResult execute(ToolExecutionRequest request, InvocationContext context) {
        MetaToolResult result = codeMode.call(request.name(), request.arguments(), callContext.apply(context));
        return ToolExecutionResult.builder().isError(result.isError())
                .resultText(result.text() == null ? "" : result.text()).build();
    }

    /** One executor for every offered tool: the request says which tool, the invocation who calls. */
    private final class Executor implements ToolExecutor {

        @Override
        public String execute(ToolExecutionRequest request, @Nullable Object memoryId) {
            return executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()).resultText();
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, @Nullable InvocationContext context) {
            return CodeModeToolProvider.this.execute(request, context);
        }
    }

    /**
     * Boring on purpose: fields start null, {@link CodeModeToolProvider} applies the defaults. Tools come
     * from {@link #mcpClients}, {@link #tools} and {@link #toolSources}, or all from a built
     * {@link #codeMode(CodeMode)}.
     *
     * <p>Every Code Mode setting is the core builder's, reached with {@link #codeMode(Consumer)}. The
     * options this builder had before map one to one: {@code bindingLevel}, {@code limits},
     * {@code approvalPolicy}, {@code autoExecute}, {@code trustReadOnlyHints}, {@code approvalHandler},
     * {@code accessControl}, {@code auditSink}, {@code toolCosts}, {@code resilience}, {@code exposure},
     * {@code directTools} and {@code autoThresholdTokens} are {@code codeMode(core -> core.limits(...))}
     * and so on; {@code circuitBreakerRegistry(registry)} is
     * {@code codeMode(core -> core.resilience(Resilience.builder().circuitBreakerRegistry(registry).build()))}
     * (you close that {@code Resilience}).
     */
    public static final class Builder {
        private final List<McpClient> mcpClients = new ArrayList<>();
        private final List<Object> tools = new ArrayList<>();
        private final List<ToolSource> toolSources = new ArrayList<>();
        private String toolsServerName;
        private String toolExecutionTimeoutErrorMessage;
        private Function<InvocationContext, CallContext> callContext;
        private Consumer<CodeMode.Builder> customizer;
        private CodeMode codeMode;
        private Boolean warmUp;

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

        /**
         * Who is calling, from the AI service invocation (memory id, invocation parameters, invocation
         * id). Default: see {@link CodeModeToolProvider}.
         */
        public Builder callContext(Function<InvocationContext, CallContext> callContext) {
            this.callContext = callContext;
            return this;
        }

        /**
         * Configures the {@code CodeMode} this provider builds over the tools above, e.g.
         * {@code codeMode(core -> core.autoExecute("crm.lookup_customer").limits(limits))}: every option of
         * {@link CodeMode.Builder} (approval, access control, audit, resilience, limits, exposure, ...).
         * The provider closes the {@code CodeMode} it built.
         */
        public Builder codeMode(Consumer<CodeMode.Builder> customizer) {
            this.customizer = customizer;
            return this;
        }

        /**
         * A {@code CodeMode} built (and closed) by the caller, with its tool sources in it, e.g. one shared
         * with other adapters. Not together with {@link #mcpClients}, {@link #tools}, {@link #toolSources}
         * or {@link #codeMode(Consumer)}.
         */
        public Builder codeMode(CodeMode codeMode) {
            this.codeMode = codeMode;
            return this;
        }

        /**
         * Whether {@link #build()} runs {@link CodeMode#warmUp()} on the {@code CodeMode} it builds, so the
         * first request does not pay for loading the interpreter; on by default.
         */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        public CodeModeToolProvider build() {
            return new CodeModeToolProvider(this);
        }
    }
}
