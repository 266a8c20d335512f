package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.mock.env.MockEnvironment;

class ChatModelsTest {

    @Test
    void should_use_the_offline_replay_model_without_an_api_key() {
        ChatModels.Choice choice = ChatModels.choose(new MockEnvironment().withProperty("OPENAI_API_KEY", " "));
        assertThat(choice.model()).isInstanceOf(ReplayChatModel.class);
        assertThat(choice.label()).startsWith("offline replay model");
    }

    @Test
    void should_wire_an_openai_compatible_model_from_the_environment_without_calling_it() {
        ChatModels.Choice choice = ChatModels.choose(new MockEnvironment()
                .withProperty("OPENAI_API_KEY", "sk-test")
                .withProperty("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
                .withProperty("OPENAI_MODEL", "local-model"));
        assertThat(choice.model()).isInstanceOf(OpenAiChatModel.class);
        OpenAiChatOptions options = (OpenAiChatOptions) choice.model().getOptions();
        assertThat(options.getModel()).isEqualTo("local-model");
        assertThat(options.getBaseUrl()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(choice.label()).isEqualTo("OpenAI-compatible local-model at http://127.0.0.1:9/v1");
    }

    @Test
    void should_default_to_openai_and_gpt_4o_mini() {
        ChatModels.Choice choice = ChatModels.choose(new MockEnvironment().withProperty("OPENAI_API_KEY", "sk-test"));
        OpenAiChatOptions options = (OpenAiChatOptions) choice.model().getOptions();
        assertThat(options.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(options.getBaseUrl()).isEqualTo("https://api.openai.com/v1");
    }
}
