package dev.codemode.spring;

import java.util.Map;
import java.util.Objects;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolSpec;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * One meta-tool as a Spring AI tool callback. The caller comes from the {@link ToolContext}: the
 * virtual key under {@value CodeModeToolCallbacks#VIRTUAL_KEY}, the parent request id under
 * {@value CodeModeToolCallbacks#PARENT_REQUEST_ID}. Neither travels further: upstream MCP calls are
 * made by the core with the script's arguments only.
 *
 * <p>Errors come back as the result text, written for the model, so the conversation goes on.
 */
public final class CodeModeToolCallback implements ToolCallback {

    private final CodeMode codeMode;
    private final String name;
    private final ToolDefinition definition;

    CodeModeToolCallback(CodeMode codeMode, MetaToolSpec spec) {
        this.codeMode = Objects.requireNonNull(codeMode, "codeMode");
        this.name = spec.name();
        this.definition = DefaultToolDefinition.builder()
                .name(spec.name())
                .description(spec.description())
                .inputSchema(JsonValues.write(spec.inputSchema()))
                .build();
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return definition;
    }

    @Override
    public String call(String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(String toolInput, @Nullable ToolContext toolContext) {
        return codeMode.call(name, toolInput, callContext(toolContext)).text(); // blank input: the core reads no arguments
    }

    static CallContext callContext(@Nullable ToolContext toolContext) {
        if (toolContext == null) {
            return CallContext.anonymous();
        }
        Map<String, Object> context = toolContext.getContext();
        return new CallContext(text(context.get(CodeModeToolCallbacks.VIRTUAL_KEY)),
                text(context.get(CodeModeToolCallbacks.PARENT_REQUEST_ID)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "CodeModeToolCallback[" + name + "]";
    }
}
