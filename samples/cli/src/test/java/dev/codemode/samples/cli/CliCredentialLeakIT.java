package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.DyingStdioServer;
import dev.codemode.mcp.testserver.RefusingHttpServer;
import dev.codemode.samples.servers.DemoServers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shaded CLI jar over an {@code mcpServers} file whose unreachable servers each hold a credential
 * in a different place, with its own marker: URL user info, a query API key, a 401 response body that
 * quotes the secret, command arguments, and an environment variable the server prints on stderr before
 * it dies. (Headers cannot be configured in the file.) Every command a user runs, listing, reading,
 * documenting and executing scripts that call those servers, must keep every marker out of stdout
 * (what the model sees) and stderr (the CLI's messages and its log).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCredentialLeakIT {

    static final Path JAR = CliRun.JAR;

    static final String USER_INFO = "pw-cli-userinfo-61e2";
    static final String QUERY_KEY = "key-cli-query-9a07";
    static final String BODY = "body-cli-401-c3f8";
    static final String ARGS = "tok-cli-args-4b5d";
    static final String ENV = "env-cli-stderr-7e10";
    static final List<String> MARKERS = List.of(USER_INFO, QUERY_KEY, BODY, ARGS, ENV);

    Path dir;
    Path config;
    DemoServers.Http demo;
    RefusingHttpServer refusing;

    @BeforeAll
    void start() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        dir = Files.createTempDirectory("codemode-cli-credentials");
        demo = DemoServers.startHttp(0);
        refusing = RefusingHttpServer.start(BODY);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        List<String> args = DyingStdioServer.command("--token=" + ARGS);
        List<String> env = DyingStdioServer.command();
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("crm", Map.of("url", demo.url("crm")));
        servers.put("userinfo", Map.of("url", "http://alice:" + USER_INFO + "@127.0.0.1:" + closed + "/mcp"));
        servers.put("query", Map.of("url", refusing.baseUrl() + "/mcp?api_key=" + QUERY_KEY));
        servers.put("unauthorized", Map.of("url", refusing.baseUrl() + "/mcp"));
        servers.put("args", Map.of("command", args.get(0), "args", args.subList(1, args.size())));
        servers.put("env", Map.of("command", env.get(0), "args", env.subList(1, env.size()),
                "env", Map.of("LEAK_TOKEN", ENV)));
        config = Files.writeString(dir.resolve("mcp.json"), JsonValues.write(Map.of("mcpServers", servers)));
    }

    @AfterAll
    void stop() {
        if (demo != null) {
            demo.close();
        }
        if (refusing != null) {
            refusing.close();
        }
    }

    @Test
    void should_keep_every_credential_out_of_stdout_and_stderr_of_every_command() throws Exception {
        List<CliRun> runs = new ArrayList<>();
        runs.add(jar("", "list"));
        runs.add(jar("", "list", "--json"));
        runs.add(jar("", "list", "lookup customer"));
        runs.add(jar("", "read", "servers/args.pyi"));
        runs.add(jar("", "read", "servers/query.pyi"));
        runs.add(jar("", "docs", "env", "lookup"));
        runs.add(jar("", "docs", "unauthorized", "lookup"));
        StringBuilder script = new StringBuilder();
        for (String server : List.of("userinfo", "query", "unauthorized", "args", "env")) {
            script.append("print(dir(").append(server).append("), hasattr(").append(server).append(", \"lookup\"))\n");
        }
        script.append("result = userinfo.lookup(id=\"c1\")\n");
        runs.add(jar(script.toString(), "exec", "--yes", "-"));
        runs.add(jar("result = env.lookup(id=\"c1\")", "exec", "--yes", "-"));
        runs.add(jar("", "tokens"));

        CliRun list = runs.get(0);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("servers/crm.pyi")
                .containsPattern("servers/userinfo\\.pyi +unavailable +connection refused")
                .containsPattern("servers/query\\.pyi +unavailable +HTTP 401")
                .containsPattern("servers/unauthorized\\.pyi +unavailable +HTTP 401")
                .containsPattern("servers/args\\.pyi +unavailable +exited before it answered the MCP handshake")
                .containsPattern("servers/env\\.pyi +unavailable +exited before it answered the MCP handshake");
        assertThat(list.err()).contains("codemode: server env is unavailable: exited before it answered the MCP handshake");
        assertThat(refusing.requests()).as("the query key and the 401 reached the refusing server").isPositive();
        for (CliRun run : runs) {
            for (String marker : MARKERS) {
                assertThat(run.out()).as("stdout").doesNotContain(marker);
                assertThat(run.err()).as("stderr").doesNotContain(marker);
            }
        }
    }

    /** {@code java -jar codemode-cli.jar --config <file> --timeout 10 args...} with {@code stdin}. */
    CliRun jar(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--timeout", "10"));
        all.addAll(List.of(args));
        return CliRun.ofJar(dir, Duration.ofSeconds(90), stdin, all);
    }
}
