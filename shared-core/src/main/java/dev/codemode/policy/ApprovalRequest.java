package dev.codemode.policy;

import dev.codemode.access.CallContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApprovalHandler} is shown before a script runs.
 *
 * @param script        the script, as the model wrote it
 * @param tools         the tools the script can call (every {@code server.tool} it names), or
 *                      {@code null} when they cannot be determined from the script
 * @param needApproval  the tools among them that are not auto-executed (empty when undetermined)
 * @param undetermined  why the tools could not be determined (empty when they could)
 * @param caller        who is asking
 */
public record ApprovalRequest(String script, @Nullable List<String> tools, List<String> needApproval, List<String> undetermined,
        CallContext caller) {

    public ApprovalRequest {
        tools = tools == null ? null : List.copyOf(tools);
        needApproval = List.copyOf(needApproval);
        undetermined = List.copyOf(undetermined);
    }

    /** True when the script's tools could not be determined: approving it approves every tool of the caller. */
    public boolean isUndetermined() {
        return tools == null;
    }
}
