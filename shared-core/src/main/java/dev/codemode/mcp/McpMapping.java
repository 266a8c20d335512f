package dev.codemode.mcp;

import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The translation between MCP SDK types and the catalog's types, kept apart from the client so it
 * can be tested without a server.
 *
 * <p>Results: structured content wins; otherwise each text item is parsed as JSON when it is JSON;
 * binary items (image, audio, blob resources) become a small map describing them, because a base64
 * blob is useless to a script and expensive to carry. Failures: one line naming server and tool.
 */
final class McpMapping {

    private static final int MAX_DESCRIPTION = 200;

    private McpMapping() {
    }

    static ToolDescriptor descriptor(String server, McpSchema.Tool tool) {
        String description = tool.description();
        if ((description == null || description.isBlank()) && tool.title() != null) {
            description = tool.title();
        }
        return new ToolDescriptor(server, tool.name(), description, tool.inputSchema(), tool.outputSchema(),
                annotations(tool.annotations()));
    }

    static ToolAnnotations annotations(McpSchema.ToolAnnotations a) {
        if (a == null) {
            return ToolAnnotations.NONE;
        }
        return new ToolAnnotations(a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(), a.openWorldHint());
    }

    /** One line for the catalog listing: the instructions' first line, else the server's own description or title. */
    static String serverDescription(String instructions, McpSchema.Implementation info) {
        for (String candidate : new String[] {instructions, info == null ? null : info.description(),
                info == null ? null : info.title()}) {
            String line = firstLine(candidate);
            if (!line.isEmpty()) {
                return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION - 3) + "...";
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        return text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    static ToolResult result(McpSchema.CallToolResult result) {
        if (result == null) {
            return ToolResult.of(null);
        }
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        if (Boolean.TRUE.equals(result.isError())) {
            return ToolResult.error(errorText(content));
        }
        if (result.structuredContent() != null) {
            // Through JSON text so numbers have the same Java types as parsed text results.
            return ToolResult.of(JsonValues.parse(JsonValues.write(result.structuredContent())));
        }
        if (content.isEmpty()) {
            return ToolResult.of(null);
        }
        if (content.size() == 1) {
            return ToolResult.of(value(content.get(0)));
        }
        List<Object> values = new ArrayList<>(content.size());
        for (McpSchema.Content item : content) {
            values.add(value(item));
        }
        return ToolResult.of(values);
    }

    private static String errorText(List<McpSchema.Content> content) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content item : content) {
            if (item instanceof McpSchema.TextContent text && text.text() != null && !text.text().isBlank()) {
                parts.add(text.text().strip());
            }
        }
        return String.join("\n", parts);
    }

    static Object value(McpSchema.Content item) {
        if (item instanceof McpSchema.TextContent text) {
            return JsonValues.parseOrText(text.text());
        }
        Map<String, Object> described = new LinkedHashMap<>();
        if (item instanceof McpSchema.ImageContent image) {
            described.put("type", "image");
            putIfPresent(described, "mimeType", image.mimeType());
            described.put("bytes", base64Length(image.data()));
        } else if (item instanceof McpSchema.AudioContent audio) {
            described.put("type", "audio");
            putIfPresent(described, "mimeType", audio.mimeType());
            described.put("bytes", base64Length(audio.data()));
        } else if (item instanceof McpSchema.EmbeddedResource embedded) {
            described.put("type", "resource");
            McpSchema.ResourceContents resource = embedded.resource();
            if (resource != null) {
                putIfPresent(described, "uri", resource.uri());
                putIfPresent(described, "mimeType", resource.mimeType());
                if (resource instanceof McpSchema.TextResourceContents text) {
                    putIfPresent(described, "text", text.text());
                } else if (resource instanceof McpSchema.BlobResourceContents blob) {
                    described.put("bytes", base64Length(blob.blob()));
                }
            }
        } else if (item instanceof McpSchema.ResourceLink link) {
            described.put("type", "resource_link");
            putIfPresent(described, "uri", link.uri());
            putIfPresent(described, "name", link.name());
            putIfPresent(described, "mimeType", link.mimeType());
            putIfPresent(described, "description", link.description());
        } else {
            described.put("type", item == null ? "unknown" : item.type());
        }
        return described;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Decoded size of base64 text, without decoding it. */
    static long base64Length(String data) {
        if (data == null) {
            return 0;
        }
        long chars = 0;
        long padding = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '=') {
                padding++;
            } else if (!Character.isWhitespace(c)) {
                chars++;
            }
        }
        return (chars + padding) * 3 / 4 - padding;
    }

    /**
     * The one-line message for a call that failed before the tool could answer. The full exception
     * is logged by the caller; the message carries no stack trace or class names the model cannot use.
     *
     * @param timeout the request timeout when known, else {@code null}
     */
    static String failure(String server, String tool, Throwable error, Duration timeout) {
        String what = tool == null ? "listing the tools of server " + server : server + "." + tool;
        if (causeOf(error, TimeoutException.class) != null) {
            return what + " timed out" + (timeout == null ? "" : " after " + seconds(timeout));
        }
        McpError mcpError = causeOf(error, McpError.class);
        if (mcpError != null) {
            return what + " failed: " + mcpErrorText(mcpError);
        }
        if (isDisconnect(error)) {
            return notConnected(server);
        }
        return what + " failed: " + reason(error);
    }

    /** The server is gone or unreachable (as opposed to a request that failed on a live connection). */
    static boolean isDisconnect(Throwable error) {
        return causeOf(error, McpTransportSessionClosedException.class) != null
                || causeOf(error, java.net.ConnectException.class) != null
                || causeOf(error, java.nio.channels.ClosedChannelException.class) != null;
    }

    static String notConnected(String server) {
        return "server " + server + " is not connected";
    }

    private static String mcpErrorText(McpError error) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
        String message = rpc != null && rpc.message() != null ? rpc.message() : error.getMessage();
        message = oneLine(message);
        if (rpc != null && rpc.data() instanceof String data && !data.isBlank() && !message.contains(data)) {
            message = message + " (" + oneLine(data) + ")";
        }
        return message;
    }

    private static String reason(Throwable error) {
        return ToolCallException.reasonOf(error);
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String seconds(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
