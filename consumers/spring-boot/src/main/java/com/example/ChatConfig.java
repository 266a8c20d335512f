package com.example;

import dev.codemode.spring.CodeModeToolCallbacks;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ChatConfig {

    static final String SCRIPT = "c = crm.lookup_customer(customer_id=\"c42\")\nresult = c[\"name\"]";

    /** The application's model: an offline stand-in that runs one script (a model starter's bean in a real app). */
    @Bean
    OneScriptModel chatModel() {
        return new OneScriptModel(SCRIPT);
    }

    // README, "Spring AI", as written:
    @Bean
    ChatClient chatClient(ChatClient.Builder builder, CodeModeToolCallbacks codeMode) {
        return builder.defaultTools(codeMode).build();
    }
}
