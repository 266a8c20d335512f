package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.mcp.testserver.StdioClientJvm;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.resilience.faults.FaultMcpServer;
import dev.codemode.resilience.faults.MalformedMcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A stdio MCP server never outlives its client. MCP's stdio shutdown is the client closing the server's
 * stdin: every server the suite starts then exits well within a second. A client that dies without
 * closing anything (SIGKILL) closes the pipe all the same; a client that exits without closing its
 * {@link McpToolSource} stops even a server that ignores its stdin, from a shutdown hook.
 */
class StdioShutdownIT {

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("TestMcpServer", ChildJvm.command(TestMcpServer.class, "stdio")),
                Arguments.of("FaultMcpServer", ChildJvm.command(FaultMcpServer.class, "stdio")),
                Arguments.of("MalformedMcpServer", ChildJvm.command(MalformedMcpServer.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void should_exit_within_a_second_when_its_stdin_ends(String name, List<String> command) throws Exception {
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            handshake(server);

            long closed = System.nanoTime();
            server.getOutputStream().close();
            boolean exited = server.waitFor(10, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);

            assertThat(exited).as(name + " exits when its stdin ends").isTrue();
            System.out.println(name + " exited " + millis + " ms after its stdin ended");
            assertThat(millis).as(name + ": milliseconds from the end of stdin to the exit").isLessThan(1000);
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void should_exit_when_its_client_jvm_is_killed() throws Exception {
        Process client = new ProcessBuilder(StdioClientJvm.command("waits", "stdio"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> servers = new ArrayList<>();
        try {
            servers.addAll(serversOf(client));

            client.destroyForcibly(); // SIGKILL: no shutdown hook, no close; only the pipes end
            assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();

            for (ProcessHandle server : servers) {
                assertThat(server.onExit()).as("server %d after its client was killed", server.pid())
                        .succeedsWithin(10, TimeUnit.SECONDS);
            }
        } finally {
            client.destroyForcibly();
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void should_stop_a_server_that_ignores_its_stdin_when_the_client_exits_without_closing_the_source()
            throws Exception {
        Process client = new ProcessBuilder(StdioClientJvm.command("exits", "stdio-lingering"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> servers = new ArrayList<>();
        try {
            servers.addAll(serversOf(client));

            assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client exits").isTrue();

            for (ProcessHandle server : servers) {
                assertThat(server.onExit()).as("lingering server %d after its client exited", server.pid())
                        .succeedsWithin(10, TimeUnit.SECONDS);
            }
        } finally {
            client.destroyForcibly();
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The server processes the client reports once it has a working connection. */
    private static List<ProcessHandle> serversOf(Process client) throws IOException {
        List<ProcessHandle> servers = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
            if (line.startsWith("SERVER ")) {
                ProcessHandle.of(Long.parseLong(line.substring(7))).ifPresent(servers::add);
            }
        }
        assertThat(servers).as("the client's server processes").isNotEmpty();
        return servers;
    }

    /** initialize and its answer: the server is up and reading its stdin. */
    private static void handshake(Process server) throws IOException {
        OutputStream in = server.getOutputStream();
        in.write((JsonValues.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "shutdown-test", "version", "1")))) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String answer = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(answer).as("the answer to initialize").contains("\"result\"");
    }
}
