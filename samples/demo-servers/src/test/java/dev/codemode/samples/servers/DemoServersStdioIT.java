package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.ConcurrentCalls;
import dev.codemode.mcp.testserver.PipelinedStdioClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The demo servers over stdio as a client loads them: 64 callers on one connection, 10,000 calls, every
 * reply the right one (the MCP Java SDK 2.1.0's stdio server alone stops answering after about a hundred
 * concurrent replies; see docs/security.md); and each server ends well within a second of its stdin
 * ending, MCP's stdio shutdown.
 */
class DemoServersStdioIT {

    static final int CALLERS = 64;
    static final int CALLS = 10_000;

    @Test
    void should_answer_every_call_of_64_concurrent_callers_on_one_connection() throws Exception {
        List<String> command = DemoServers.stdioCommand("crm");
        ConcurrentCalls.Outcome outcome;
        try (McpToolSource crm = McpToolSource.builder("crm")
                .stdio(command.get(0), command.subList(1, command.size()), Map.of())
                .requestTimeout(Duration.ofSeconds(20))
                .build()) {
            outcome = ConcurrentCalls.run(CALLERS, CALLS, i -> {
                String id = "c" + (1 + i % DemoData.CUSTOMERS);
                Object customer = crm.callTool("lookup_customer", Map.of("customer_id", id)).value();
                return customer instanceof Map<?, ?> c && id.equals(c.get("id")) ? null
                        : "another call's reply: " + customer;
            });
        }

        assertThat(outcome.failures()).as("calls without their own reply, by message (the first stops the test)")
                .isEmpty();
        assertThat(outcome.answered()).isEqualTo(CALLS);
    }

    @Test
    void should_write_every_reply_with_64_requests_in_flight() throws Exception {
        File stderr = Files.createTempFile("demo-crm-stdio", ".log").toFile();
        stderr.deleteOnExit();

        PipelinedStdioClient.Outcome outcome = PipelinedStdioClient.run(DemoServers.stdioCommand("crm"), CALLS, CALLERS,
                i -> {
                    String id = "c" + (1 + i % DemoData.CUSTOMERS);
                    return new PipelinedStdioClient.Call("lookup_customer", Map.of("customer_id", id),
                            "\"id\":\"" + id + "\"");
                }, Duration.ofSeconds(30), stderr);

        assertThat(outcome.examples()).as("unexpected replies").isEmpty();
        assertThat(outcome.lost()).as("requests never answered (server stderr: %s)", stderr).isZero();
        assertThat(outcome.unsent()).isZero();
        assertThat(outcome.answered()).isEqualTo(CALLS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm", "orders", "billing", "email"})
    void should_exit_within_a_second_when_its_stdin_ends(String name) throws Exception {
        Process server = new ProcessBuilder(DemoServers.stdioCommand(name))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream in = server.getOutputStream();
            in.write((JsonValues.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                    "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "shutdown-test", "version", "1")))) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .as("the answer to initialize").contains("\"result\"");

            long closed = System.nanoTime();
            in.close();
            boolean exited = server.waitFor(10, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);

            assertThat(exited).as(name + " exits when its stdin ends").isTrue();
            System.out.println("demo server " + name + " exited " + millis + " ms after its stdin ended");
            assertThat(millis).as(name + ": milliseconds from the end of stdin to the exit").isLessThan(1000);
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }
}
