package dev.codemode.samples.cli;

import dev.codemode.CodeMode;
import dev.codemode.Exposure;
import dev.codemode.access.CallContext;
import dev.codemode.sandbox.Limits;
import dev.codemode.catalog.ToolSource;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import dev.codemode.stubs.BindingLevel;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The Code Mode CLI: the four meta-tools and a token report over the MCP servers of an
 * {@code mcpServers} configuration. What it prints on stdout is exactly what a model would get from
 * each meta-tool; everything else (unavailable servers, approval hints, errors) goes to stderr.
 *
 * <pre>
 * java -jar samples/cli/target/codemode-cli.jar --config mcp.json list [QUERY]
 * </pre>
 */
@Command(name = "codemode", mixinStandardHelpOptions = true, version = "codemode 0.1.0",
        description = "Code Mode over the MCP servers of an mcpServers config: list, read and document the tool"
                + " stubs a model sees, run a Starlark script, and count the tokens saved.",
        subcommands = {ListCommand.class, ReadCommand.class, DocsCommand.class, ExecCommand.class,
                TokensCommand.class, ServeCommand.class, SkillsCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the script or a tool failed", "2:usage or configuration error",
                "3:approval denied"})
public final class CodeModeCli implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int DENIED = 3;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "mcpServers JSON: {\"mcpServers\": {\"name\": {\"command\", \"args\", \"env\"} or {\"url\"}}}")
    Path config;

    @Option(names = "--binding-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT, defaultValue = "SERVER",
            description = "SERVER: one stub file per server; TOOL: one per tool (default: ${DEFAULT-VALUE})")
    BindingLevel bindingLevel;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT, defaultValue = "30",
            description = "how long connecting to a server, or one request to it, may take (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--auto-execute", paramLabel = "PATTERN", scope = ScopeType.INHERIT,
            description = "a tool that runs without approval: server.tool, server.* or * (repeatable); nothing else"
                    + " does unless its server is trusted with --trust")
    List<String> autoExecute = new ArrayList<>();

    @Option(names = "--trust", paramLabel = "SERVER", scope = ScopeType.INHERIT,
            description = "trust this server's readOnlyHint annotations: its tools that say read-only, and not also"
                    + " destructive, run without approval (repeatable; no server is trusted by default)")
    List<String> trust = new ArrayList<>();

    @Option(names = "--exposure", paramLabel = "MODE", scope = ScopeType.INHERIT, defaultValue = "CODE_MODE",
            description = "CODE_MODE: the four meta-tools; DIRECT: every tool as its own tool; AUTO: DIRECT when"
                    + " the tool definitions are small, else CODE_MODE (default: ${DEFAULT-VALUE})")
    Exposure exposure;

    @Option(names = "--direct-tool", paramLabel = "PATTERN", scope = ScopeType.INHERIT,
            description = "also offer this tool directly, as server__tool, beside the meta-tools (repeatable)")
    List<String> directTools = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "NAME=VALUE", scope = ScopeType.INHERIT,
            description = "a script limit (repeatable): maxSourceChars, maxSteps, timeout (seconds), maxToolCalls,"
                    + " maxConcurrentCalls, maxValueChars, maxOutputChars, maxMemoryBytes")
    Map<String, String> limits = new LinkedHashMap<>();

    @Option(names = "--audit", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "append one JSON line per execution and tool call to FILE (- for stderr); a record names"
                    + " the caller's virtual key id, never a token")
    String audit;

    @Option(names = "--key", paramLabel = "KEY_ID", scope = ScopeType.INHERIT,
            description = "act as this virtual key of the config's \"codemode\" section: see only its tools")
    String key;

    private final InputStream in;
    private final ServerConnector connector;
    /** The open session, so that a shutdown (Ctrl-C) can close it. */
    private final AtomicReference<Session> session = new AtomicReference<>();
    /** Stops what serves callers ({@code serve}); runs on shutdown before the session closes. */
    private final AtomicReference<Runnable> stopServing = new AtomicReference<>();
    private CallersConfig callers = CallersConfig.NONE;

    CodeModeCli(InputStream in, ServerConnector connector) {
        this.in = in;
        this.connector = connector;
    }

    public static void main(String[] args) {
        CodeModeCli cli = new CodeModeCli(System.in, ServerConnector.mcp());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cli.stopServing(); // no caller reaches the servers while they close
            cli.closeSession();
            // A server still starting when the user pressed Ctrl-C is not tracked by a session yet.
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }, "codemode-shutdown"));
        int code = commandLine(cli, System.out, System.err).execute(args);
        cli.closeSession();
        System.exit(code);
    }

    /** The command line over {@code cli}, writing to {@code out} and {@code err} in UTF-8. */
    static CommandLine commandLine(CodeModeCli cli, PrintStream out, PrintStream err) {
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter w = command.getErr();
            if (e instanceof ConfigException) {
                w.println("codemode: " + e.getMessage());
                return USAGE;
            }
            w.println("codemode: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        return cmd;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: list, read, docs, exec, tokens,"
                + " serve or skills");
    }

    InputStream in() {
        return in;
    }

    /**
     * Connects the configured servers, runs {@code work} with a {@link CodeMode} built by
     * {@code configure} over them, and closes everything, whatever happens.
     */
    int withCodeMode(CommandLine command, Consumer<CodeMode.Builder> configure, CodeModeWork work) throws Exception {
        if (config == null) {
            throw new ConfigException("--config FILE is required: an mcpServers JSON file (see codemode --help)");
        }
        if (timeoutSeconds < 1) {
            throw new ConfigException("--timeout must be at least 1 second");
        }
        ApprovalPolicy policy = approvalPolicy();
        McpServersConfig servers = McpServersConfig.read(config);
        List<String> names = servers.servers().stream().map(McpServersConfig.Server::name).toList();
        for (String server : trust) {
            if (!names.contains(server.strip())) {
                throw new ConfigException("--trust " + server + ": no server " + server + " in " + config
                        + " (servers: " + String.join(", ", names) + ")");
            }
        }
        Limits scriptLimits = limits();
        CallersConfig callers = CallersConfig.read(config);
        if (key != null && !callers.keyIds().contains(key)) {
            throw new ConfigException("--key " + key + ": no such virtual key in the \"codemode\" section of " + config
                    + (callers.hasKeys() ? " (keys: " + String.join(", ", callers.keyIds()) + ")" : ", which has none"));
        }
        this.callers = callers;
        SkillsConfig skills = SkillsConfig.read(config);
        Skills skillSettings = skills == null ? null : skillSettings(skills);
        try (Session s = Session.open(servers, connector, Duration.ofSeconds(timeoutSeconds), sources -> build(sources,
                builder -> {
                    builder.approvalPolicy(policy).exposure(exposure).directTools(directTools).limits(scriptLimits)
                            .accessControl(callers.accessControl());
                    if (skillSettings != null) {
                        builder.skills(skillSettings);
                    }
                    if (audit != null) {
                        builder.auditSink(JsonLinesAuditSink.open(audit, System.err));
                    }
                    configure.accept(builder);
                }), command.getErr())) {
            session.set(s);
            return work.run(s.codeMode());
        } finally {
            session.set(null);
        }
    }

    /** The skill settings of the config, over its store; a store or skill file it cannot use is a config error. */
    private static Skills skillSettings(SkillsConfig skills) {
        SkillStore store = skills.open();
        try {
            return skills.skills(store);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("\"codemode\".\"skills\": " + e.getMessage());
        }
    }

    /** The caller of list, read, docs, exec and tokens: {@code --key}, or anonymous. */
    CallContext caller() {
        return CallContext.of(key);
    }

    /** The {@code "codemode"} section of the config, once {@link #withCodeMode} has read it. */
    CallersConfig callers() {
        return callers;
    }

    /** {@code --limit NAME=VALUE} over the defaults. */
    private Limits limits() {
        Limits.Builder b = Limits.builder();
        for (Map.Entry<String, String> e : limits.entrySet()) {
            String name = e.getKey().strip();
            long value;
            try {
                value = Long.parseLong(e.getValue().strip());
            } catch (NumberFormatException ex) {
                throw new ConfigException("--limit " + name + "=" + e.getValue() + ": the value must be a whole number");
            }
            int asInt = (int) Math.min(Integer.MAX_VALUE, value);
            switch (name) {
                case "maxSourceChars" -> b.maxSourceChars(asInt);
                case "maxSteps" -> b.maxSteps(value);
                case "timeout" -> b.timeout(Duration.ofSeconds(value));
                case "maxToolCalls" -> b.maxToolCalls(asInt);
                case "maxConcurrentCalls" -> b.maxConcurrentCalls(asInt);
                case "maxValueChars" -> b.maxValueChars(asInt);
                case "maxOutputChars" -> b.maxOutputChars(asInt);
                case "maxMemoryBytes" -> b.maxMemoryBytes(value);
                default -> throw new ConfigException("--limit " + name + ": unknown limit; known: maxSourceChars,"
                        + " maxSteps, timeout, maxToolCalls, maxConcurrentCalls, maxValueChars, maxOutputChars,"
                        + " maxMemoryBytes");
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--limit " + e.getMessage());
        }
    }

    /** What runs without approval: the --auto-execute allowlist, and the read-only tools of --trust servers. */
    private ApprovalPolicy approvalPolicy() {
        ApprovalPolicy.Builder policy = ApprovalPolicy.builder();
        try {
            policy.autoExecute(autoExecute);
            policy.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--auto-execute " + e.getMessage());
        }
        try {
            policy.trustReadOnlyHints(trust);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--trust " + e.getMessage());
        }
        return policy.build();
    }

    private CodeMode build(List<ToolSource> sources, Consumer<CodeMode.Builder> configure) {
        CodeMode.Builder builder = CodeMode.builder().toolSources(sources).bindingLevel(bindingLevel);
        configure.accept(builder);
        return builder.build();
    }

    /** Prints a meta-tool's text as the model would get it: exit 0, or 1 when it reports an error. */
    static int print(CommandLine command, MetaToolResult result) {
        command.getOut().println(result.text());
        command.getOut().flush();
        return result.isError() ? FAILED : OK;
    }

    /** {@code serve}: what stops accepting callers, run on shutdown (SIGTERM, Ctrl-C) before the servers close. */
    void onShutdown(Runnable stop) {
        stopServing.set(stop);
    }

    private void stopServing() {
        Runnable stop = stopServing.getAndSet(null);
        if (stop != null) {
            stop.run();
        }
    }

    private void closeSession() {
        Session s = session.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }

    /** One command's use of Code Mode; returns the exit code. */
    @FunctionalInterface
    interface CodeModeWork {
        int run(CodeMode codeMode) throws Exception;
    }
}
