package dev.codemode.langchain4j;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolSource;
import dev.codemode.contract.AdapterContract;
import dev.codemode.contract.AdapterHarness;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The adapter contract through LangChain4j's tool types, as AiServices uses them: the tools come from
 * {@code provideTools} for the request's invocation, a call goes to the executor offered with the tool,
 * and the caller travels as the invocation parameters {@code virtualKey} and {@code parentRequestId}.
 */
class LangChain4jContractTest extends AdapterContract {

    @Override
    protected AdapterHarness adapter(List<ToolSource> sources, Consumer<CodeMode.Builder> core) {
        CodeModeToolProvider provider = CodeModeToolProvider.builder().toolSources(sources).codeMode(core).build();
        return new AdapterHarness() {
            @Override
            public List<String> offeredTools(CallContext caller) {
                return provide(caller).tools().keySet().stream().map(ToolSpecification::name).toList();
            }

            @Override
            public Reply call(String toolName, String argumentsJson, CallContext caller) {
                Map<ToolSpecification, ToolExecutor> offered = provide(caller).tools();
                // A name the model was not offered (a stale or made-up one) reaches the executor of any tool.
                ToolExecutor executor = offered.entrySet().stream().filter(e -> e.getKey().name().equals(toolName))
                        .map(Map.Entry::getValue).findFirst().orElse(offered.values().iterator().next());
                ToolExecutionResult result = executor.executeWithContext(
                        ToolExecutionRequest.builder().id("call-1").name(toolName).arguments(argumentsJson).build(),
                        invocation(caller));
                return new Reply(result.resultText(), result.isError());
            }

            private ToolProviderResult provide(CallContext caller) {
                return provider.provideTools(ToolProviderRequest.builder().invocationContext(invocation(caller))
                        .userMessage(UserMessage.from("hi")).build());
            }

            @Override
            public void close() {
                provider.close();
            }
        };
    }

    private static InvocationContext invocation(CallContext caller) {
        return InvocationContext.builder().chatMemoryId("memory-1").invocationParameters(InvocationParameters.from(
                AdapterHarness.callerEntries(caller, CodeModeToolProvider.VIRTUAL_KEY,
                        CodeModeToolProvider.PARENT_REQUEST_ID))).build();
    }
}
