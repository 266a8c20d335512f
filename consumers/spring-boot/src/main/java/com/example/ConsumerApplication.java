package com.example;

import dev.codemode.spring.CodeModeToolCallbacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application (the starter, the README's application.yml) against the demo crm server, runs
 * one chat turn with the README's per-request code, and checks that Code Mode ran the model's script
 * (customer c42's name came back) and that GET /actuator/codemode answers 200. Exit code 0 or 1.
 */
@SpringBootApplication
public class ConsumerApplication {

    static final String EXPECTED = "{\"result\":\"Margaret Hamilton\"";   // DemoData: c42

    public static void main(String[] args) throws Exception {
        int code;
        try (ConfigurableApplicationContext context = SpringApplication.run(ConsumerApplication.class, args)) {
            code = check(context);
        }
        System.exit(code);
    }

    static int check(ConfigurableApplicationContext context) throws Exception {
        ChatClient chatClient = context.getBean(ChatClient.class);
        String question = "What is the name of customer c42?";
        String turnId = UUID.randomUUID().toString();

        // README, "Spring AI", as written:
        // per request: who is calling (virtual key) and which chat turn led to the tool calls
        chatClient.prompt().user(question)
                .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "support",
                        CodeModeToolCallbacks.PARENT_REQUEST_ID, turnId))
                .call().content();

        String answer = context.getBean(OneScriptModel.class).lastAnswer();
        System.out.println("answer: " + answer);
        if (answer == null || !answer.startsWith(EXPECTED)) {
            System.err.println("FAILED: expected an executeToolCode result starting with " + EXPECTED);
            return 1;
        }

        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> endpoint = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/codemode")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("GET /actuator/codemode: " + endpoint.statusCode() + " "
                + endpoint.body().substring(0, Math.min(200, endpoint.body().length())));
        if (endpoint.statusCode() != 200 || !endpoint.body().contains("crm")) {
            System.err.println("FAILED: expected 200 and the crm server from GET /actuator/codemode");
            return 1;
        }
        System.out.println("OK: Spring Boot consumer ran one script through Code Mode; /actuator/codemode answers");
        return 0;
    }
}
