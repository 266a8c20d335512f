package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.codemode.MetaToolSpec;
import dev.codemode.CodeMode;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a ChatClient request offers the model in each exposure mode, per virtual key. */
class ExposureModesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class, CodeModeAutoConfigurationTest.BillingTools.class)
            .withPropertyValues("spring.ai.codemode.virtual-keys.reader.tools[0]=crm.lookup_customer",
                    "spring.ai.codemode.virtual-keys.admin.tools[0]=*",
                    "spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer");

    /** Tools offered in one ChatClient request for {@code key}, with the callbacks for that key. */
    private static List<String> offered(CodeModeToolCallbacks callbacks, String key) {
        List<String> names = new ArrayList<>();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse call(Prompt prompt) {
                if (prompt.getOptions() instanceof ToolCallingChatOptions options && options.getToolCallbacks() != null) {
                    options.getToolCallbacks().forEach(c -> names.add(c.getToolDefinition().name()));
                }
                return new ChatResponse(List.of(new Generation(new AssistantMessage("ok"))));
            }

            @Override
            public ChatOptions getOptions() {
                return ToolCallingChatOptions.builder().build();
            }
        };
        ChatClient.builder(model).build().prompt().user("hi").tools((Object[]) callbacks.forKey(key))
                .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key)).call().content();
        return names;
    }

    private static String call(ToolCallback[] callbacks, String name, String input, String key) {
        ToolCallback callback = Arrays.stream(callbacks).filter(c -> c.getToolDefinition().name().equals(name))
                .findFirst().orElseThrow();
        return callback.call(input, new ToolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key)));
    }

    @Test
    void codeModeWithDirectToolsOffersBoth() {
        runner.withPropertyValues("spring.ai.codemode.direct-tools[0]=crm.lookup_customer").run(context -> {
            CodeModeToolCallbacks callbacks = context.getBean(CodeModeToolCallbacks.class);
            assertThat(offered(callbacks, "reader")).containsExactly("listToolFiles", "readToolFile", "getToolDocs",
                    "executeToolCode", "crm__lookup_customer");
            assertThat(call(callbacks.forKey("reader"), "crm__lookup_customer", "{\"id\":\"c1\"}", "reader"))
                    .contains("Ada");
        });
    }

    @Test
    void directOffersEachKeyItsOwnView() {
        runner.withPropertyValues("spring.ai.codemode.exposure=direct").run(context -> {
            CodeModeToolCallbacks callbacks = context.getBean(CodeModeToolCallbacks.class);
            assertThat(offered(callbacks, "reader")).containsExactly("crm__lookup_customer");
            assertThat(offered(callbacks, "admin")).containsExactlyInAnyOrder("crm__lookup_customer",
                    "crm__delete_customer", "billing__balance");
            // governed like a script call: approval is still needed for a destructive tool
            assertThat(call(callbacks.forKey("admin"), "crm__delete_customer", "{\"id\":\"c1\"}", "admin"))
                    .contains("approval denied");
            assertThat(context.getBean(CodeModeAutoConfigurationTest.CrmTools.class).deletes.get()).isZero();
            // a callback handed to the wrong caller still runs for the caller in its tool context
            assertThat(call(callbacks.forKey("admin"), "billing__balance", "{\"id\":\"c1\"}", "reader"))
                    .doesNotContain("12.5");
        });
    }

    @Test
    void autoDecidesPerKey() {
        runner.withPropertyValues("spring.ai.codemode.exposure=direct").run(context -> {
            CodeModeToolCallbacks callbacks = context.getBean(CodeModeToolCallbacks.class);
            int reader = MetaToolSpec.definitionTokens(context.getBean(dev.codemode.CodeMode.class)
                    .specs(dev.codemode.access.CallContext.of("reader")));
            int admin = MetaToolSpec.definitionTokens(context.getBean(dev.codemode.CodeMode.class)
                    .specs(dev.codemode.access.CallContext.of("admin")));
            runner.withPropertyValues("spring.ai.codemode.exposure=auto",
                    "spring.ai.codemode.auto-threshold-tokens=" + (reader + admin) / 2).run(auto -> {
                        CodeModeToolCallbacks autoCallbacks = auto.getBean(CodeModeToolCallbacks.class);
                        assertThat(offered(autoCallbacks, "reader")).containsExactly("executeToolCode",
                                "crm__lookup_customer");
                        assertThat(offered(autoCallbacks, "admin")).containsExactly("listToolFiles", "readToolFile",
                                "getToolDocs", "executeToolCode");
                    });
            assertThat(callbacks).isNotNull();
        });
    }

    @Test
    void unknownDirectToolsStopStartUp() {
        runner.withPropertyValues("spring.ai.codemode.direct-tools[0]=crm.lookup").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("direct-tools[0] = crm.lookup: server crm has no such tool"));
    }
}
