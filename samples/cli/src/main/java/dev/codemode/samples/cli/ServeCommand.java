package dev.codemode.samples.cli;

import dev.codemode.CodeMode;
import dev.codemode.access.BearerTokens;
import dev.codemode.mcp.StdioServer;
import dev.codemode.mcp.server.CodeModeMcpTools;
import dev.codemode.mcp.server.ElicitationApproval;
import dev.codemode.mcp.server.McpHttpGuard;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.resilience.Resilience;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the model-facing tools (the four meta-tools, or the exposure's set) as an MCP server,
 * over stdio for one caller (a desktop client that starts a command) or over streamable HTTP
 * ({@code --http PORT}) for callers named by bearer tokens. A script that needs approval is put to the
 * user through MCP elicitation when the client can ask; otherwise it is refused, or run with {@code --yes}.
 * Runs until stdin ends (stdio) or the process is stopped (SIGTERM, Ctrl-C); then stops taking
 * requests, cancels running scripts and closes the upstream servers.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the meta-tools over MCP: stdio (default) or streamable HTTP (--http PORT).")
final class ServeCommand implements Callable<Integer> {

    static final String VERSION = "0.1.0";

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--http", paramLabel = "PORT",
            description = "serve streamable HTTP at http://ADDR:PORT/mcp instead of stdio (0 picks a free port,"
                    + " printed on stderr)")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address --http listens on (default: ${DEFAULT-VALUE}); any other than loopback needs"
                    + " bearer tokens in the config's \"codemode\" section")
    String bind;

    @Option(names = {"-y", "--yes"},
            description = "approve a script that needs approval when the client cannot be asked (no elicitation)")
    boolean yes;

    @Option(names = "--approval-timeout", paramLabel = "SECONDS", defaultValue = "50",
            description = "how long a question to the user may wait; no answer in time denies (default: ${DEFAULT-VALUE})")
    int approvalTimeoutSeconds;

    @Option(names = "--upstream-concurrency", paramLabel = "N", defaultValue = "25",
            description = "calls in flight per upstream server; more wait up to 5 s, then get \"busy\""
                    + " (default: ${DEFAULT-VALUE})")
    int upstreamConcurrency;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "1000000",
            description = "largest HTTP request body; larger ones get 413 (default: ${DEFAULT-VALUE})")
    int maxRequestBytes;

    @Override
    public Integer call() throws Exception {
        if (approvalTimeoutSeconds < 1) {
            throw new ConfigException("--approval-timeout must be at least 1 second");
        }
        if (upstreamConcurrency < 1) {
            throw new ConfigException("--upstream-concurrency must be at least 1");
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new ConfigException("--http PORT must be from 0 to 65535 (0 picks a free port)");
        }
        if (httpPort == null && !bind.equals("127.0.0.1")) {
            throw new ConfigException("--bind applies to --http only; stdio has no address");
        }
        ApprovalHandler fallback = yes ? ApprovalHandler.allowAll()
                : request -> ApprovalDecision.deny("this client cannot ask the user; the server's --auto-execute"
                        + " or --yes would allow it");
        ApprovalHandler approval = ElicitationApproval.orElse(fallback);
        Resilience resilience = Resilience.builder().bulkheadRegistry(BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(upstreamConcurrency).maxWaitDuration(Duration.ofSeconds(5)).build())).build();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return cli.withCodeMode(spec.commandLine(), builder -> builder.approvalHandler(approval)
                    .resilience(resilience), codeMode -> httpPort == null ? stdio(codeMode) : http(codeMode, err));
        } finally {
            resilience.close();
        }
    }

    private CodeModeMcpTools.Builder tools(CodeMode codeMode) {
        return CodeModeMcpTools.builder(codeMode).approvalTimeout(Duration.ofSeconds(approvalTimeoutSeconds));
    }

    /** One caller, whose key is {@code --key}; ends when stdin ends. */
    private int stdio(CodeMode codeMode) throws InterruptedException {
        String key = cli.key;
        CodeModeMcpTools.Builder b = tools(codeMode).callers(context -> key);
        if (key != null) {
            b.keyIds(List.of(key));
        }
        CountDownLatch ended = new CountDownLatch(1);
        try (CodeModeMcpTools tools = b.build()) {
            McpServerTransportProvider transport = StdioServer.transport(cli.in(), System.out, () -> {
                tools.cancelAll(); // the client has gone: its scripts stop, audited as cancelled
                ended.countDown();
            });
            // immediateExecution stays off: the stdio reader must stay free for elicitation answers and pings.
            McpSyncServer server = tools.configure(McpServer.sync(transport)).serverInfo("codemode", VERSION).build();
            tools.attach(server);
            cli.onShutdown(() -> {
                ended.countDown();
                tools.close(); // cancels, and waits for the calls' audit records, before the shutdown closes the CodeMode
            });
            try {
                ended.await();
            } finally {
                closeQuietly(server);
            }
        } // closing the tools cancels what still runs and waits for it, so every call is audited
        return CodeModeCli.OK;
    }

    /** Streamable HTTP for callers named by their bearer tokens; ends on shutdown. */
    private int http(CodeMode codeMode, PrintWriter err) throws Exception {
        CallersConfig callers = cli.callers();
        BearerTokens tokens = callers.tokens().isEmpty() ? null : callers.bearerTokens(cli.config, System::getenv);
        boolean loopback = isLoopback(bind);
        if (!loopback && tokens == null) {
            throw new ConfigException("--bind " + bind + " is not a loopback address: anyone who reaches it could call"
                    + " the tools; give callers bearer tokens in the config's \"codemode\" section (\"tokens\")");
        }
        CodeModeMcpTools.Builder b = tools(codeMode).callers(McpHttpGuard::keyId);
        if (tokens != null) {
            b.keyIds(tokens.keyIds());
        }
        try (CodeModeMcpTools tools = b.build()) {
            HttpServe serve = HttpServe.start(tools, tokens == null ? McpHttpGuard.open() : McpHttpGuard.bearer(tokens),
                    bind, httpPort, loopback, maxRequestBytes, "codemode", VERSION);
            CountDownLatch stopped = new CountDownLatch(1);
            cli.onShutdown(() -> {
                serve.close(); // first: no request reaches the upstream servers while they close
                stopped.countDown();
                tools.close(); // cancels, and waits for the calls' audit records, before the shutdown closes the CodeMode
            });
            err.println("codemode: serving MCP at " + serve.url() + (tokens == null ? " (no tokens: anonymous callers)"
                    : " for " + tokens.keyIds().size() + " bearer token(s)"));
            err.flush();
            try {
                stopped.await();
            } finally {
                serve.close();
            }
        }
        return CodeModeCli.OK;
    }

    static boolean isLoopback(String address) {
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind " + address + ": unknown address");
        }
    }

    private static void closeQuietly(McpSyncServer server) {
        try {
            server.close();
        } catch (RuntimeException e) {
            // the caller has gone; nothing to tell it
        }
    }
}
