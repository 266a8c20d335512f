package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.codemode.audit.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The whole application over HTTP with the replay model: the demo MCP servers run over streamable
 * HTTP, Spring AI's MCP client starter connects to them, Code Mode offers the four meta-tools, and
 * the audit goes to the embedded H2 database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebChatbotIT {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {
            };
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    AuditLog auditLog;

    @Autowired
    dev.codemode.CodeMode codeMode;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_show_the_script_wait_for_approval_then_run_it_and_audit_every_tool_call() {
        String turnId = send("Give customer c42 a loyalty discount and email them", "support");

        Map<String, Object> approval = awaitApproval(turnId);
        assertThat((List<Object>) approval.get("needApproval"))
                .containsExactly("billing.apply_discount", "email.send_confirmation");
        assertThat(approval.get("script").toString()).contains("(crm.lookup_customer, {\"customer_id\": \"c42\"})");
        assertThat(approval.get("expiresIn").toString()).matches("expires in (2 min|1 min \\d+ s)");
        assertThat(approval.get("turn")).isEqualTo(turn(turnId).get("number"));
        // While it waits, the turn already shows the script.
        Map<String, Object> waiting = turn(turnId);
        assertThat(waiting.get("status")).isEqualTo("RUNNING");
        assertThat(lastCall(waiting)).containsEntry("tool", "executeToolCode").containsEntry("result", null);
        assertThat(lastCall(waiting).get("script").toString()).contains("billing.apply_discount(");
        assertThat(lastCall(waiting)).containsEntry("approval", "waiting on the approvals panel");

        ResponseEntity<Map<String, Object>> approved = http.post().uri("/api/approvals/{id}/approve", approval.get("id"))
                .retrieve().toEntity(OBJECT);
        assertThat(approved.getStatusCode().value()).isEqualTo(200);

        Map<String, Object> done = awaitDone(turnId);
        assertThat(done.get("status")).isEqualTo("DONE");
        // the approval keeps one entry, its status replaced
        assertThat(http.get().uri("/api/approvals").retrieve().body(LIST))
                .filteredOn(a -> turnId.equals(a.get("turnId"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("id", approval.get("id")).containsEntry("status", "APPROVED")
                        .containsEntry("expiresIn", null));
        assertThat(calls(done)).extracting(c -> c.get("tool")).containsExactly("listToolFiles", "readToolFile",
                "readToolFile", "readToolFile", "readToolFile", "executeToolCode");
        assertThat(lastCall(done).get("approval").toString()).startsWith("approved after ");
        assertThat(lastCall(done).get("result").toString()).contains("\"emailed\":true").contains("\"toolCalls\":4")
                .contains("SAVE10-C42");
        assertThat(done.get("answer").toString()).startsWith("Done. Margaret Hamilton (c42)").contains("SAVE10-C42");
        List<Map<String, Object>> modelCalls = list(done.get("modelCalls"));
        // the support key sees 7 tools: standard tool calling would define those 7 on every request
        List<dev.codemode.MetaToolSpec> standard = codeMode.directSpecs(dev.codemode.access.CallContext.of("support"));
        assertThat(standard).hasSize(7);
        assertThat(modelCalls).hasSize(4).allSatisfy(m -> {
            assertThat(m).containsEntry("tools", 4).containsEntry("source", "o200k_base")
                    .doesNotContainKey("standardInputTokens");
            assertThat((Integer) m.get("inputTokens")).isPositive();
        });
        assertThat((Integer) done.get("inputTokens")).isEqualTo(
                modelCalls.stream().mapToInt(m -> (Integer) m.get("inputTokens")).sum());
        // the estimate: the script's 4 calls, the two parallel lookups one round, so 3 rounds and the answer
        @SuppressWarnings("unchecked")
        Map<String, Object> estimate = (Map<String, Object>) done.get("standard");
        assertThat(estimate).containsEntry("requests", 4).containsEntry("toolCalls", 4).containsEntry("tools", 7);
        assertThat((Integer) estimate.get("inputTokens"))
                .isGreaterThan(4 * dev.codemode.MetaToolSpec.definitionTokens(standard));
        System.out.println("demo task, support key, input tokens: " + done.get("tokenComparison"));
        assertThat(done.get("tokenComparison").toString()).isEqualTo(String.format(java.util.Locale.ROOT,
                "Code Mode %,d in (4 requests) / standard tool calling ~%,d in (estimated: 7 tool definitions on each of 4"
                        + " requests, the same 4 tool calls and results)", done.get("inputTokens"),
                estimate.get("inputTokens")));

        auditLog.flush();
        List<Map<String, Object>> rows = auditRows("\"c42\"");
        assertThat(rows).extracting(r -> r.get("server") + "." + r.get("tool")).contains("crm.lookup_customer",
                "orders.order_history", "billing.apply_discount");
        Map<String, Object> discount = rows.stream().filter(r -> "apply_discount".equals(r.get("tool"))).findFirst()
                .orElseThrow();
        assertThat(discount).containsEntry("virtualKey", "support").containsEntry("error", null);
        assertThat(((Number) discount.get("cost")).doubleValue()).isEqualTo(0.01);
        assertThat(((Number) discount.get("latencyMillis")).longValue()).isNotNegative();
        assertThat(http.get().uri("/api/audit").retrieve().body(LIST)).anySatisfy(r -> assertThat(r)
                .containsEntry("tool", "send_confirmation").containsEntry("cost", 0.005));
    }

    @Test
    void should_run_no_part_of_a_denied_script() {
        String turnId = send("Give customer c9 a loyalty discount and email them", "support");
        Map<String, Object> approval = awaitApproval(turnId);
        assertThat(http.post().uri("/api/approvals/{id}/deny", approval.get("id")).retrieve().toEntity(OBJECT)
                .getStatusCode().value()).isEqualTo(200);

        Map<String, Object> done = awaitDone(turnId);
        assertThat(done.get("answer").toString()).startsWith("I could not do it: approval denied")
                .contains("denied on the approvals page");
        assertThat(lastCall(done).get("approval").toString()).startsWith("denied after ");
        auditLog.flush();
        assertThat(auditRows("\"c9\"")).isEmpty();
        // A decided approval cannot be decided again.
        assertThat(http.post().uri("/api/approvals/{id}/approve", approval.get("id")).retrieve().toEntity(OBJECT)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void should_hide_the_tools_a_virtual_key_does_not_hold() {
        String turnId = send("Give customer c11 a loyalty discount and email them", "readonly");
        Map<String, Object> done = awaitDone(turnId);
        assertThat(calls(done).get(0).get("result").toString()).contains("servers/crm.pyi")
                .doesNotContain("billing");
        assertThat(done.get("answer").toString()).startsWith("I could not do it:");
        assertThat(http.get().uri("/api/approvals").retrieve().body(LIST))
                .noneSatisfy(a -> assertThat(a).containsEntry("turnId", turnId));
    }

    @Test
    void should_refuse_an_unknown_key_or_an_empty_message_naming_what_to_send() {
        ResponseEntity<Map<String, Object>> unknownKey = http.post().uri("/api/turns")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("message", "hello", "virtualKey", "root"))
                .retrieve().toEntity(OBJECT);
        assertThat(unknownKey.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownKey.getBody()).containsEntry("error", "unknown virtual key 'root'; keys: admin, readonly, support");

        ResponseEntity<Map<String, Object>> empty = http.post().uri("/api/turns")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("message", " ", "virtualKey", "support"))
                .retrieve().toEntity(OBJECT);
        assertThat(empty.getStatusCode().value()).isEqualTo(400);
        assertThat(empty.getBody()).containsEntry("error", "message must not be empty");
    }

    private String send(String message, String key) {
        ResponseEntity<Map<String, Object>> started = http.post().uri("/api/turns")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("message", message, "virtualKey", key))
                .retrieve().toEntity(OBJECT);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        return (String) started.getBody().get("id");
    }

    private Map<String, Object> turn(String id) {
        return http.get().uri("/api/turns/{id}", id).retrieve().body(OBJECT);
    }

    private Map<String, Object> awaitApproval(String turnId) {
        return await().atMost(WAIT).until(() -> http.get().uri("/api/approvals").retrieve().body(LIST).stream()
                .filter(a -> turnId.equals(a.get("turnId")) && "PENDING".equals(a.get("status"))).findFirst()
                .orElse(null), a -> a != null);
    }

    private Map<String, Object> awaitDone(String turnId) {
        return await().atMost(WAIT).until(() -> turn(turnId), t -> !"RUNNING".equals(t.get("status")));
    }

    private List<Map<String, Object>> auditRows(String argumentsContaining) {
        return http.get().uri("/api/audit?limit=1000").retrieve().body(LIST).stream()
                .filter(r -> r.get("arguments").toString().contains(argumentsContaining)).toList();
    }

    private static List<Map<String, Object>> calls(Map<String, Object> turn) {
        return list(turn.get("toolCalls"));
    }

    private static Map<String, Object> lastCall(Map<String, Object> turn) {
        List<Map<String, Object>> calls = calls(turn);
        return calls.get(calls.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
