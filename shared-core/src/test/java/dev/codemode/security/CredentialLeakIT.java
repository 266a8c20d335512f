package dev.codemode.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.meta.MetaToolResult;
import dev.codemode.policy.ApprovalHandler;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real MCP server over streamable HTTP, reached by a client that carries a credential twice: a
 * bearer header and an API key in the endpoint's query. Scripts try every route to it, working and
 * failing calls, with the server up and after it went away; no output, log or audit record may
 * contain it.
 */
class CredentialLeakIT {

    static final String SECRET = "sk-live-mcp-9d2e41-credential";

    static final List<String> SCRIPTS = List.of(
            "result = {\"dir\": dir(crm), \"repr\": repr(crm), \"tool\": repr(crm.echo), \"str\": str(crm.echo),"
                    + " \"probes\": [getattr(crm, n, None) for n in [\"client\", \"transport\", \"headers\", \"token\","
                    + " \"url\", \"requestBuilder\", \"authorization\"]]}",
            "result = json.encode(crm)",
            "result = \"%r %s\" % (crm, crm.lookup_customer)",
            "fail(crm, crm.echo)",
            "result = crm.echo(text=\"hello\")",
            "v, e = try_call(crm.fail, message=\"denied for this key\")\nresult = e",
            "crm.fail(message=\"server-side failure\")",
            "crm.echo(text=\"x\", token=\"guess\")",
            "crm.echo()",
            "result = crm.lookup_customer(customer_id=\"c1\")");

    @Test
    void should_never_show_the_credential_of_an_mcp_client_in_any_output_or_audit_record() throws Exception {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        List<String> outputs = new ArrayList<>();
        EmbeddedMcpHttp server = TestMcpServer.startHttp(0);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.baseUrl())
                        .endpoint("/mcp?api_key=" + SECRET)
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + SECRET))
                        .build())
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        try (client; CodeMode codeMode = CodeMode.builder()
                .toolSources(McpToolSource.of("crm", client))
                .approvalHandler(ApprovalHandler.allowAll())
                .auditSink(audit)
                .build()) {
            assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.echo(text=\"up\")")).text())
                    .as("the authenticated client works").contains("\"result\":\"up\"");

            outputs.add(codeMode.call("listToolFiles", Map.of()).text());
            outputs.add(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text());
            for (String tool : List.of("lookup_customer", "echo", "fail")) {
                outputs.add(codeMode.call("getToolDocs", Map.of("server", "crm", "tool", tool)).text());
            }
            for (String script : SCRIPTS) {
                outputs.add(codeMode.call("executeToolCode", Map.of("code", script)).text());
            }

            server.close(); // every call now fails in the transport
            for (String script : SCRIPTS) {
                MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", script));
                outputs.add(r.text());
            }
            codeMode.auditLog().orElseThrow().flush();
        }

        assertThat(outputs).as("a failure after the server went away").anyMatch(o -> o.contains("\"error\":\"crm."));
        for (String output : outputs) {
            assertThat(output).doesNotContain(SECRET).doesNotContain("api_key").doesNotContain("Bearer");
        }
        assertThat(audit.toolCalls()).as("calls were audited").isNotEmpty();
        assertThat(audit.records().toString()).doesNotContain(SECRET);
    }
}
