package dev.codemode.langchain4j;

import dev.codemode.catalog.Failures;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP server as a core {@link ToolSource}, over a LangChain4j {@link McpClient} (any transport).
 * The caller keeps owning the client: {@link #close()} leaves it open.
 *
 * <p>Calls go out as plain {@code executeTool(request)}, without LangChain4j's invocation context, so
 * nothing of the caller (virtual key, invocation parameters, memory id) reaches the server.
 *
 * <p>Results and failures, as the core expects them:
 * <ul>
 *   <li>a normal result: its text, parsed as JSON when it is JSON (structured content arrives as its
 *       JSON text);</li>
 *   <li>the tool's own {@code isError} (thrown by LangChain4j as a {@code ToolExecutionException}, or a
 *       result marked as an error): {@link ToolResult#error} with the tool's message;</li>
 *   <li>a timeout: {@link ToolCallException}. LangChain4j's {@code DefaultMcpClient} does not throw on
 *       a timeout: it returns a normal-looking result (not an error) whose only text is its
 *       {@code toolExecutionTimeoutErrorMessage}, {@value #DEFAULT_TIMEOUT_MESSAGE} unless the client
 *       was built with another one (then pass that one to {@link #of(String, McpClient, String)});</li>
 *   <li>protocol errors (unknown tool, invalid arguments), transport failures and anything else:
 *       {@link ToolCallException} with one line naming server and tool.</li>
 * </ul>
 */
public final class McpClientToolSource implements ToolSource {

    /** What LangChain4j 1.18.1's {@code DefaultMcpClient} returns as the text of a timed-out call, by default. */
    public static final String DEFAULT_TIMEOUT_MESSAGE = "There was a timeout executing the tool";

    private static final Logger log = LoggerFactory.getLogger(McpClientToolSource.class);
    private static final int MAX_DESCRIPTION = 200;

    private final String serverName;
    private final McpClient client;
    private final String timeoutMessage;

    private McpClientToolSource(String serverName, McpClient client, String timeoutMessage) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.client = Objects.requireNonNull(client, "client");
        this.timeoutMessage = timeoutMessage == null ? DEFAULT_TIMEOUT_MESSAGE : timeoutMessage;
    }

    /** The client's tools as server {@code serverName}. */
    public static McpClientToolSource of(String serverName, McpClient client) {
        return new McpClientToolSource(serverName, client, null);
    }

    /**
     * As {@link #of(String, McpClient)}, for a client built with
     * {@code DefaultMcpClient.Builder.toolExecutionTimeoutErrorMessage(timeoutMessage)}.
     */
    public static McpClientToolSource of(String serverName, McpClient client, String timeoutMessage) {
        return new McpClientToolSource(serverName, client, timeoutMessage);
    }

    @Override
    public String serverName() {
        return serverName;
    }

    /** The first line of the server's instructions; empty when it gave none. */
    @Override
    public String description() {
        try {
            String instructions = client.instructions();
            if (instructions == null) {
                return "";
            }
            String line = instructions.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                    .orElse("");
            return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION - 3) + "...";
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public List<ToolDescriptor> listTools() {
        List<ToolSpecification> specs;
        try {
            specs = client.listTools();
        } catch (RuntimeException e) {
            log.debug("listing the tools of {} failed: {}", serverName, Failures.detail(e, Set.of()));
            throw new ToolCallException("listing the tools of server " + serverName + " failed: " + reason(e), e);
        }
        List<ToolDescriptor> tools = new ArrayList<>(specs.size());
        for (ToolSpecification spec : specs) {
            tools.add(Descriptors.descriptor(serverName, spec));
        }
        return tools;
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        String what = serverName + "." + toolName;
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .name(toolName)
                .arguments(JsonValues.write(arguments == null ? Map.of() : arguments))
                .build();
        ToolExecutionResult result;
        try {
            result = client.executeTool(request);
        } catch (ToolArgumentsException e) {
            throw new ToolCallException(what + " refused its arguments: " + reason(e), e);
        } catch (ToolExecutionException e) {
            if (isToolError(e)) {
                return ToolResult.error(e.getCause().getMessage());
            }
            log.debug("{} failed: {}", what, Failures.detail(e, Set.of()));
            throw new ToolCallException(what + " failed: " + reason(e), e);
        } catch (RuntimeException e) {
            log.debug("{} failed: {}", what, Failures.detail(e, Set.of()));
            throw new ToolCallException(what + " failed: " + reason(e), e);
        }
        if (result == null) {
            return ToolResult.of(null);
        }
        String text = text(result.resultContents());
        if (result.isError()) {
            return ToolResult.error(text);
        }
        if (result.result() == null && text != null && text.strip().equals(timeoutMessage)) {
            throw new ToolCallException(what + " timed out (the MCP client's tool execution timeout)");
        }
        return ToolResult.of(text == null ? null : JsonValues.parseOrText(text));
    }

    /**
     * Whether the client threw because the tool answered with {@code isError}, rather than because the
     * call failed. LangChain4j uses the same exception for both: a tool error is made with
     * {@code new ToolExecutionException(message)}, which wraps a plain {@code RuntimeException} created
     * in that constructor and has no error code; a transport failure wraps the failure itself, a protocol
     * error has the JSON-RPC error code. A plain {@code RuntimeException} from a transport (e.g. "Unexpected
     * status code") differs only in where it was created, so that is what is checked.
     */
    static boolean isToolError(ToolExecutionException e) {
        Throwable cause = e.getCause();
        if (e.errorCode() != null || cause == null || cause.getClass() != RuntimeException.class
                || cause.getCause() != null) {
            return false;
        }
        StackTraceElement[] trace = cause.getStackTrace();
        return trace.length == 0 || trace[0].getClassName().equals(ToolExecutionException.class.getName());
    }

    /** The text of the result, or {@code null} when it has none; non-text items are named, not copied. */
    private static String text(List<Content> contents) {
        if (contents == null || contents.isEmpty()) {
            return null;
        }
        if (contents.size() == 1 && contents.get(0) instanceof TextContent only) {
            return only.text();
        }
        List<String> parts = new ArrayList<>();
        for (Content content : contents) {
            parts.add(content instanceof TextContent t ? t.text() : "[" + content.type() + " content]");
        }
        return String.join("\n", parts);
    }

    /**
     * A JSON-RPC error from the server (LangChain4j keeps its code) is the server's own words, shown like
     * a tool's error; anything else by its cause class only ({@link Failures#cause}), since a transport's
     * message may hold the URL with its credentials, a response body or the server's stderr.
     */
    private static String reason(Throwable error) {
        Integer code = error instanceof ToolExecutionException t ? t.errorCode()
                : error instanceof ToolArgumentsException a ? a.errorCode() : null;
        if (code != null && error.getMessage() != null && !error.getMessage().isBlank()) {
            String line = error.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            return line.length() <= 300 ? line : line.substring(0, 297) + "...";
        }
        return Failures.cause(error);
    }
}
