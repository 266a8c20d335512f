package dev.codemode.samples.chatbot;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.json.JsonValues;
import dev.codemode.langchain4j.CodeModeToolProvider;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.samples.servers.DemoServers;
import dev.codemode.samples.servers.StandardToolCallingEstimate;
import dev.codemode.stubs.BindingLevel;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A console chatbot on the demo MCP servers, through Code Mode for LangChain4j. Offline by default
 * with a deterministic replay model; with {@code OPENAI_API_KEY} (and optionally
 * {@code OPENAI_BASE_URL}, {@code OPENAI_MODEL}) a real OpenAI-compatible model. Per turn it shows the
 * meta-tool calls, the script, the result, the tokens each request used, the turn's total beside an
 * estimate of standard tool calling for the same tool calls ({@link StandardToolCallingEstimate}), and asks y/n before a script calls a tool that is not auto-executed.
 */
@Command(name = "codemode-chatbot", mixinStandardHelpOptions = true,
        description = "Chat with the demo MCP servers through Code Mode (LangChain4j).")
public final class ConsoleChatbot implements Callable<Integer> {

    /** The demo's virtual keys: what each caller may see and call. */
    static final AccessControl KEYS = AccessControl.builder()
            .groups(ToolGroup.of("read", "crm.lookup_customer", "crm.search_customers", "orders.*", "email.list_sent"),
                    ToolGroup.of("support", "billing.apply_discount", "email.send_confirmation"),
                    ToolGroup.of("admin", "*"))
            .keys(VirtualKey.withGroups("readonly", "read"),
                    VirtualKey.withGroups("support", "read", "support"),
                    VirtualKey.withGroups("admin", "admin"))
            .defaultKey("admin")
            .build();

    /** Tomcat (serving the demo servers in this JVM) logs through java.util.logging: keep the chat clean. */
    private static final java.util.logging.Logger TOMCAT_LOGS = java.util.logging.Logger.getLogger("org.apache");

    interface Assistant {
        String chat(@UserMessage String message, InvocationParameters parameters);
    }

    @Option(names = "--virtual-key", description = "readonly, support or admin (default: ${DEFAULT-VALUE})",
            defaultValue = "admin")
    String virtualKey;

    @Option(names = "--binding-level", description = "SERVER (one stub file per server) or TOOL (one per tool)",
            defaultValue = "SERVER")
    BindingLevel bindingLevel;

    private final BufferedReader in;
    private final PrintStream out;
    private final Map<String, String> env;

    ConsoleChatbot(InputStream in, PrintStream out, Map<String, String> env) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        TOMCAT_LOGS.setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(args, System.in, System.out, System.getenv()));
    }

    static int run(String[] args, InputStream in, PrintStream out, Map<String, String> env) {
        return new CommandLine(new ConsoleChatbot(in, out, env)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        boolean live = env.get("OPENAI_API_KEY") != null && !env.get("OPENAI_API_KEY").isBlank();
        Encoding tokens = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        try (DemoServers.Http servers = DemoServers.startHttp(0)) {
            List<McpClient> clients = new ArrayList<>();
            for (String server : DemoServers.NAMES) {
                clients.add(DefaultMcpClient.builder().key(server)
                        .transport(StreamableHttpMcpTransport.builder().url(servers.url(server))
                                .timeout(Duration.ofSeconds(30)).build())
                        .build());
            }
            // The scripts' tool calls, for the estimate of what standard tool calling would send.
            InMemoryAuditSink audit = new InMemoryAuditSink();
            try (CodeModeToolProvider provider = CodeModeToolProvider.builder()
                    .mcpClients(clients)
                    .codeMode(core -> core
                            .auditSink(audit)
                            .bindingLevel(bindingLevel)
                            // The lookups and the sent-mail list run on their own; discounts, emails and changes ask.
                            .autoExecute("crm.lookup_customer", "crm.search_customers", "orders.*", "email.list_sent")
                            .approvalHandler(ApprovalHandler.asking(request -> ask("The script calls "
                                    + (request.isUndetermined() ? "tools that cannot be determined"
                                            : String.join(", ", request.needApproval()))
                                    + ", which need approval. Run it?")))
                            .accessControl(KEYS))
                    .build()) {
                ChatModel model = live ? openAi() : new ReplayChatModel();
                out.println("Code Mode console chatbot on the demo servers (" + String.join(", ", DemoServers.NAMES)
                        + ")");
                out.println("model: " + (live ? "OpenAI-compatible " + env.getOrDefault("OPENAI_MODEL", "gpt-4o-mini")
                        : ReplayChatModel.LABEL));
                out.println("virtual key: " + virtualKey + ", binding level: " + bindingLevel
                        + ". Type a request, or 'quit'.");
                TokenReportingChatModel counted = new TokenReportingChatModel(model, tokens, provider.codeMode(),
                        CallContext.of(virtualKey), out);
                StandardToolCallingEstimate standard = new StandardToolCallingEstimate(counted::count, null);
                int seenCalls = 0;
                Assistant assistant = AiServices.builder(Assistant.class)
                        .chatModel(counted)
                        .chatMemory(MessageWindowChatMemory.withMaxMessages(40))
                        .toolProvider(provider)
                        .beforeToolExecution(before -> showCall(before.request().name(), before.request().arguments()))
                        .afterToolExecution(done -> showResult(done.result()))
                        .build();
                while (true) {
                    out.print("\nyou> ");
                    out.flush();
                    String line = in.readLine();
                    if (line == null || line.strip().equalsIgnoreCase("quit") || line.strip().equalsIgnoreCase("exit")) {
                        out.println("bye");
                        break;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    String answer = assistant.chat(line, InvocationParameters.from(CodeModeToolProvider.VIRTUAL_KEY,
                            virtualKey));
                    out.println("assistant> " + answer);
                    provider.codeMode().auditLog().ifPresent(log -> log.flush());
                    List<ToolCallRecord> calls = audit.toolCalls();
                    List<MetaToolSpec> definitions = provider.codeMode().directSpecs(CallContext.of(virtualKey));
                    StandardToolCallingEstimate.Turn estimate = standard.turn(line,
                            calls.subList(seenCalls, calls.size()).stream().map(StandardToolCallingEstimate.Call::of)
                                    .toList(),
                            answer, MetaToolSpec.definitionTokens(definitions), definitions.size());
                    seenCalls = calls.size();
                    TokenReportingChatModel.TurnTokens turn = counted.endTurn();
                    out.println("tokens this turn: "
                            + StandardToolCallingEstimate.line(turn.codeModeInput(), turn.requests(), estimate));
                }
            } finally {
                for (McpClient client : clients) {
                    client.close();
                }
            }
        }
        return 0;
    }

    private ChatModel openAi() {
        return OpenAiChatModel.builder()
                .apiKey(env.get("OPENAI_API_KEY"))
                .baseUrl(env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"))
                .modelName(env.getOrDefault("OPENAI_MODEL", "gpt-4o-mini"))
                .timeout(Duration.ofSeconds(120))
                .build();
    }

    private void showCall(String tool, String arguments) {
        Object args = JsonValues.parseOrText(arguments);
        if (tool.equals("executeToolCode") && args instanceof Map<?, ?> map && map.get("code") != null) {
            out.println("  -> executeToolCode, script:");
            out.print(map.get("code").toString().stripTrailing().indent(6));
        } else {
            out.println("  -> " + tool + "(" + (arguments == null || arguments.isBlank() ? "" : arguments) + ")");
        }
    }

    private void showResult(String result) {
        List<String> lines = result == null ? List.of() : result.lines().toList();
        int shown = Math.min(lines.size(), 30);
        for (String line : lines.subList(0, shown)) {
            out.println("     | " + line);
        }
        if (lines.size() > shown) {
            out.println("     | ... (" + (lines.size() - shown) + " more lines)");
        }
    }

    /** A y/n question on the console; anything but y/yes is no. */
    private boolean ask(String question) {
        out.print("  ? " + question + " [y/N] ");
        out.flush();
        try {
            String answer = in.readLine();
            boolean yes = answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            out.println(yes ? "    approved" : "    denied");
            return yes;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
