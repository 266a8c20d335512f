package dev.codemode.spring;

import java.util.List;

import dev.codemode.CodeMode;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * The four meta-tools as Spring AI tool callbacks: hand this bean to a {@code ChatClient}
 * ({@code .defaultTools(codeModeToolCallbacks)}) and the model sees four tools instead of every MCP
 * tool definition. The per-request caller travels in the tool context:
 * {@code .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key))}.
 */
public final class CodeModeToolCallbacks implements ToolCallbackProvider {

    /** Tool-context key of the caller's virtual key. */
    public static final String VIRTUAL_KEY = "virtualKey";
    /** Tool-context key of the request (chat turn) id recorded with every audit record. */
    public static final String PARENT_REQUEST_ID = "parentRequestId";

    private final List<CodeModeToolCallback> callbacks;

    public CodeModeToolCallbacks(CodeMode codeMode) {
        this.callbacks = codeMode.specs().stream().map(spec -> new CodeModeToolCallback(codeMode, spec)).toList();
    }

    @Override
    public ToolCallback[] getToolCallbacks() {
        return callbacks.toArray(ToolCallback[]::new);
    }
}
