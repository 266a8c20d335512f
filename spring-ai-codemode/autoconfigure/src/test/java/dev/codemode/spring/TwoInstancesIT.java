package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.approval.ApprovalQueue;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.approval.JdbcApprovalStore;
import dev.codemode.json.JsonValues;
import dev.codemode.samples.servers.DemoServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Two instances of one application (two Spring contexts, each with its own web server, MCP clients, audit
 * log and approval queue) on one database: PostgreSQL when {@code CODEMODE_TEST_POSTGRES_URL} is set,
 * otherwise one H2 in-memory database both contexts of this JVM share. Real MCP servers (the demo servers
 * over streamable HTTP). A script parked on A is decided through B's {@code codemodeapprovals} endpoint
 * and completes (or is denied) on A; a decision the authoriser refuses changes nothing; 20 concurrent
 * executions spread over both, each approved through the other instance, leave every execution and tool
 * call in the one audit table, none lost, none duplicated. Prints the decision-to-resume latency and
 * the throughput it measured.
 */
class TwoInstancesIT {

    /** Looks a customer up (auto-executed) and sends an email (needs approval): two tool calls. */
    static final String SCRIPT = """
            c = crm.lookup_customer(customer_id="c42")
            m = email.send_confirmation(to=c["email"], subject="Your order", body="Thanks")
            result = m["message_id"]
            """;
    /** 200 ms unless -DtwoInstances.pollMillis says otherwise (to measure another interval). */
    static final Duration POLL = Duration.ofMillis(Long.getLong("twoInstances.pollMillis", 200));

    static DemoServers.Http demo;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static String database;
    static String prefix;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** Anyone may decide, except scripts of the "intern" key: only their mentor decides those. */
        @Bean
        ApprovalAuthorizer approvalAuthorizer() {
            return (decider, approval) -> "intern".equals(approval.callerKeyId()) && !decider.name().equals("mentor")
                    ? ApprovalAuthorizer.Verdict.refuse("interns' scripts are approved by their mentor")
                    : ApprovalAuthorizer.Verdict.allow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServers.startHttp(0);
        String pg = System.getenv("CODEMODE_TEST_POSTGRES_URL");
        database = pg == null ? "H2 (in-memory, shared by both contexts of this JVM)" : "PostgreSQL";
        String url = pg != null ? pg : "jdbc:h2:mem:two-instances-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        prefix = "two_" + UUID.randomUUID().toString().substring(0, 8);
        a = instance("A", url, pg != null);
        b = instance("B", url, pg != null);
    }

    static ConfigurableApplicationContext instance(String name, String url, boolean postgres) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.application.name=two-instances-" + name,
                "spring.datasource.url=" + url,
                "spring.ai.codemode.audit.sink=jdbc",
                "spring.ai.codemode.audit.table-prefix=" + prefix,
                "spring.ai.codemode.approvals.enabled=true",
                "spring.ai.codemode.approvals.store=jdbc",
                "spring.ai.codemode.approvals.timeout=60s",
                "spring.ai.codemode.approvals.poll-interval=" + POLL.toMillis() + "ms",
                "spring.ai.codemode.approvals.instance-id=" + name,
                "spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                "spring.ai.codemode.virtual-keys.support.tools[0]=*",
                "spring.ai.codemode.virtual-keys.intern.tools[0]=*",
                "spring.ai.codemode.warm-up=false",
                "management.endpoints.web.exposure.include=codemodeapprovals",
                "spring.datasource.hikari.maximum-pool-size=10"));
        if (postgres) {
            properties.add("spring.datasource.username=codemode");
            properties.add("spring.datasource.password=codemode");
        }
        for (String server : List.of("crm", "email")) {
            properties.add("spring.ai.mcp.client.streamable-http.connections." + server + ".url=http://127.0.0.1:"
                    + demo.port());
            properties.add("spring.ai.mcp.client.streamable-http.connections." + server + ".endpoint=/" + server
                    + "/mcp");
        }
        return new SpringApplicationBuilder(App.class).properties(properties.toArray(String[]::new)).run();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] { a, b }) {
            if (c != null) {
                c.close();
            }
        }
        if (demo != null) {
            demo.close();
        }
    }

    static int port(ConfigurableApplicationContext c) {
        return ((WebServerApplicationContext) c).getWebServer().getPort();
    }

    static String execute(ConfigurableApplicationContext on, String key, String turn) {
        ToolCallback[] callbacks = on.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
        return CodeModeAutoConfigurationTest.execute(callbacks, SCRIPT, Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key,
                CodeModeToolCallbacks.PARENT_REQUEST_ID, turn));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(ConfigurableApplicationContext via) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(via)
                + "/actuator/codemodeapprovals")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) JsonValues.parse(r.body());
    }

    static HttpResponse<String> decide(ConfigurableApplicationContext via, String id, String decision, String reason)
            throws Exception {
        String body = JsonValues.write(Map.of("decision", decision, "reason", reason));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(via)
                + "/actuator/codemodeapprovals/" + id)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> awaitParked(ConfigurableApplicationContext via, String turn) throws Exception {
        for (int i = 0; i < 2000; i++) {
            for (Map<String, Object> p : list(via)) {
                if (turn.equals(p.get("parentRequestId"))) {
                    return p;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the script of " + turn + " was never parked");
    }

    static JdbcAuditSink audit() {
        a.getBean(AuditLog.class).flush();
        b.getBean(AuditLog.class).flush();
        return (JdbcAuditSink) a.getBean(AuditSink.class);
    }

    @Test
    void scriptsParkedOnOneInstanceAreDecidedThroughTheOtherAndEveryRecordLandsInOneTable() throws Exception {
        System.out.println("TwoInstancesIT database: " + database);
        assertThat(a.getBean(ApprovalQueue.class).store()).isInstanceOf(JdbcApprovalStore.class);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            // 1. Parked on A, approved through B's HTTP operation, completes on A.
            Future<String> approved = pool.submit(() -> execute(a, "support", "t-approve"));
            Map<String, Object> parked = awaitParked(b, "t-approve");
            assertThat(parked.get("instanceId")).isEqualTo("A");
            assertThat(parked.get("needApproval")).isEqualTo(List.of("email.send_confirmation"));
            HttpResponse<String> ok = decide(b, (String) parked.get("id"), "approve", "checked");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(approved.get(10, TimeUnit.SECONDS)).contains("\"result\":\"m").contains("\"toolCalls\":2");
            assertThat(decide(b, (String) parked.get("id"), "deny", "").statusCode()).isEqualTo(409);

            // 2. Denied through B: denied on A, nothing sent.
            Future<String> denied = pool.submit(() -> execute(a, "support", "t-deny"));
            parked = awaitParked(b, "t-deny");
            assertThat(decide(b, (String) parked.get("id"), "deny", "wrong customer").statusCode()).isEqualTo(200);
            assertThat(denied.get(10, TimeUnit.SECONDS)).contains("approval denied (an approver declined: wrong"
                    + " customer)").contains("\"toolCalls\":0");

            // 3. A decision the authoriser refuses changes nothing: the script still waits, then is denied.
            Future<String> intern = pool.submit(() -> execute(a, "intern", "t-intern"));
            // The endpoint does not even list it to someone who may not decide it; the mentor sees it.
            ApprovalQueue queueB = b.getBean(ApprovalQueue.class);
            String internId = null;
            for (int i = 0; i < 2000 && internId == null; i++) {
                internId = queueB.pending(dev.codemode.approval.Decider.named("mentor")).stream()
                        .filter(p -> "t-intern".equals(p.parentRequestId())).map(p -> p.id()).findFirst().orElse(null);
                Thread.sleep(5);
            }
            assertThat(internId).as("the intern's script was never parked").isNotNull();
            assertThat(list(b)).extracting(p -> p.get("parentRequestId")).doesNotContain("t-intern");
            HttpResponse<String> refused = decide(b, internId, "approve", "");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("interns' scripts are approved by their mentor");
            Thread.sleep(POLL.toMillis() * 3);
            assertThat(intern.isDone()).isFalse();
            assertThat(queueB.find(internId).orElseThrow().isPending()).isTrue();
            // The mentor (whom this test's authoriser allows) denies it through B's queue.
            assertThat(queueB.decide(internId, ApprovalQueue.Choice.DENY,
                    dev.codemode.approval.Decider.named("mentor"), "not yet").isDecided()).isTrue();
            assertThat(intern.get(10, TimeUnit.SECONDS)).contains("approval denied");

            long executionsBefore = audit().executionCount();
            long callsBefore = audit().toolCallCount();
            assertThat(executionsBefore).isEqualTo(3);
            assertThat(callsBefore).isEqualTo(2);

            // 4. Twenty concurrent executions over A and B, each approved through the other instance.
            int n = 20;
            Map<String, Long> finished = new ConcurrentHashMap<>();
            Map<String, Long> decidedAt = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String turn = "load-" + i;
                ConfigurableApplicationContext on = i % 2 == 0 ? a : b;
                runs.add(pool.submit(() -> {
                    String out = execute(on, "support", turn);
                    finished.put(turn, System.nanoTime());
                    return out;
                }));
            }
            Set<String> decided = Collections.synchronizedSet(new HashSet<>());
            while (decided.size() < n && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
                for (ConfigurableApplicationContext lister : List.of(a, b)) {
                    for (Map<String, Object> p : list(lister)) {
                        String turn = (String) p.get("parentRequestId");
                        if (turn == null || !turn.startsWith("load-") || decided.contains(turn)) {
                            continue;
                        }
                        ConfigurableApplicationContext other = "A".equals(p.get("instanceId")) ? b : a;
                        HttpResponse<String> r = decide(other, (String) p.get("id"), "approve", "");
                        decidedAt.put(turn, System.nanoTime());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        decided.add(turn);
                    }
                }
            }
            for (Future<String> run : runs) {
                assertThat(run.get(30, TimeUnit.SECONDS)).contains("\"toolCalls\":2").doesNotContain("error");
            }
            long wallNanos = System.nanoTime() - t0;
            List<Long> latencies = new ArrayList<>();
            decidedAt.forEach((turn, at) -> latencies.add(TimeUnit.NANOSECONDS.toMillis(finished.get(turn) - at)));
            Collections.sort(latencies);

            JdbcAuditSink sink = audit();
            assertThat(sink.executionCount()).isEqualTo(executionsBefore + n);
            assertThat(sink.toolCallCount()).isEqualTo(callsBefore + 2L * n);
            List<JdbcAuditSink.ExecutionRow> rows = sink.recentExecutions(1000);
            Map<String, Integer> perTurn = new HashMap<>();
            rows.forEach(r -> perTurn.merge(r.parentRequestId(), 1, Integer::sum));
            for (int i = 0; i < n; i++) {
                assertThat(perTurn.get("load-" + i)).as("execution rows of load-" + i).isEqualTo(1);
            }
            assertThat(rows).filteredOn(r -> r.parentRequestId().startsWith("load-"))
                    .allSatisfy(r -> {
                        assertThat(r.approval()).isEqualTo("approved");
                        assertThat(r.toolCalls()).isEqualTo(2);
                    });
            Map<String, Integer> callsPerExecution = new HashMap<>();
            sink.recentToolCalls(1000).forEach(c -> callsPerExecution.merge(c.executionId(), 1, Integer::sum));
            rows.stream().filter(r -> r.parentRequestId().startsWith("load-"))
                    .forEach(r -> assertThat(callsPerExecution.get(r.executionId())).isEqualTo(2));
            assertThat(list(a)).isEmpty();

            System.out.printf("TwoInstancesIT on %s, poll interval %d ms: %d executions over 2 instances in %d ms"
                    + " (%.1f executions/s, approvals included); decision-to-resume latency min %d ms, median %d ms,"
                    + " max %d ms%n", database, POLL.toMillis(), n, TimeUnit.NANOSECONDS.toMillis(wallNanos),
                    n * 1e9 / wallNanos, latencies.get(0), latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1));
        } finally {
            pool.shutdownNow();
        }
    }
}
