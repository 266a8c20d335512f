package dev.codemode.mcp;

import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP server as a {@link ToolSource}, over an MCP Java SDK {@link McpSyncClient}.
 *
 * <p>Two ways to get one, with different owners:
 * <ul>
 *   <li>{@link #of(String, McpSyncClient)} wraps a client the caller created and keeps owning:
 *       {@link #close()} leaves it open, and tool-list changes are not seen (the SDK only accepts
 *       change consumers when a client is built). Wire the client's {@code toolsChangeConsumer} to
 *       {@code catalog.refresh(serverName)}, or call it yourself.</li>
 *   <li>{@link #stdio}, {@link #streamableHttp} and {@link #builder} create, initialise and own the
 *       client: {@link #close()} closes it (stopping the server process for stdio), and a
 *       {@code notifications/tools/list_changed} from the server runs the {@link #onToolsChanged}
 *       listeners, so a {@code ToolCatalog} refreshes itself. A stdio server still running when the
 *       JVM shuts down is stopped by a shutdown hook, so even an application that never closes its
 *       sources leaves no server behind.</li>
 * </ul>
 *
 * <p>Results: structured content when the tool gives it, else text parsed as JSON when it is JSON,
 * else the text; binary content is described, never copied. A tool's own {@code isError} is a
 * {@link ToolResult#error}; everything that keeps the tool from answering (protocol error, unknown
 * tool, transport failure, timeout, closed client) is a {@link ToolCallException} with one line naming
 * server and tool and the cause class ({@link Failures#cause}): never text of the URL, command line,
 * environment, response body or stderr, which go to the log, redacted ({@link Failures#redact}).
 *
 * <p>Safe for concurrent calls. SDK 2.1.0's stdio transport is not: it fails some sends when many
 * threads send at once, so the stdio clients this class creates write one message at a time
 * (docs/security.md, "Busy stdio connections"). A caller's own client given to {@link #of} is used as
 * it is.
 */
public final class McpToolSource implements ToolSource {

    private static final Logger log = LoggerFactory.getLogger(McpToolSource.class);

    /** Default time a request may take before it fails with a timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The trace context entries sent upstream: W3C Trace Context, nothing else (no baggage). */
    static final List<String> TRACE_KEYS = List.of("traceparent", "tracestate");

    /**
     * The trace context of the call this thread is making, for the HTTP transport's request
     * customizer: set and restored around one {@code callTool} on the calling thread, which is where
     * the SDK reads the transport context.
     */
    private static final ThreadLocal<Map<String, Object>> OUTGOING = new ThreadLocal<>();

    private static final int MAX_PAGES = 1000;

    /** Owned stdio sources not closed yet: their server processes are stopped if the JVM shuts down first. */
    private static final Set<McpToolSource> OPEN_STDIO = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SHUTDOWN_HOOK = new AtomicBoolean();

    private final String serverName;
    private final McpSyncClient client;
    private final boolean owned;
    private final Duration requestTimeout;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final List<ProcessHandle> processes;
    /** What its configuration holds that logs must not show (environment values, secret arguments, URL user info and query). */
    private final Set<String> secrets;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once the server was found unreachable: closing then skips the SDK's graceful close, which would wait 10 s. */
    private final AtomicBoolean unreachable = new AtomicBoolean();

    private McpToolSource(String serverName, McpSyncClient client, boolean owned, Duration requestTimeout,
            ExecutorService notifier, List<ProcessHandle> processes, Set<String> secrets) {
        this.serverName = serverName;
        this.client = client;
        this.owned = owned;
        this.requestTimeout = requestTimeout;
        this.notifier = notifier;
        this.processes = processes;
        this.secrets = secrets;
    }

    /**
     * Wraps a client the caller owns: {@link #close()} does not close it, and tool-list changes must
     * be passed on by the caller (see the class comment). The client may be initialised or not; the
     * SDK initialises it on first use.
     */
    public static McpToolSource of(String serverName, McpSyncClient client) {
        requireName(serverName);
        Objects.requireNonNull(client, "client");
        return new McpToolSource(serverName, client, false, null, null, List.of(), Set.of());
    }

    /**
     * Starts {@code command args...} as a stdio MCP server and connects to it; the source owns the
     * process. {@code env} is added to this process's environment.
     *
     * @throws IllegalStateException when the server does not start or initialise (nothing is left
     *         running); see {@link Builder#build()} for its message
     */
    public static McpToolSource stdio(String serverName, String command, List<String> args, Map<String, String> env) {
        return builder(serverName).stdio(command, args, env).build();
    }

    /** Connects to a streamable HTTP MCP server at {@code baseUrl} + {@code /mcp}; the source owns the client. */
    public static McpToolSource streamableHttp(String serverName, String baseUrl) {
        return builder(serverName).streamableHttp(baseUrl).build();
    }

    /** Connects to a streamable HTTP MCP server at {@code baseUrl} + {@code endpoint}; the source owns the client. */
    public static McpToolSource streamableHttp(String serverName, String baseUrl, String endpoint) {
        return builder(serverName).streamableHttp(baseUrl, endpoint).build();
    }

    /** A builder for an owned client, when the timeouts need changing. */
    public static Builder builder(String serverName) {
        return new Builder(requireName(serverName));
    }

    @Override
    public String serverName() {
        return serverName;
    }

    /** The server's instructions (first line), else its declared description or title; empty before it connected. */
    @Override
    public String description() {
        try {
            return McpMapping.serverDescription(client.getServerInstructions(), client.getServerInfo());
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Every tool, following the server's pagination cursors. */
    @Override
    public List<ToolDescriptor> listTools() {
        ensureOpen();
        List<ToolDescriptor> tools = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                McpSchema.ListToolsResult result = cursor == null ? client.listTools() : client.listTools(cursor);
                if (result.tools() != null) {
                    for (McpSchema.Tool tool : result.tools()) {
                        tools.add(McpMapping.descriptor(serverName, tool));
                    }
                }
                cursor = result.nextCursor();
                if (cursor == null || cursor.isEmpty() || !cursors.add(cursor)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw failure(null, e);
        }
        return tools;
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        return callTool(toolName, arguments, Map.of());
    }

    /**
     * As {@link #callTool(String, Map)}, with the W3C trace context ({@code traceparent},
     * {@code tracestate}; other entries are dropped) in the request's {@code _meta}, the convention MCP
     * clients use for trace propagation; over streamable HTTP, on a client this source built, also as
     * HTTP headers. A caller-owned client ({@link #of}) gets {@code _meta} only.
     */
    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments, Map<String, String> traceContext) {
        Objects.requireNonNull(toolName, "toolName");
        ensureOpen();
        Map<String, Object> meta = traceMeta(traceContext);
        McpSchema.CallToolResult result;
        // The HTTP headers: the SDK asks the client's transport-context provider on this thread when
        // the call is made, and hands what it returns to the request customizer (see Builder#build).
        Map<String, Object> outer = OUTGOING.get();
        OUTGOING.set(meta);
        try {
            result = client.callTool(new McpSchema.CallToolRequest(toolName, arguments == null ? Map.of() : arguments,
                    meta));
        } catch (RuntimeException e) {
            throw failure(toolName, e);
        } finally {
            if (outer == null) {
                OUTGOING.remove();
            } else {
                OUTGOING.set(outer);
            }
        }
        return McpMapping.result(result);
    }

    /** The W3C trace context entries of {@code traceContext}, or {@code null} when there are none. */
    static Map<String, Object> traceMeta(Map<String, String> traceContext) {
        if (traceContext == null || traceContext.isEmpty()) {
            return null;
        }
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        for (String key : TRACE_KEYS) {
            String value = traceContext.get(key);
            if (value != null && !value.isBlank()) {
                meta.put(key, value);
            }
        }
        return meta.isEmpty() ? null : Map.copyOf(meta);
    }

    /**
     * Runs {@code listener} (on a thread of this source, never the SDK's) when the server says its tool
     * list changed. Only owned clients report changes; see the class comment.
     */
    @Override
    public void onToolsChanged(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Closes an owned client (and stops its server process); does nothing to a caller's client. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (notifier != null) {
            notifier.shutdownNow();
        }
        if (!owned) {
            return;
        }
        try {
            if (unreachable.get() || processDied() || !client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            log.debug("Closing the MCP client of server '{}' failed: {}", serverName, Failures.detail(e, secrets));
        }
        OPEN_STDIO.remove(this);
        stopProcesses(processes, serverName);
    }

    /**
     * Remembers an owned stdio source until it is closed. The first one installs a shutdown hook that
     * stops the server processes of every source still open when the JVM ends, so an application that
     * exits without closing its sources leaves no server behind (a server that ignores the end of its
     * stdin included).
     */
    private void ownProcessesUntilShutdown() {
        if (processes.isEmpty()) {
            return;
        }
        OPEN_STDIO.add(this);
        if (SHUTDOWN_HOOK.compareAndSet(false, true)) {
            Thread hook = new Thread(McpToolSource::stopOpenSources, "codemode-mcp-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /**
     * The shutdown hook: SIGTERM to every process of every open source, at most half a second for them to
     * go, then SIGKILL. It never waits longer, so it does not hold the JVM up.
     */
    private static void stopOpenSources() {
        List<ProcessHandle> all = new ArrayList<>();
        for (McpToolSource source : OPEN_STDIO) {
            for (ProcessHandle process : source.processes) {
                all.addAll(process.descendants().toList());
                all.add(process);
            }
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // killed below
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Fails fast when the source is closed or its server process has exited: the SDK does not notice a
     * dead stdio server and would let every request run into its timeout.
     */
    private void ensureOpen() {
        if (closed.get() || processDied()) {
            throw new ToolCallException(McpMapping.notConnected(serverName));
        }
    }

    private boolean processDied() {
        for (ProcessHandle process : processes) {
            if (!process.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private ToolCallException failure(String toolName, RuntimeException e) {
        if (McpMapping.isDisconnect(e)) {
            unreachable.set(true);
        }
        if (closed.get() || processDied()) {
            return new ToolCallException(McpMapping.notConnected(serverName), e);
        }
        String message = McpMapping.failure(serverName, toolName, e, requestTimeout);
        log.debug("MCP request to server '{}' failed: {} ({})", serverName, message, Failures.detail(e, secrets));
        return new ToolCallException(message, e);
    }

    private void toolsChanged() {
        if (closed.get() || notifier == null) {
            return;
        }
        for (Runnable listener : listeners) {
            try {
                notifier.execute(() -> {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        log.warn("A tool-list listener of server '{}' failed: {}", serverName, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                return; // closed meanwhile
            }
        }
    }

    private static String requireName(String serverName) {
        if (serverName == null || serverName.isBlank()) {
            throw new IllegalArgumentException("serverName must not be blank");
        }
        return serverName;
    }

    /**
     * The SDK stops a stdio server with SIGTERM only, and not the processes it started (an
     * {@code npx} launcher's node child, for one). Whatever is still alive after the graceful close is
     * killed here, so closing a source never leaves an orphan behind.
     */
    private static void stopProcesses(List<ProcessHandle> processes, String serverName) {
        for (ProcessHandle process : processes) {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process);
            for (ProcessHandle p : tree) {
                if (p.isAlive()) {
                    log.debug("Killing process {} of server '{}'", p.pid(), serverName);
                    p.destroyForcibly();
                }
            }
            for (ProcessHandle p : tree) {
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.warn("Process {} of server '{}' did not exit", p.pid(), serverName);
                }
            }
        }
    }

    /**
     * Builds a source that owns its client. Exactly one of {@link #stdio} or {@link #streamableHttp}
     * is required; timeouts default to 30 s.
     */
    public static final class Builder {

        private final String serverName;
        private String command;
        private List<String> args;
        private Map<String, String> env;
        private String baseUrl;
        private String endpoint;
        private Duration requestTimeout;
        private Duration initializationTimeout;

        private Builder(String serverName) {
            this.serverName = serverName;
        }

        /** A stdio server started as {@code command args...} with {@code env} added to the environment. */
        public Builder stdio(String command, List<String> args, Map<String, String> env) {
            this.command = Objects.requireNonNull(command, "command");
            this.args = args == null ? List.of() : List.copyOf(args);
            this.env = env == null ? Map.of() : Map.copyOf(env);
            return this;
        }

        /** A streamable HTTP server at {@code baseUrl} + {@code /mcp}. */
        public Builder streamableHttp(String baseUrl) {
            return streamableHttp(baseUrl, "/mcp");
        }

        /** A streamable HTTP server at {@code baseUrl} + {@code endpoint}. */
        public Builder streamableHttp(String baseUrl, String endpoint) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * How long one request (a tool call, a page of tools) may take; 30 s by default. SDK 2.1.0 sends
         * the MCP handshake as an ordinary request, so this also bounds connecting: keep it longer than
         * the server takes to start.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** How long connecting and the MCP handshake may take; 30 s by default. */
        public Builder initializationTimeout(Duration timeout) {
            this.initializationTimeout = positive(timeout, "initializationTimeout");
            return this;
        }

        /**
         * Creates the client and initialises it.
         *
         * @throws IllegalStateException when the server cannot be reached or does not initialise; the
         *         client is closed and no process is left running. The message names the server and
         *         the cause class ({@code connecting to server crm failed: connection refused},
         *         {@code server crm exited before it answered the MCP handshake}); its cause is a
         *         {@link ToolCallException} whose message is that cause class alone, for a listing
         *         ({@link Failures#reason}). The detail goes to the log at WARN, redacted.
         */
        public McpToolSource build() {
            if ((command == null) == (baseUrl == null)) {
                throw new IllegalStateException("McpToolSource.builder(\"" + serverName
                        + "\"): call exactly one of stdio(...) or streamableHttp(...)");
            }
            Duration request = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
            Duration init = initializationTimeout == null ? DEFAULT_REQUEST_TIMEOUT : initializationTimeout;
            Set<String> secrets = new java.util.LinkedHashSet<>(Failures.secretsOf(args, env));
            if (baseUrl != null) {
                secrets.addAll(Failures.secretsOf(baseUrl + endpoint));
            }

            StderrTail stderr = new StderrTail();
            StdioClientTransport stdioTransport = null;
            McpClientTransport transport;
            if (command != null) {
                ServerParameters params = ServerParameters.builder(command).args(args).env(env).build();
                StdioClientTransport stdio = new StdioClientTransport(params, McpJsonDefaults.getMapper());
                stdio.setStdErrorHandler(line -> {
                    String redacted = Failures.redact(line, secrets);
                    log.debug("[{} stderr] {}", serverName, redacted);
                    stderr.add(redacted);
                });
                stdioTransport = stdio;
                transport = OneWriterAtATime.client(stdio);
            } else {
                transport = HttpClientStreamableHttpTransport.builder(baseUrl).endpoint(endpoint)
                        .httpRequestCustomizer((http, method, uri, body, context) -> {
                            for (String key : TRACE_KEYS) {
                                if (context != null && context.get(key) instanceof String value) {
                                    http.header(key, value);
                                }
                            }
                        })
                        .build();
            }

            ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "codemode-mcp-" + serverName + "-tools-changed");
                t.setDaemon(true);
                return t;
            });
            // The consumer is wired before the source exists; it reaches it through this holder.
            AtomicReference<McpToolSource> self = new AtomicReference<>();
            McpSyncClient client = McpClient.sync(transport)
                    .clientInfo(new McpSchema.Implementation("codemode", "Code Mode for Java", "0.1.0"))
                    .requestTimeout(request)
                    .initializationTimeout(init)
                    .transportContextProvider(() -> {
                        Map<String, Object> trace = OUTGOING.get();
                        return trace == null ? McpTransportContext.EMPTY : McpTransportContext.create(trace);
                    })
                    .toolsChangeConsumer(tools -> {
                        McpToolSource source = self.get();
                        if (source != null) {
                            source.toolsChanged();
                        }
                    })
                    .build();

            Set<Long> before = command == null ? Set.of() : childPids();
            try {
                if (command == null) {
                    client.initialize();
                } else {
                    initializeWatching(client, stdioTransport, stderr);
                }
            } catch (RuntimeException e) {
                List<ProcessHandle> started = command == null ? List.of() : startedSince(before);
                try {
                    client.close();
                } catch (RuntimeException ignored) {
                    // the failure below is what matters
                }
                stopProcesses(started, serverName);
                notifier.shutdownNow();
                Duration limit = request.compareTo(init) < 0 ? request : init;
                String reason = connectFailure(e, limit, started.isEmpty());
                // The detail, redacted, for the application log; the exception says only the cause class.
                log.warn("Connecting to server '{}' ({}) failed: {}{}", serverName, Failures.redact(describe(), secrets),
                        Failures.detail(e, secrets), stderr.summary());
                throw new IllegalStateException(e instanceof ExitedEarly
                        ? "server " + serverName + " " + reason : "connecting to server " + serverName + " failed: " + reason,
                        new ToolCallException(reason, e));
            }
            List<ProcessHandle> processes = command == null ? List.of() : startedSince(before);
            McpToolSource source = new McpToolSource(serverName, client, true, request, notifier, processes,
                    Set.copyOf(secrets));
            source.ownProcessesUntilShutdown();
            self.set(source);
            return source;
        }

        /**
         * The handshake, while watching the server's process: a server that exits before it answers (a
         * wrong path, a missing jar, a crash on start) fails at once, with the last lines it wrote to
         * stderr, instead of after the whole initialisation timeout.
         */
        private void initializeWatching(McpSyncClient client, StdioClientTransport stdio, StderrTail stderr) {
            java.util.concurrent.CompletableFuture<Void> handshake = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Void> exited = new java.util.concurrent.CompletableFuture<>();
            Thread initializer = daemon("initialize", () -> {
                try {
                    client.initialize();
                    handshake.complete(null);
                } catch (Throwable t) {
                    handshake.completeExceptionally(t);
                }
            });
            // The transport starts the process inside initialize(); until then awaitForExit() has none.
            Thread watcher = daemon("watch", () -> {
                while (!handshake.isDone()) {
                    try {
                        stdio.awaitForExit();
                        exited.complete(null);
                        return;
                    } catch (NullPointerException notStartedYet) {
                        sleepQuietly(5);
                    } catch (RuntimeException interrupted) {
                        return;
                    }
                }
            });
            try {
                java.util.concurrent.CompletableFuture.anyOf(handshake, exited).get();
                if (!handshake.isDone()) {
                    // Let the transport hand over what the server wrote to stderr (for the log): until
                    // nothing new came for 50 ms, at most half a second.
                    long last = -1;
                    for (int i = 0; i < 20 && !handshake.isDone(); i++) {
                        long now = stderr.count();
                        if (now > 0 && now == last) {
                            break;
                        }
                        last = now;
                        sleepQuietly(25);
                    }
                }
                if (!handshake.isDone()) {
                    initializer.interrupt();
                    throw new ExitedEarly();
                }
                handshake.get();
            } catch (java.util.concurrent.ExecutionException failed) {
                Throwable cause = failed.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                initializer.interrupt();
                throw new IllegalStateException("connecting to server " + serverName + " was interrupted");
            } finally {
                watcher.interrupt(); // it waits on the live process otherwise
            }
        }

        private Thread daemon(String role, Runnable body) {
            Thread t = new Thread(body, "codemode-mcp-" + serverName + "-" + role);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The handshake ended because the server's process exited. */
        private static final class ExitedEarly extends RuntimeException {
            private static final long serialVersionUID = 1L;

            ExitedEarly() {
                super("the server process exited before it answered the MCP handshake");
            }
        }

        /**
         * Why connecting failed, as a cause class: nothing of the command line, URL, environment or
         * stderr (those go to the log, redacted).
         */
        private static String connectFailure(RuntimeException e, Duration limit, boolean noProcess) {
            if (e instanceof ExitedEarly) {
                return "exited before it answered the MCP handshake";
            }
            String cause = Failures.cause(e);
            if (cause.equals("timed out")) {
                return "timed out after " + McpMapping.seconds(limit);
            }
            if (cause.startsWith("error from the server")) {
                return "bad handshake (" + cause + ")";
            }
            if (noProcess && cause.equals("I/O error")) {
                return "its command could not be started";
            }
            return cause;
        }

        /** The command line or URL, for the log (redacted by the caller). */
        private String describe() {
            if (command != null) {
                return command + (args.isEmpty() ? "" : " " + String.join(" ", args));
            }
            return baseUrl + endpoint;
        }

        /** The last few lines a server wrote to stderr (redacted), for the log of a start-up failure. */
        private static final class StderrTail {
            private static final int LINES = 3;
            private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
            private long count;

            synchronized void add(String line) {
                if (line == null || line.isBlank()) {
                    return;
                }
                count++;
                if (lines.size() == LINES) {
                    lines.removeFirst();
                }
                lines.addLast(line.length() > 200 ? line.substring(0, 200) + "..." : line.strip());
            }

            synchronized long count() {
                return count;
            }

            synchronized String summary() {
                return lines.isEmpty() ? "" : " (stderr: " + String.join(" | ", lines) + ")";
            }
        }

        private static Set<Long> childPids() {
            return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        }

        /**
         * The child started for this server: new since {@code before} and running these arguments.
         * When other code started a look-alike at the same moment, nothing is tracked (the SDK's own
         * stop still applies) rather than risk killing someone else's process.
         */
        private List<ProcessHandle> startedSince(Set<Long> before) {
            List<ProcessHandle> candidates = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(this::runsThisCommand)
                    .toList();
            return candidates.size() == 1 ? candidates : List.of();
        }

        /**
         * Its arguments end with ours (an interpreter may come first, as for a script launcher). A command
         * without arguments matches on the program's file name instead: no arguments would match every
         * process, and a server that failed at once would stop another server started beside it.
         */
        private boolean runsThisCommand(ProcessHandle p) {
            if (args.isEmpty()) {
                String wanted = fileName(command);
                return p.info().command().map(actual -> fileName(actual).equals(wanted)).orElse(false);
            }
            return p.info().arguments().map(actual -> {
                List<String> all = List.of(actual);
                return all.size() >= args.size() && all.subList(all.size() - args.size(), all.size()).equals(args);
            }).orElse(true);
        }

        private static String fileName(String path) {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            return path.substring(slash + 1);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
