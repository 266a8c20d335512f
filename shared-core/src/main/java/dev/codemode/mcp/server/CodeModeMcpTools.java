package dev.codemode.mcp.server;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link CodeMode}'s model-facing tools (the four meta-tools, or the exposure mode's set) on an MCP
 * Java SDK {@link McpSyncServer}, over stdio or streamable HTTP.
 *
 * <ul>
 *   <li><b>One tool set, one view per caller.</b> The server registers the union of what the configured
 *       {@linkplain Builder#keyIds keys} are offered; {@link #listFilter()} shows each caller only its own
 *       key's tools. Listing is not enforcement: a hidden tool called by name still reaches the core, whose
 *       view check refuses it.</li>
 *   <li><b>Each call on its own worker.</b> The call runs on this object's pool (never the common pool) while
 *       the handler's thread pings the client every {@linkplain Builder#pingEvery pingEvery}; a ping that
 *       fails (client crashed, aborted or left) interrupts the worker: the script is cancelled and audited
 *       {@code cancelled}. Past {@linkplain Builder#maxInFlight maxInFlight} running calls, a call gets a
 *       "busy" tool error at once.</li>
 *   <li><b>Tool-list changes.</b> {@link #attach} follows the catalog: on every upstream change the tool set
 *       is recomputed, tools are added or removed, and {@code notifications/tools/list_changed} is sent, all
 *       on this object's own thread.</li>
 * </ul>
 * Results are text content, {@code isError} set when the meta-tool reports an error.
 */
public final class CodeModeMcpTools implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CodeModeMcpTools.class);

    private final CodeMode codeMode;
    private final Function<McpTransportContext, @Nullable String> callers;
    private final List<@Nullable String> keyIds;
    private final Duration approvalTimeout;
    private final Duration pingEvery;
    private final Duration pingTimeout;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ExecutorService pings;
    private final ExecutorService questions;
    private final ExecutorService changes;
    private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Visible> visibleByKey = new ConcurrentHashMap<>();
    private final Object syncLock = new Object();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile Map<String, MetaToolSpec> registered;
    private volatile @Nullable McpSyncServer server;
    private volatile boolean closed;

    /** The tool names a key is offered at one catalog version. */
    private record Visible(long version, Set<String> names) {
    }

    private CodeModeMcpTools(Builder b) {
        this.codeMode = b.codeMode;
        this.callers = b.callers;
        this.keyIds = new ArrayList<>(b.keyIds);
        this.approvalTimeout = b.approvalTimeout;
        this.pingEvery = b.pingEvery;
        this.pingTimeout = b.pingTimeout;
        this.slots = new Semaphore(b.maxInFlight);
        this.workers = Executors.newCachedThreadPool(daemons("codemode-mcp-call"));
        this.pings = Executors.newCachedThreadPool(daemons("codemode-mcp-ping"));
        this.questions = Executors.newCachedThreadPool(daemons("codemode-mcp-approval"));
        this.changes = Executors.newSingleThreadExecutor(daemons("codemode-mcp-tools-changed"));
        this.registered = union();
    }

    private static final String NO_KEY = "\u0000anonymous";

    public static Builder builder(CodeMode codeMode) {
        return new Builder(codeMode);
    }

    /** One tool specification per tool in the union of the keys' offers (meta-tools, or the exposure's set). */
    public List<McpServerFeatures.SyncToolSpecification> specifications() {
        return registered.values().stream().map(this::specification).toList();
    }

    /** Shows each caller only the tools its key is offered; the core's view check still enforces calls. */
    public McpSyncListFilter<McpSchema.Tool> listFilter() {
        return (context, tool) -> visibleNames(callers.apply(context == null ? McpTransportContext.EMPTY : context))
                .contains(tool.name());
    }

    /**
     * Applies the tools, the list filter, the tools capability (with {@code listChanged}), the request
     * timeout (= the approval timeout: it bounds elicitation and pings) and {@code validateToolInputs(false)}
     * (the core's argument checks answer with hints the model can use).
     */
    public <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> spec) {
        return spec.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .requestTimeout(approvalTimeout)
                .validateToolInputs(false)
                .addToolFilter(listFilter())
                .tools(specifications());
    }

    /**
     * Keeps {@code server}'s tool set in step with the catalog: after every catalog change the union is
     * recomputed, tools are added, replaced or removed, and {@code notifications/tools/list_changed} is sent
     * once, on this object's own thread (never a transport thread).
     */
    public void attach(McpSyncServer server) {
        this.server = Objects.requireNonNull(server, "server");
        codeMode.catalog().onChange(() -> {
            if (!closed) {
                try {
                    changes.execute(this::sync);
                } catch (RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        });
    }

    /** Cancels every running call (e.g. stdio input ended): their scripts are interrupted and audited as cancelled. */
    public void cancelAll() {
        for (Future<?> f : running) {
            f.cancel(true);
        }
    }

    /**
     * Cancels running calls, waits (at most 5 s) until they have ended, so their audit records are written
     * before the caller closes the CodeMode, and stops this object's threads. The server and the CodeMode
     * are not closed.
     */
    @Override
    public void close() {
        closed = true;
        cancelAll();
        changes.shutdownNow();
        questions.shutdownNow();
        pings.shutdownNow();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Some calls were still ending 5 s after the MCP tools were closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, MetaToolSpec> union() {
        Map<String, MetaToolSpec> union = new LinkedHashMap<>();
        for (String key : keyIds) {
            for (MetaToolSpec spec : codeMode.specs(CallContext.of(key))) {
                if (!union.containsKey(spec.name()) && servable(spec)) {
                    union.put(spec.name(), spec);
                }
            }
        }
        return union;
    }

    /**
     * Whether the SDK accepts the tool's input schema (it checks every schema against JSON Schema 2020-12
     * and refuses the whole server otherwise). An odd upstream schema offered directly (exposure DIRECT or
     * AUTO) is left out, with one log line per tool; scripts can still call the tool.
     */
    private boolean servable(MetaToolSpec spec) {
        try {
            McpJsonDefaults.getSchemaValidator().assertConforms(spec.name(), spec.inputSchema());
            return true;
        } catch (RuntimeException e) {
            if (refused.add(spec.name())) {
                log.warn("Tool {} is not served over MCP: the MCP SDK refuses its input schema", spec.name());
            }
            return false;
        }
    }

    private Set<String> visibleNames(@Nullable String keyId) {
        long version = codeMode.catalog().version();
        String cacheKey = keyId == null ? NO_KEY : keyId;
        Visible v = visibleByKey.get(cacheKey);
        if (v == null || v.version() != version) {
            Set<String> names = codeMode.specs(CallContext.of(keyId)).stream().map(MetaToolSpec::name)
                    .collect(Collectors.toUnmodifiableSet());
            v = new Visible(version, names);
            if (visibleByKey.size() > 10_000) {
                visibleByKey.clear();
            }
            visibleByKey.put(cacheKey, v);
        }
        return v.names();
    }

    private void sync() {
        McpSyncServer target = server;
        if (target == null || closed) {
            return;
        }
        synchronized (syncLock) {
            Map<String, MetaToolSpec> before = registered;
            Map<String, MetaToolSpec> after = union();
            Map<String, MetaToolSpec> applied = new LinkedHashMap<>();
            for (String name : before.keySet()) {
                if (!after.containsKey(name)) {
                    try {
                        target.removeTool(name);
                    } catch (RuntimeException e) {
                        log.debug("Removing tool {} from the MCP server failed: {}", name, e.getClass().getSimpleName());
                    }
                }
            }
            for (MetaToolSpec spec : after.values()) {
                if (spec.equals(before.get(spec.name()))) {
                    applied.put(spec.name(), spec);
                    continue;
                }
                try {
                    target.addTool(specification(spec));
                    applied.put(spec.name(), spec);
                } catch (RuntimeException e) {
                    // e.g. an upstream tool's schema the SDK refuses (DIRECT/AUTO exposure): not served
                    log.warn("Tool {} is not served over MCP: its definition was refused ({})", spec.name(),
                            e.getClass().getSimpleName());
                }
            }
            registered = applied;
        }
        try {
            target.getAsyncServer().notifyToolsListChanged().subscribe(null,
                    e -> log.debug("Sending tools/list_changed failed: {}", e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            log.debug("Sending tools/list_changed failed: {}", e.getClass().getSimpleName());
        }
    }

    private McpServerFeatures.SyncToolSpecification specification(MetaToolSpec spec) {
        McpSchema.Tool tool = McpSchema.Tool.builder(spec.name(), spec.inputSchema()).description(spec.description())
                .build();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> handle(exchange, spec.name(), request.arguments()))
                .build();
    }

    private McpSchema.CallToolResult handle(McpSyncServerExchange exchange, String name,
            @Nullable Map<String, Object> arguments) {
        if (closed) {
            return text("the server is shutting down: try again later", true);
        }
        if (!slots.tryAcquire()) {
            return text("busy: too many calls are running on this server; try again in a few seconds", true);
        }
        String parentRequestId = "mcp-" + UUID.randomUUID();
        try {
            String keyId = callers.apply(exchange.transportContext() == null ? McpTransportContext.EMPTY
                    : exchange.transportContext());
            CallContext context = new CallContext(keyId, parentRequestId);
            McpCalls.put(parentRequestId, new McpCalls.Call(exchange, approvalTimeout, questions));
            Future<MetaToolResult> call;
            try {
                call = workers.submit(() -> codeMode.call(name, arguments, context));
            } catch (RejectedExecutionException e) {
                return text("the server is shutting down: try again later", true);
            }
            running.add(call);
            try {
                MetaToolResult result = await(call, exchange);
                return text(result.text(), result.isError());
            } finally {
                running.remove(call);
            }
        } finally {
            McpCalls.remove(parentRequestId);
            slots.release();
        }
    }

    private MetaToolResult await(Future<MetaToolResult> call, McpSyncServerExchange exchange) {
        while (true) {
            try {
                return call.get(pingEvery.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (!alive(exchange)) {
                    call.cancel(true);
                    return settle(call);
                }
            } catch (CancellationException e) {
                return settle(call);
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                return new MetaToolResult("cancelled: the server stopped this call", true);
            } catch (ExecutionException e) {
                log.warn("A call failed unexpectedly: {}", e.getCause() == null ? "unknown"
                        : e.getCause().getClass().getSimpleName());
                return new MetaToolResult("the call failed on the server; try again", true);
            }
        }
    }

    /** What a cancelled call answers (nobody may be listening any more). */
    private static MetaToolResult settle(Future<MetaToolResult> call) {
        return new MetaToolResult("cancelled: the client stopped answering, so the call was stopped", true);
    }

    /** One ping, bounded by pingTimeout; false when the client did not answer. */
    private boolean alive(McpSyncServerExchange exchange) {
        Future<Object> ping;
        try {
            ping = pings.submit(exchange::ping);
        } catch (RejectedExecutionException e) {
            return false;
        }
        try {
            ping.get(pingTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ping.cancel(true);
            return false;
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            ping.cancel(true);
            log.debug("A client did not answer a ping: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private static McpSchema.CallToolResult text(String text, boolean isError) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(isError).build();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            // not the loader of whichever request thread started it (a servlet container's web application)
            t.setContextClassLoader(CodeModeMcpTools.class.getClassLoader());
            return t;
        };
    }

    public static final class Builder {
        private final CodeMode codeMode;
        private Function<McpTransportContext, @Nullable String> callers = context -> null;
        private List<@Nullable String> keyIds = anonymousOnly();
        private Duration approvalTimeout = Duration.ofSeconds(50);
        private Duration pingEvery = Duration.ofSeconds(5);
        private Duration pingTimeout = Duration.ofSeconds(5);
        private int maxInFlight = 64;

        private Builder(CodeMode codeMode) {
            this.codeMode = Objects.requireNonNull(codeMode, "codeMode");
        }

        private static List<@Nullable String> anonymousOnly() {
            List<@Nullable String> list = new ArrayList<>();
            list.add(null);
            return list;
        }

        /** Who is calling: the request's transport context to a virtual key id (null = anonymous). Default: always null. */
        public Builder callers(Function<McpTransportContext, @Nullable String> keyIdOfContext) {
            this.callers = Objects.requireNonNull(keyIdOfContext, "keyIdOfContext");
            return this;
        }

        /** The key ids whose offers make the registered tool set (the union, in this order); default: only the anonymous caller. */
        public Builder keyIds(Collection<String> keyIds) {
            List<@Nullable String> copy = new ArrayList<>(Objects.requireNonNull(keyIds, "keyIds"));
            if (copy.isEmpty()) {
                copy = anonymousOnly();
            }
            this.keyIds = copy;
            return this;
        }

        /** How long a question to the user (elicitation) may wait; also the server's request timeout. Default 50 s. */
        public Builder approvalTimeout(Duration timeout) {
            this.approvalTimeout = positive(timeout, "approvalTimeout");
            return this;
        }

        /** How often a running call pings its client. Default 5 s. */
        public Builder pingEvery(Duration every) {
            this.pingEvery = positive(every, "pingEvery");
            return this;
        }

        /** How long a ping may wait for its answer before the call is cancelled. Default 5 s. */
        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = positive(timeout, "pingTimeout");
            return this;
        }

        /** Calls running at once; beyond it a call gets a "busy" tool error. Default 64. */
        public Builder maxInFlight(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1: " + calls);
            }
            this.maxInFlight = calls;
            return this;
        }

        public CodeModeMcpTools build() {
            return new CodeModeMcpTools(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
