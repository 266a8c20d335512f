package dev.codemode.samples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.langchain4j.CodeModeToolProvider;
import dev.codemode.samples.servers.DemoServers;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The token figures the console chatbot printed for one turn, read back from its output. */
record TurnFigures(List<Request> requests, int codeMode, int standard, int standardRequests, int standardTools,
        String line) {

    /** One {@code [request: ...]} line. */
    record Request(int tools, int codeMode) {
    }

    private static final Pattern REQUEST = Pattern.compile(
            "\\[request: \\d+ messages, (\\d+) tools, ([\\d,]+) input tokens");
    private static final Pattern TURN = Pattern.compile(
            "tokens this turn: Code Mode ([\\d,]+) in \\((\\d+) requests?\\) / standard tool calling ~([\\d,]+) in"
                    + " \\(estimated: (\\d+) tool definitions on each of (\\d+) requests?, the same \\d+ tool calls? and"
                    + " results\\)");

    /** The figures of the first turn in {@code output}. */
    static TurnFigures parse(String output) {
        List<Request> requests = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher r = REQUEST.matcher(line);
            if (r.find()) {
                requests.add(new Request(Integer.parseInt(r.group(1)), number(r.group(2))));
            }
            Matcher t = TURN.matcher(line);
            if (t.matches()) {
                assertThat(number(t.group(2))).isEqualTo(requests.size());
                return new TurnFigures(requests, number(t.group(1)), number(t.group(3)), number(t.group(5)),
                        number(t.group(4)), line);
            }
        }
        throw new AssertionError("no 'tokens this turn' line in:\n" + output);
    }

    private static int number(String text) {
        return Integer.parseInt(text.replace(",", ""));
    }

    /** The demo servers as the chatbot's provider sees them, to count definitions the way the chatbot should. */
    static Definitions definitions() throws Exception {
        return new Definitions();
    }

    static final class Definitions implements AutoCloseable {
        private final DemoServers.Http servers;
        private final List<McpClient> clients = new ArrayList<>();
        private final CodeModeToolProvider provider;

        Definitions() throws Exception {
            servers = DemoServers.startHttp(0);
            for (String server : DemoServers.NAMES) {
                clients.add(DefaultMcpClient.builder().key(server)
                        .transport(StreamableHttpMcpTransport.builder().url(servers.url(server)).build()).build());
            }
            provider = CodeModeToolProvider.builder().mcpClients(clients)
                    .codeMode(core -> core.accessControl(ConsoleChatbot.KEYS)).build();
        }

        List<String> directNames(String key) {
            return provider.codeMode().directSpecs(CallContext.of(key)).stream().map(MetaToolSpec::name).toList();
        }

        int tokens(String key) {
            return MetaToolSpec.definitionTokens(provider.codeMode().directSpecs(CallContext.of(key)));
        }

        int metaTokens(String key) {
            return MetaToolSpec.definitionTokens(provider.codeMode().specs(CallContext.of(key)));
        }

        @Override
        public void close() throws Exception {
            provider.close();
            for (McpClient client : clients) {
                client.close();
            }
            servers.close();
        }
    }
}
