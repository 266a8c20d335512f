package dev.codemode.samples.webchat;

import java.util.Optional;

import dev.codemode.spring.CodeModeToolCallbacks;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A meta-tool callback that also records the call and its result on the turn named by the tool
 * context's parent request id, so the page shows a script while it waits for approval.
 */
final class RecordingToolCallback implements ToolCallback {

    private final ToolCallback delegate;
    private final TurnLog turns;

    RecordingToolCallback(ToolCallback delegate, TurnLog turns) {
        this.delegate = delegate;
        this.turns = turns;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return delegate.getToolDefinition();
    }

    @Override
    public ToolMetadata getToolMetadata() {
        return delegate.getToolMetadata();
    }

    @Override
    public String call(String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(String toolInput, ToolContext toolContext) {
        Optional<Turn> turn = turns.find(toolContext == null ? null
                : (String) toolContext.getContext().get(CodeModeToolCallbacks.PARENT_REQUEST_ID));
        int index = turn.map(t -> t.toolCalled(getToolDefinition().name(), toolInput)).orElse(-1);
        long started = System.nanoTime();
        String result = delegate.call(toolInput, toolContext);
        long millis = (System.nanoTime() - started) / 1_000_000;
        turn.ifPresent(t -> t.toolReturned(index, result, millis));
        return result;
    }
}
