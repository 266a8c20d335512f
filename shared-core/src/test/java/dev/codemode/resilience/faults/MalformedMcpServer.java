package dev.codemode.resilience.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hand-written stdio MCP server that gets the handshake and {@code tools/list} right and then answers
 * {@code tools/call} wrongly, which no SDK server can be made to do:
 * <ul>
 *   <li>{@code garbage}: a line that is not JSON;</li>
 *   <li>{@code wrong_id}: a well-formed result for a request id that was never sent;</li>
 *   <li>{@code no_result}: a response with the right id and neither {@code result} nor {@code error};</li>
 *   <li>{@code ok}: a correct answer, to see whether the connection survived.</li>
 * </ul>
 * One JSON-RPC message per line, as the stdio transport frames them. Run as a child JVM.
 */
public final class MalformedMcpServer {

    public static final String NAME = "malformed";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MalformedMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> request = JSON.readValue(line, Map.class);
            Object id = request.get("id");
            String method = String.valueOf(request.get("method"));
            if (id == null) {
                continue; // a notification: nothing to answer
            }
            switch (method) {
                case "initialize" -> {
                    Map<?, ?> params = (Map<?, ?>) request.get("params");
                    out.println(response(id, Map.of(
                            "protocolVersion", params.get("protocolVersion"),
                            "capabilities", Map.of("tools", Map.of()),
                            "serverInfo", Map.of("name", "malformed-server", "version", "1.0.0"))));
                }
                case "tools/list" -> out.println(response(id, Map.of("tools", List.of(
                        tool("garbage"), tool("wrong_id"), tool("no_result"), tool("ok")))));
                case "tools/call" -> {
                    String name = String.valueOf(((Map<?, ?>) request.get("params")).get("name"));
                    switch (name) {
                        case "garbage" -> out.println("{\"jsonrpc\": \"2.0\", \"id\": " + JSON.writeValueAsString(id)
                                + ", \"result\": {this is not json");
                        case "wrong_id" -> out.println(response("no-such-request-" + id, textResult("for someone else")));
                        case "no_result" -> out.println(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id)));
                        default -> out.println(response(id, textResult("ok")));
                    }
                }
                case "ping" -> out.println(response(id, Map.of()));
                default -> out.println(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id,
                        "error", Map.of("code", -32601, "message", "method not found: " + method))));
            }
        }
    }

    private static String response(Object id, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("result", result);
        return JSON.writeValueAsString(response);
    }

    private static Map<String, Object> tool(String name) {
        return Map.of("name", name, "description", "Answers " + name + ".",
                "inputSchema", Map.of("type", "object", "properties", Map.of()));
    }

    private static Map<String, Object> textResult(String text) {
        return Map.of("content", List.of(Map.of("type", "text", "text", text)), "isError", false);
    }
}
