package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Arguments that break a real MCP server's input schema are answered locally, over streamable HTTP,
 * by scripts and by directly offered tools alike, and the server is never called with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgumentCheckIT {

    EmbeddedMcpHttp server;
    McpToolSource source;
    CodeMode codeMode;
    final InMemoryAuditSink audit = AuditSink.inMemory();

    @BeforeAll
    void start() throws Exception {
        server = TestMcpServer.startHttp(0);
        source = McpToolSource.streamableHttp("crm", server.baseUrl());
        codeMode = CodeMode.builder().toolSources(source).autoExecute("crm.*").auditSink(audit)
                .directTools("crm.search_customers", "crm.lookup_customer").build();
    }

    @AfterAll
    void stop() throws Exception {
        if (codeMode != null) {
            codeMode.close();
        }
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
    }

    Map<?, ?> execute(String code) {
        return (Map<?, ?>) JsonValues.parse(codeMode.call("executeToolCode", Map.of("code", code)).text());
    }

    @Test
    void should_answer_a_bad_argument_without_calling_the_server() {
        int before = TestMcpServer.CALLS.get();

        // a script: below the schema's minimum, then the wrong type inside try_call
        Map<?, ?> out = execute("result = crm.search_customers(query=\"a\", limit=0)");
        assertThat(out.get("error")).isEqualTo("crm.search_customers: limit must be at least 1, got 0");
        assertThat(((Number) out.get("toolCalls")).intValue()).isEqualTo(1);
        Map<?, ?> caught = execute("""
                v, err = try_call(crm.search_customers, query="a", limit="5")
                result = err
                """);
        assertThat(caught.get("result")).isEqualTo("crm.search_customers: limit must be an integer, got \"5\" (a string):"
                + " write the number without quotes, or convert with int(x)");

        // direct tools: the wrong type, a missing argument, an unknown name
        MetaToolResult direct = codeMode.call("crm__search_customers", "{\"query\": 7}");
        assertThat(direct.isError()).isTrue();
        assertThat(direct.text()).isEqualTo("crm.search_customers: query must be a string, got 7 (an integer)");
        assertThat(codeMode.call("crm__lookup_customer", "{}").text())
                .isEqualTo("crm.lookup_customer: missing argument customer_id");
        assertThat(codeMode.call("crm__lookup_customer", "{\"customerId\": \"c1\"}").text()).isEqualTo(
                "crm.lookup_customer: no parameter 'customerId' (did you mean 'customer_id'?); parameters: customer_id");
        assertThat(codeMode.call("crm__search_customers", "{\"query\": \"a\", \"limt\": 2}").text())
                .isEqualTo("crm.search_customers: no parameter 'limt' (did you mean 'limit'?); parameters: query, limit");

        // then: the server answered none of them
        assertThat(TestMcpServer.CALLS.get()).isEqualTo(before);

        // and a good call does reach it: the counter counts
        assertThat(execute("result = len(crm.search_customers(query=\"a\", limit=1))").get("result")).isEqualTo(1);
        assertThat(TestMcpServer.CALLS.get()).isEqualTo(before + 1);

        // the refused calls are recorded as calls, with the reason, like refusals by policy
        codeMode.auditLog().orElseThrow().flush();
        assertThat(audit.toolCalls()).extracting(c -> c.error())
                .contains("crm.search_customers: limit must be at least 1, got 0");
    }
}
