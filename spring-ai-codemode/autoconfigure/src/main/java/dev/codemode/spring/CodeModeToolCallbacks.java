package dev.codemode.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolSpec;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * The four meta-tools as Spring AI tool callbacks: hand this bean to a {@code ChatClient}
 * ({@code .defaultTools(codeModeToolCallbacks)}) and the model sees four tools instead of every MCP
 * tool definition. The per-request caller travels in the tool context:
 * {@code .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key))}.
 *
 * <p>With direct tools or another exposure mode ({@code spring.ai.codemode.exposure}), what a caller is
 * offered depends on its view: pass {@link #forKey(String)} to the request ({@code .tools(...)}) so the
 * model sees that caller's set. Whatever the callbacks offered, a call is run for the caller named in
 * its own tool context.
 */
public final class CodeModeToolCallbacks implements ToolCallbackProvider {

    /** Tool-context key of the caller's virtual key. */
    public static final String VIRTUAL_KEY = "virtualKey";
    /** Tool-context key of the request (chat turn) id recorded with every audit record. */
    public static final String PARENT_REQUEST_ID = "parentRequestId";

    private final CodeMode codeMode;
    private final Map<List<MetaToolSpec>, ToolCallback[]> callbacks = new ConcurrentHashMap<>();

    public CodeModeToolCallbacks(CodeMode codeMode) {
        this.codeMode = codeMode;
    }

    /** The tools for a request without a virtual key (the default key's, when one is set). */
    @Override
    public ToolCallback[] getToolCallbacks() {
        return forCaller(CallContext.anonymous());
    }

    /** The tools offered to the caller with this virtual key. */
    public ToolCallback[] forKey(String virtualKey) {
        return forCaller(CallContext.of(virtualKey));
    }

    /** The tools offered to this caller: the meta-tools, direct tools, or both, by the exposure mode. */
    public ToolCallback[] forCaller(CallContext caller) {
        List<MetaToolSpec> specs = codeMode.specs(caller);
        return callbacks.computeIfAbsent(specs,
                offered -> offered.stream().map(spec -> new CodeModeToolCallback(codeMode, spec))
                        .toArray(ToolCallback[]::new)).clone();
    }
}
