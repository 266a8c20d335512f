package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolResult;
import dev.codemode.mcp.testserver.ConcurrentCalls;
import dev.codemode.mcp.testserver.PipelinedStdioClient;
import dev.codemode.mcp.testserver.TestMcpServer;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many callers on one stdio connection to a real server process ({@link TestMcpServer} in a child JVM):
 * every call gets its own reply, none is lost or mixed up. MCP Java SDK 2.1.0 alone fails both ways:
 * its server stops answering for good after about a hundred replies written at once, and its client
 * fails 1-2 % of the calls ("signaled serially"); see docs/security.md. No timing is asserted beyond
 * the request timeout; a lost reply ends the run within one timeout.
 */
class BusyStdioConnectionIT {

    static final int CALLERS = 64;
    static final int CALLS = 10_000;

    @Test
    void should_answer_every_call_of_64_concurrent_callers_on_one_stdio_connection() throws Exception {
        List<String> command = TestMcpServer.stdioCommand();
        ConcurrentCalls.Outcome outcome;
        try (McpToolSource source = McpToolSource.builder(TestMcpServer.NAME)
                .stdio(command.get(0), command.subList(1, command.size()), Map.of())
                .requestTimeout(Duration.ofSeconds(20))
                .build()) {
            outcome = ConcurrentCalls.run(CALLERS, CALLS, i -> {
                String text = "call " + i + " of " + CALLS;
                ToolResult result = source.callTool("echo", Map.of("text", text));
                return text.equals(result.value()) ? null : "another call's reply: " + result;
            });
        }

        assertThat(outcome.failures()).as("calls without their own reply, by message (the first stops the test)")
                .isEmpty();
        assertThat(outcome.answered()).isEqualTo(CALLS);
    }

    @Test
    void should_write_every_reply_of_a_server_answering_64_requests_at_once() throws Exception {
        File stderr = Files.createTempFile("busy-stdio-server", ".log").toFile();
        stderr.deleteOnExit();

        PipelinedStdioClient.Outcome outcome = PipelinedStdioClient.run(TestMcpServer.stdioCommand(), CALLS, CALLERS,
                i -> new PipelinedStdioClient.Call("echo", Map.of("text", "request " + i), "\"request " + i + "\""),
                Duration.ofSeconds(30), stderr);

        assertThat(outcome.examples()).as("unexpected replies").isEmpty();
        assertThat(outcome.lost()).as("requests never answered (server stderr: %s)", stderr).isZero();
        assertThat(outcome.unsent()).isZero();
        assertThat(outcome.answered()).isEqualTo(CALLS);
    }
}
