package dev.codemode.samples.benchmark.live;

import dev.codemode.json.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal OpenAI-compatible chat completions client (java.net.http + Jackson): one request with
 * messages and tools, the reply's text or tool calls, and the usage the API reports.
 */
public final class OpenAiChat {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    private final String baseUrl;
    private final String apiKey;
    private final String model;

    public OpenAiChat(String baseUrl, String apiKey, String model) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.model = model;
    }

    /** From {@code OPENAI_API_KEY} (required), {@code OPENAI_BASE_URL} and {@code OPENAI_MODEL}. */
    public static OpenAiChat fromEnvironment(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("live mode needs OPENAI_API_KEY (and optionally OPENAI_BASE_URL, default "
                    + DEFAULT_BASE_URL + ", and OPENAI_MODEL, default " + DEFAULT_MODEL + ")");
        }
        String base = env.getOrDefault("OPENAI_BASE_URL", DEFAULT_BASE_URL);
        String model = env.getOrDefault("OPENAI_MODEL", DEFAULT_MODEL);
        return new OpenAiChat(base.isBlank() ? DEFAULT_BASE_URL : base, key, model.isBlank() ? DEFAULT_MODEL : model);
    }

    public String model() {
        return model;
    }

    /** One tool call of the model; {@code arguments} is the JSON text the model wrote. */
    public record ToolCall(String id, String name, String arguments) {
    }

    /** The model's reply and the tokens the API billed for the request, cached prompt tokens included. */
    public record Reply(String content, List<ToolCall> toolCalls, long promptTokens, long completionTokens,
            long cachedPromptTokens) {
        public Reply(String content, List<ToolCall> toolCalls, long promptTokens, long completionTokens) {
            this(content, toolCalls, promptTokens, completionTokens, 0);
        }
    }

    public Reply complete(List<Map<String, Object>> messages, List<Map<String, Object>> tools)
            throws IOException, InterruptedException {
        return complete(messages, tools, null);
    }

    /**
     * One request: parallel tool calls allowed (as the deterministic policy models them), temperature 0,
     * and {@code seed} when given, so several seeds sample the model's spread.
     */
    public Reply complete(List<Map<String, Object>> messages, List<Map<String, Object>> tools, Integer seed)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages);
        if (!tools.isEmpty()) {
            body.put("tools", tools);
            body.put("parallel_tool_calls", true);
        }
        body.put("temperature", 0);
        if (seed != null) {
            body.put("seed", seed);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(JsonValues.write(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String text = response.body();
            throw new IOException("chat completions answered HTTP " + response.statusCode() + ": "
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
        }
        Map<?, ?> root = (Map<?, ?>) JsonValues.parse(response.body());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) root.get("choices")).get(0)).get("message");
        List<ToolCall> calls = new ArrayList<>();
        if (message.get("tool_calls") instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> call = (Map<?, ?>) o;
                Map<?, ?> function = (Map<?, ?>) call.get("function");
                calls.add(new ToolCall(String.valueOf(call.get("id")), String.valueOf(function.get("name")),
                        function.get("arguments") == null ? "{}" : function.get("arguments").toString()));
            }
        }
        Map<?, ?> usage = root.get("usage") instanceof Map<?, ?> u ? u : Map.of();
        return new Reply(message.get("content") == null ? null : message.get("content").toString(), calls,
                number(usage.get("prompt_tokens")), number(usage.get("completion_tokens")),
                usage.get("prompt_tokens_details") instanceof Map<?, ?> d ? number(d.get("cached_tokens")) : 0);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
