package dev.codemode.contract;

import dev.codemode.access.CallContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One adapter as the model reaches it: the tools its framework offers a caller, and one tool call as
 * the framework makes it, with the caller carried the framework's way (LangChain4j invocation
 * parameters, a Spring AI tool context). {@link AdapterContract} states what every adapter must do
 * through this interface only.
 */
public interface AdapterHarness extends AutoCloseable {

    /** The names of the tools the framework offers this caller, in order. */
    List<String> offeredTools(CallContext caller);

    /**
     * Calls a tool as the framework would, with the model's JSON arguments. For a name the caller was
     * not offered: what the adapter answers when the framework passes the call on (LangChain4j hands
     * the request, name and all, to an executor), or {@code null} when the framework refuses such a
     * name itself before any adapter code runs (Spring AI finds no callback of that name).
     */
    Reply call(String toolName, String argumentsJson, CallContext caller);

    /** Releases what the adapter built (its {@code CodeMode}, a Spring context, ...). */
    @Override
    void close();

    /**
     * The caller as a framework's string-keyed context (invocation parameters, a tool context): the
     * virtual key and parent request id under the adapter's names, absent values left out.
     */
    static Map<String, Object> callerEntries(CallContext caller, String virtualKeyName, String parentRequestIdName) {
        Map<String, Object> entries = new HashMap<>();
        if (caller.virtualKey() != null) {
            entries.put(virtualKeyName, caller.virtualKey());
        }
        if (caller.parentRequestId() != null) {
            entries.put(parentRequestIdName, caller.parentRequestId());
        }
        return entries;
    }

    /**
     * What the model gets back.
     *
     * @param text    the result text
     * @param isError whether the framework marks it as a failed call; {@code null} when the framework
     *                has no such flag (Spring AI: a tool callback returns text only)
     */
    record Reply(String text, Boolean isError) {
    }
}
