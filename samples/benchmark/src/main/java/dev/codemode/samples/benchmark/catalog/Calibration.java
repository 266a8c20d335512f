package dev.codemode.samples.benchmark.catalog;

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
        try (InputStream in = Calibration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Map<?, ?> root = (Map<?, ?>) JsonValues.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object s : (List<?>) root.get("servers")) {
                for (Object t : (List<?>) ((Map<?, ?>) s).get("tools")) {
                    Map<?, ?> tool = (Map<?, ?>) t;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> schema = (Map<String, Object>) tool.get("inputSchema");
                    out.add(RoundCatalog.definition(tool.get("name").toString(),
                            tool.get("description") == null ? "" : tool.get("description").toString(), schema));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
