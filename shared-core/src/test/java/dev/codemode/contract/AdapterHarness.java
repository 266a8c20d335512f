package dev.codemode.contract;

import dev.codemode.access.CallContext;
import java.util.List;

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
     * What the model gets back.
     *
     * @param text    the result text
     * @param isError whether the framework marks it as a failed call; {@code null} when the framework
     *                has no such flag (Spring AI: a tool callback returns text only)
     */
    record Reply(String text, Boolean isError) {
    }
}
