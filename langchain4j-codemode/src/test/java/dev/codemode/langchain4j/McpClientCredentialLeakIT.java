package dev.codemode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.mcp.testserver.ChildProcesses;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.resilience.faults.FaultMcpServer;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link McpClientToolSource} over LangChain4j's own MCP transports, with a credential in the server's
 * command arguments (stdio) and in the URL's query and a header (streamable HTTP). The server works,
 * then goes away; every failure after that (scripts, direct calls, the refreshed listing, the audit)
 * names the cause class and never the credential, whatever LangChain4j's exceptions carry.
 */
class McpClientCredentialLeakIT {

    static final String ARGS = "tok-lc4j-args-2f81";
    static final String QUERY_KEY = "key-lc4j-query-d93c";
    static final String HEADER = "tok-lc4j-header-57a0";

    final List<String> seen = new ArrayList<>();
    final InMemoryAuditSink audit = new InMemoryAuditSink();

    @Test
    void should_keep_stdio_arguments_out_of_every_failure_once_the_server_exited() throws Exception {
        List<String> command = ChildJvm.command(FaultMcpServer.class, "stdio", "--token=" + ARGS);
        try (McpClient client = DefaultMcpClient.builder().key("faulty")
                .transport(StdioMcpTransport.builder().command(command).build())
                .toolExecutionTimeout(Duration.ofSeconds(3))
                .build();
                CodeMode codeMode = codeMode(McpClientToolSource.of("faulty", client), "faulty.ok")) {
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = faulty.ok()")).text())
                    .contains("\"result\":\"ok\"");
            codeMode.call("executeToolCode", Map.of("code", "result = faulty.exit()"));
            for (ProcessHandle server : ChildProcesses.running(FaultMcpServer.class.getName())) {
                if (ChildProcesses.commandLine(server).contains(ARGS)) {
                    server.onExit().get(30, TimeUnit.SECONDS);
                }
            }

            failAfterwards(codeMode, "faulty", "ok");
        }
        assertNeverShown(ARGS);
    }

    @Test
    void should_keep_a_query_key_and_a_header_out_of_every_failure_once_the_server_went_away() throws Exception {
        EmbeddedMcpHttp server = TestMcpServer.startHttp(0);
        boolean stopped = false;
        try (McpClient client = DefaultMcpClient.builder().key("crm")
                .transport(StreamableHttpMcpTransport.builder().url(server.baseUrl() + "/mcp?api_key=" + QUERY_KEY)
                        .customHeaders(Map.of("Authorization", "Bearer " + HEADER))
                        .timeout(Duration.ofSeconds(3)).build())
                .toolExecutionTimeout(Duration.ofSeconds(3))
                .build();
                CodeMode codeMode = codeMode(McpClientToolSource.of("crm", client), "crm.echo")) {
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.echo(text=\"up\")")).text())
                    .contains("\"result\":\"up\"");
            server.close();
            stopped = true;

            failAfterwards(codeMode, "crm", "echo");
        } finally {
            if (!stopped) {
                server.close();
            }
        }
        assertNeverShown(QUERY_KEY);
        assertNeverShown(HEADER);
    }

    private CodeMode codeMode(McpClientToolSource source, String direct) {
        return CodeMode.builder().toolSources(source).approvalHandler(ApprovalHandler.allowAll()).auditSink(audit)
                .directTools(direct).build();
    }

    /** Scripts, a direct call, then the listing after a refresh: all fail, and all are kept. */
    private void failAfterwards(CodeMode codeMode, String server, String tool) {
        String call = server + "." + tool + (tool.equals("echo") ? "(text=\"x\")" : "()");
        seen.add(codeMode.call("executeToolCode", Map.of("code", "result = " + call)).text());
        seen.add(codeMode.call("executeToolCode", Map.of("code", "v, e = try_call(" + server + "." + tool + ")\nresult = e"))
                .text());
        seen.add(codeMode.call(server + "__" + tool, tool.equals("echo") ? Map.of("text", "x") : Map.of()).text());
        codeMode.catalog().refresh();
        CatalogServer listed = codeMode.catalog().view().servers().get(0);
        seen.add(String.valueOf(listed.error()));
        seen.add(codeMode.call("listToolFiles", Map.of()).text());
        seen.add(codeMode.call("executeToolCode", Map.of("code", "result = " + call)).text());
        codeMode.auditLog().orElseThrow().flush();
        assertThat(seen).as("failures were seen").anyMatch(s -> s.contains("error"));
    }

    private void assertNeverShown(String marker) {
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(marker));
        assertThat(audit.records().toString()).doesNotContain(marker);
    }
}
