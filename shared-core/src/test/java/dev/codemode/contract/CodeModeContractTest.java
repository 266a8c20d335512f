package dev.codemode.contract;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolSource;
import java.util.List;
import java.util.function.Consumer;

/** The contract against {@code CodeMode} itself: what the adapters add must not take anything away. */
class CodeModeContractTest extends AdapterContract {

    @Override
    protected AdapterHarness adapter(List<ToolSource> sources, Consumer<CodeMode.Builder> core) {
        CodeMode.Builder builder = CodeMode.builder().toolSources(sources);
        core.accept(builder);
        CodeMode codeMode = builder.build();
        return new AdapterHarness() {
            @Override
            public List<String> offeredTools(CallContext caller) {
                return codeMode.specs(caller).stream().map(MetaToolSpec::name).toList();
            }

            @Override
            public Reply call(String toolName, String argumentsJson, CallContext caller) {
                MetaToolResult result = codeMode.call(toolName, argumentsJson, caller);
                return new Reply(result.text(), result.isError());
            }

            @Override
            public void close() {
                codeMode.close();
            }
        };
    }
}
