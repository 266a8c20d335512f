package dev.codemode.samples.webchat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A web chatbot on the demo MCP servers through Code Mode for Spring AI: the chat page shows each
 * turn's meta-tool calls, script, result and tokens; scripts that call tools outside the
 * auto-execute list wait on the approvals panel; the audit page lists every tool call from the
 * database. Offline by default with a deterministic replay model; a real OpenAI-compatible model when
 * {@code OPENAI_API_KEY} is set.
 */
@SpringBootApplication
@EnableConfigurationProperties(ChatbotProperties.class)
public class WebChatbotApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebChatbotApplication.class, args);
    }
}
