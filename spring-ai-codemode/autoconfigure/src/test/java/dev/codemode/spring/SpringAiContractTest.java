package dev.codemode.spring;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolSource;
import dev.codemode.contract.AdapterContract;
import dev.codemode.contract.AdapterHarness;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The adapter contract through Spring AI's tool types, as a {@code ChatClient} uses them: the
 * auto-configuration builds the core from {@code ToolSource} beans and a {@link CodeModeBuilderCustomizer}
 * bean, {@link CodeModeToolCallbacks#forCaller} offers the tools, and a call goes to the callback of that
 * name with the caller in its {@link ToolContext}.
 */
class SpringAiContractTest extends AdapterContract {

    @Override
    protected AdapterHarness adapter(List<ToolSource> sources, Consumer<CodeMode.Builder> core) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        for (ToolSource source : sources) {
            context.registerBean(source.serverName() + "Tools", ToolSource.class, () -> source);
        }
        context.registerBean("contractCustomizer", CodeModeBuilderCustomizer.class, () -> core::accept);
        context.register(CodeModeAutoConfiguration.class);
        context.refresh();
        CodeModeToolCallbacks callbacks = context.getBean(CodeModeToolCallbacks.class);
        return new AdapterHarness() {
            @Override
            public List<String> offeredTools(CallContext caller) {
                return Arrays.stream(callbacks.forCaller(caller)).map(c -> c.getToolDefinition().name()).toList();
            }

            @Override
            public Reply call(String toolName, String argumentsJson, CallContext caller) {
                return Arrays.stream(callbacks.forCaller(caller)).filter(c -> c.getToolDefinition().name().equals(toolName))
                        .findFirst().map(c -> new Reply(c.call(argumentsJson, toolContext(caller)), null)).orElse(null);
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    private static ToolContext toolContext(CallContext caller) {
        return new ToolContext(AdapterHarness.callerEntries(caller, CodeModeToolCallbacks.VIRTUAL_KEY,
                CodeModeToolCallbacks.PARENT_REQUEST_ID));
    }
}
