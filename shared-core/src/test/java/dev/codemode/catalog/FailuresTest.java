package dev.codemode.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    static final String SECRET = "sk-failures-77c1d";

    @Test
    void should_name_the_cause_class_from_the_exception_types_never_from_their_text() {
        assertThat(Failures.cause(wrapped(new ConnectException("Connection refused: " + SECRET))))
                .isEqualTo("connection refused");
        assertThat(Failures.cause(wrapped(new TimeoutException(SECRET)))).isEqualTo("timed out");
        assertThat(Failures.cause(wrapped(new HttpTimeoutException(SECRET)))).isEqualTo("timed out");
        assertThat(Failures.cause(wrapped(new UnknownHostException("user:" + SECRET + "@nowhere"))))
                .isEqualTo("unknown host");
        assertThat(Failures.cause(wrapped(new McpTransportSessionClosedException()))).isEqualTo("not connected");
        assertThat(Failures.cause(wrapped(new EOFException(SECRET)))).isEqualTo("connection closed");
        assertThat(Failures.cause(wrapped(new IOException(SECRET)))).isEqualTo("I/O error");
        assertThat(Failures.cause(new IllegalStateException(SECRET))).isEqualTo(Failures.UNEXPECTED);
    }

    @Test
    void should_take_only_the_digits_of_an_http_status_from_a_message() {
        assertThat(Failures.cause(new RuntimeException("Unexpected status code: 401 body=" + SECRET))).isEqualTo("HTTP 401");
        assertThat(Failures.cause(wrapped(new RuntimeException("Invalid request. Status code: 403, " + SECRET))))
                .isEqualTo("HTTP 403");
        assertThat(Failures.cause(new RuntimeException("ResponseEvent[statusCode=502, data=" + SECRET + "]")))
                .isEqualTo("HTTP 502");
    }

    @Test
    void should_show_the_server_json_rpc_error_as_the_server_words_in_one_capped_line() {
        McpError error = new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32601, "Method not found:\n tools/list",
                null));
        assertThat(Failures.cause(wrapped(error))).isEqualTo("error from the server: Method not found: tools/list");
        McpError huge = new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-1, "x".repeat(5000), null));
        assertThat(Failures.cause(huge)).hasSizeLessThan(250).endsWith("...");
    }

    @Test
    void should_prefer_a_source_message_written_for_the_model_and_redact_it() {
        ToolCallException model = new ToolCallException("listing the tools of server crm timed out after 5 s");
        assertThat(Failures.reason(new IllegalStateException("raw " + SECRET, model)))
                .isEqualTo("listing the tools of server crm timed out after 5 s");
        assertThat(Failures.reason(new ToolCallException("cannot reach http://me:" + SECRET + "@h/mcp?api_key=" + SECRET)))
                .isEqualTo("cannot reach http://***@h/mcp?api_key=***");
        assertThat(Failures.reason(new IllegalStateException(SECRET, new ConnectException(SECRET))))
                .isEqualTo("connection refused");
    }

    @Test
    void should_redact_credentials_in_the_log_detail() {
        String detail = Failures.detail(new RuntimeException("POST http://bob:" + SECRET + "@api.example/mcp?api_key=" + SECRET
                + "&page=2 with Authorization: Bearer " + SECRET + " failed", new IOException("started node server.js --token="
                + SECRET + " --api-key " + SECRET + " OPENAI_API_KEY=" + SECRET)), Set.of());

        assertThat(detail).doesNotContain(SECRET)
                .contains("java.lang.RuntimeException: POST http://***@api.example/mcp?api_key=***&page=***")
                .contains("Authorization: ***").contains("--token=***").contains("--api-key ***")
                .contains("OPENAI_API_KEY=***").contains(" <- java.io.IOException: started node server.js");
    }

    @Test
    void should_redact_a_quoted_response_body_to_its_end() {
        String detail = Failures.detail(new RuntimeException("Received unexpected status code: 500, response body: "
                + "{\"detail\": \"invalid api key " + SECRET + "\"}"), Set.of());

        assertThat(detail).isEqualTo("java.lang.RuntimeException: Received unexpected status code: 500, response body: ***");
        assertThat(Failures.redact("AggregateResponseEvent[responseInfo=x, data=" + SECRET + "]", Set.of()))
                .isEqualTo("AggregateResponseEvent[responseInfo=x, data=***");
    }

    @Test
    void should_redact_known_secret_values_wherever_they_appear() {
        Set<String> secrets = Failures.secretsOf(List.of("server.js", "--token=" + SECRET + "-arg", "--password",
                SECRET + "-next", "plain"), Map.of("ANYTHING", SECRET + "-env"));
        assertThat(secrets).containsExactlyInAnyOrder(SECRET + "-env", SECRET + "-arg", SECRET + "-next");

        String stderr = "starting with " + SECRET + "-env and " + SECRET + "-next; plain stays";
        assertThat(Failures.redact(stderr, secrets)).isEqualTo("starting with *** and ***; plain stays");

        Set<String> fromUrl = Failures.secretsOf("http://bob:" + SECRET + "@h:1/mcp?api_key=" + SECRET + "%21");
        assertThat(fromUrl).contains("bob:" + SECRET, SECRET, SECRET + "%21", SECRET + "!");
        assertThat(Failures.redact("echoed " + SECRET + "!", fromUrl)).isEqualTo("echoed ***");
    }

    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException(new IllegalStateException("Failed to send message to http://u:" + SECRET + "@h", cause));
    }
}
