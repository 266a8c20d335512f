package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.CodeModeAgent;
import dev.codemode.samples.benchmark.agents.StandardAgent;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.agents.ToolSearchAgent;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.live.LiveBenchmark;
import dev.codemode.samples.benchmark.live.OpenAiChat;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RoundResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live mode against a tiny local OpenAI-compatible server that plays the model: it calls the tool
 * each toolbox offers for task T01, then answers with the email it read from the tool result.
 */
class LiveBenchmarkTest {

    static final Pattern EMAIL = Pattern.compile("[a-z]+\\.[a-z]+\\d+@example\\.com");
    static DemoServers.Http demo;
    static HttpServer server;
    static final List<Map<?, ?>> requests = new ArrayList<>();
    static final AtomicLong promptTokens = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServers.startHttp(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            Map<?, ?> body = (Map<?, ?>) JsonValues.parse(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            synchronized (requests) {
                requests.add(body);
            }
            byte[] out = JsonValues.write(reply(body, exchange.getRequestHeaders().getFirst("Authorization")))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestHeaders().getFirst("Authorization").equals("Bearer test-key")
                    ? 200 : 401, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        demo.close();
    }

    static Map<String, Object> reply(Map<?, ?> body, String auth) {
        List<?> messages = (List<?>) body.get("messages");
        Map<?, ?> last = (Map<?, ?>) messages.get(messages.size() - 1);
        List<String> tools = new ArrayList<>();
        if (body.get("tools") instanceof List<?> list) {
            list.forEach(t -> tools.add(((Map<?, ?>) ((Map<?, ?>) t).get("function")).get("name").toString()));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        Matcher m = EMAIL.matcher(String.valueOf(last.get("content")));
        if (last.get("role").equals("tool") && m.find()) {
            message.put("content", "Here it is: {\"email\": \"" + m.group() + "\"}");
        } else {
            String name;
            Map<String, Object> args;
            if (tools.contains("executeToolCode")) {
                name = "executeToolCode";
                args = Map.of("code", "result = {\"email\": crm.lookup_customer(customer_id=\"c42\")[\"email\"]}");
            } else if (tools.contains("crm_lookup_customer")) {
                name = "crm_lookup_customer";
                args = Map.of("customer_id", "c42");
            } else {
                name = ToolSearchAgent.SEARCH;
                args = Map.of("query", "customer email");
            }
            message.put("content", null);
            message.put("tool_calls", List.of(Map.of("id", "call_" + messages.size(), "type", "function",
                    "function", Map.of("name", name, "arguments", JsonValues.write(args)))));
        }
        long prompt = JsonValues.write(body).length() / 4;
        promptTokens.addAndGet(prompt);
        return Map.of("id", "x", "object", "chat.completion", "choices", List.of(Map.of("index", 0, "message", message,
                "finish_reason", "stop")), "usage", Map.of("prompt_tokens", prompt, "completion_tokens", 11,
                "total_tokens", prompt + 11, "prompt_tokens_details", Map.of("cached_tokens", prompt / 2)));
    }

    OpenAiChat chat(String key) {
        return OpenAiChat.fromEnvironment(Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/", "OPENAI_MODEL", "stub-model"));
    }

    @Test
    void should_run_each_agent_against_the_model_and_record_the_reported_usage() throws Exception {
        Task t01 = TaskSuite.all().get(0);
        TokenMeter meter = new TokenMeter();
        try (RoundCatalog catalog = RoundCatalog.open(1, 4, demo);
                Agent standard = new StandardAgent(catalog, meter);
                Agent search = new ToolSearchAgent(catalog, meter);
                Agent codeMode = new CodeModeAgent(catalog, meter)) {
            for (Agent agent : List.of(standard, search, codeMode)) {
                requests.clear();
                promptTokens.set(0);
                AgentRun run = LiveBenchmark.run(t01, agent.toolbox(), chat("test-key"));
                assertThat(run.passed()).as(agent.key()).isTrue();
                assertThat(run.inputTokens()).isEqualTo(promptTokens.get());
                assertThat(run.outputTokens()).isEqualTo(11L * run.requests());
                assertThat(run.requests()).isEqualTo(requests.size());
                Map<?, ?> first = requests.get(0);
                assertThat(first.get("model")).isEqualTo("stub-model");
                assertThat(((List<?>) first.get("messages")).get(0).toString()).contains(Agent.SYSTEM);
            }
            // standard: 4 definitions on each request; tool search: the search tool, then what it found
            assertThat(standard.toolbox().tools()).hasSize(4);
            assertThat(((List<?>) requests.get(0).get("tools"))).hasSize(4); // the four meta-tools
        }
    }

    @Test
    void should_allow_parallel_calls_send_each_seed_and_record_cached_tokens() throws Exception {
        TokenMeter meter = new TokenMeter();
        requests.clear();
        List<RoundResult> rounds = LiveBenchmark.run(List.of(new TokenBenchmark.RoundSpec(1, 4)),
                List.of(TaskSuite.all().get(0)), Prices.EXAMPLE, chat("test-key"), 2, demo,
                new PrintStream(OutputStream.nullOutputStream()));

        // two seeds per agent, every run counted
        assertThat(rounds.get(0).agents()).allSatisfy(a -> assertThat(a.tasks()).hasSize(2));
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.get("parallel_tool_calls")).isEqualTo(true);
            assertThat(r.get("temperature")).isEqualTo(0);
        });
        assertThat(requests.stream().map(r -> String.valueOf(r.get("seed"))).distinct().toList())
                .containsExactlyInAnyOrder("1", "2");
        assertThat(rounds.get(0).agents()).allSatisfy(a -> assertThat(a.cachedInputTokens()).isPositive()
                .isLessThan(a.inputTokens()));
    }

    @Test
    void should_fail_the_task_when_the_model_answers_wrongly() throws Exception {
        Task wrong = TaskSuite.all().get(0).withExpected(Map.of("email", "nobody@example.com"));
        try (RoundCatalog catalog = RoundCatalog.open(1, 4, demo);
                Agent standard = new StandardAgent(catalog, new TokenMeter())) {
            assertThat(LiveBenchmark.run(wrong, standard.toolbox(), chat("test-key")).passed()).isFalse();
        }
    }

    @Test
    void should_report_http_errors_and_a_missing_key() {
        assertThatThrownBy(() -> OpenAiChat.fromEnvironment(Map.of())).hasMessageContaining("OPENAI_API_KEY");
        assertThatThrownBy(() -> chat("wrong-key").complete(List.of(Map.of("role", "user", "content", "hi")), List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 401");
    }
}
