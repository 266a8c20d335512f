package dev.codemode.samples.webchat;

import java.time.Duration;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.core.env.Environment;

/**
 * The model the chatbot talks to: the offline replay model, or an OpenAI-compatible one when
 * {@code OPENAI_API_KEY} is set ({@code OPENAI_BASE_URL} and {@code OPENAI_MODEL} optional).
 */
final class ChatModels {

    static final String API_KEY = "OPENAI_API_KEY";
    static final String BASE_URL = "OPENAI_BASE_URL";
    static final String MODEL = "OPENAI_MODEL";
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** A model and the line the page shows for it. */
    record Choice(ChatModel model, String label) {
    }

    private ChatModels() {
    }

    static Choice choose(Environment environment) {
        String key = environment.getProperty(API_KEY);
        if (key == null || key.isBlank()) {
            return new Choice(new ReplayChatModel(), ReplayChatModel.LABEL);
        }
        String baseUrl = environment.getProperty(BASE_URL, DEFAULT_BASE_URL);
        String model = environment.getProperty(MODEL, DEFAULT_MODEL);
        return new Choice(OpenAi.model(key, baseUrl, model), "OpenAI-compatible " + model + " at " + baseUrl);
    }

    /** Kept apart so the offline path never loads the OpenAI client classes. */
    static final class OpenAi {
        private OpenAi() {
        }

        static ChatModel model(String apiKey, String baseUrl, String model) {
            return OpenAiChatModel.builder()
                    .options(OpenAiChatOptions.builder().apiKey(apiKey).baseUrl(baseUrl).model(model)
                            .timeout(Duration.ofSeconds(120)).build())
                    .build();
        }
    }
}
