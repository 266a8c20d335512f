package dev.codemode.samples.benchmark.catalog;

import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Average size of one tool definition (OpenAI function JSON, o200k_base tokens): the public reference
 * MCP servers recorded in {@code reference-mcp-tools.json} (by {@code scripts/record-reference-tools.sh})
 * against the generated and demo tools.
 */
public final class Calibration {

    public static final String RESOURCE = "/reference-mcp-tools.json";
    /**
     * Tool definitions of real products' MCP servers (Playwright, Notion, GitHub, Slack), recorded by
     * {@code scripts/record-production-tools.sh}: the size production servers send.
     */
    public static final String PRODUCTION_RESOURCE = "/production-mcp-tools.json";

    private Calibration() {
    }

    /** Function definitions of the recorded reference servers' tools. */
    public static List<Map<String, Object>> referenceDefinitions() {
        return definitions(RESOURCE);
    }

    /** Function definitions of the recorded production servers' tools. */
    public static List<Map<String, Object>> productionDefinitions() {
        return definitions(PRODUCTION_RESOURCE);
    }

    private static List<Map<String, Object>> definitions(String resource) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : servers(resource)) {
            for (Object t : (List<?>) ((Map<?, ?>) s).get("tools")) {
                Map<?, ?> tool = (Map<?, ?>) t;
                out.add(RoundCatalog.definition(tool.get("name").toString(), description(tool), schema(tool, "inputSchema")));
            }
        }
        return out;
    }

    /**
     * The recorded production servers as servers of a round, with their real definitions (names,
     * descriptions, input and output schemas, annotations). There is no server behind them: a call
     * answers an error and nothing is sent anywhere. Named after their packages: {@code playwright},
     * {@code notion}, {@code github}, {@code slack}.
     */
    public static List<ToolSource> productionServers() {
        List<ToolSource> out = new ArrayList<>();
        for (Object s : servers(PRODUCTION_RESOURCE)) {
            Map<?, ?> server = (Map<?, ?>) s;
            String name = serverName(server.get("package").toString());
            FunctionToolSource.Builder b = FunctionToolSource.builder(name)
                    .description("Recorded tools/list of " + server.get("package") + " " + server.get("version") + ".");
            for (Object t : (List<?>) server.get("tools")) {
                Map<?, ?> tool = (Map<?, ?>) t;
                String toolName = tool.get("name").toString();
                ToolDescriptor d = new ToolDescriptor(name, toolName, description(tool), schema(tool, "inputSchema"),
                        schema(tool, "outputSchema"), annotations(tool.get("annotations")));
                b.tool(d, arguments -> ToolResult.error(name + "." + toolName + " is a recorded definition with no"
                        + " server behind it; nothing was sent. Use the task servers' tools."));
            }
            out.add(b.build());
        }
        return out;
    }

    /** {@code @playwright/mcp} -> playwright, {@code @notionhq/notion-mcp-server} -> notion, {@code @x/server-github} -> github. */
    static String serverName(String npmPackage) {
        String scope = npmPackage.startsWith("@") ? npmPackage.substring(1, npmPackage.indexOf('/')) : "";
        String base = npmPackage.substring(npmPackage.indexOf('/') + 1).replace("server-", "").replace("-mcp-server", "");
        return base.equals("mcp") ? scope : base;
    }

    private static List<?> servers(String resource) {
        try (InputStream in = Calibration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Map<?, ?> root = (Map<?, ?>) JsonValues.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<?>) root.get("servers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String description(Map<?, ?> tool) {
        return tool.get("description") == null ? "" : tool.get("description").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<?, ?> tool, String key) {
        return (Map<String, Object>) tool.get(key);
    }

    private static ToolAnnotations annotations(Object recorded) {
        if (!(recorded instanceof Map<?, ?> a)) {
            return ToolAnnotations.NONE;
        }
        return new ToolAnnotations(hint(a, "readOnlyHint"), hint(a, "destructiveHint"), hint(a, "idempotentHint"),
                hint(a, "openWorldHint"));
    }

    private static Boolean hint(Map<?, ?> annotations, String key) {
        return annotations.get(key) instanceof Boolean b ? b : null;
    }

    public static double averageTokens(List<Map<String, Object>> definitions, TokenMeter meter) {
        return definitions.stream().mapToInt(d -> meter.count(JsonValues.write(d))).average().orElse(0);
    }

    /** Both figures, plus the demo servers', for the report. */
    public static Map<String, Object> report(RoundCatalog largest, TokenMeter meter) {
        List<Map<String, Object>> generated = new ArrayList<>();
        List<Map<String, Object>> demo = new ArrayList<>();
        for (Map<String, Object> d : largest.definitions()) {
            String name = ((Map<?, ?>) d.get("function")).get("name").toString();
            boolean isGenerated = DomainServers.DOMAINS.stream().anyMatch(x -> name.startsWith(x.server() + "_"));
            (isGenerated ? generated : demo).add(d);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference MCP servers (filesystem, memory, everything, sequential-thinking)",
                figure(referenceDefinitions(), meter));
        out.put("generated servers (" + largest.tools() + "-tool round)", figure(generated, meter));
        out.put("demo servers (crm, orders, billing, email)", figure(demo, meter));
        return out;
    }

    private static Map<String, Object> figure(List<Map<String, Object>> defs, TokenMeter meter) {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("tools", defs.size());
        figure.put("averageTokens", Math.round(averageTokens(defs, meter) * 10) / 10.0);
        return figure;
    }
}
