package dev.codemode.samples.benchmark.catalog;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.MetaToolSpec;
import dev.codemode.CodeMode;
import dev.codemode.samples.servers.DemoServers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers of one round: the demo MCP servers over streamable HTTP (real MCP calls) and generated
 * {@link DomainServers} in process, or, for the production round, recorded production servers in their
 * place; every tool as an OpenAI function definition named {@code server_tool}.
 */
public final class RoundCatalog implements AutoCloseable {

    private final List<ToolSource> sources;
    private final Map<String, ToolDescriptor> byFunction = new LinkedHashMap<>();
    private final Map<String, ToolSource> sourceOf = new LinkedHashMap<>();
    private final List<Map<String, Object>> definitions = new ArrayList<>();

    private RoundCatalog(List<ToolSource> sources) {
        this.sources = List.copyOf(sources);
        for (ToolSource source : sources) {
            for (ToolDescriptor d : source.listTools()) {
                String name = functionName(d);
                byFunction.put(name, d);
                sourceOf.put(name, source);
                definitions.add(definition(name, d.description(), d.inputSchema()));
            }
        }
    }

    /**
     * {@code servers} servers with {@code tools} tools: the demo servers of {@code demo} (all four, or
     * only crm for a one-server round), then generated domains sharing the remaining tools evenly.
     */
    public static RoundCatalog open(int servers, int tools, DemoServers.Http demo) {
        List<String> demoNames = servers == 1 ? List.of("crm") : DemoServers.NAMES;
        List<ToolSource> sources = new ArrayList<>();
        for (String name : demoNames) {
            sources.add(McpToolSource.streamableHttp(name, "http://127.0.0.1:" + demo.port(), "/" + name + "/mcp"));
        }
        int demoTools = sources.stream().mapToInt(s -> s.listTools().size()).sum();
        int generated = servers - sources.size();
        int left = tools - demoTools;
        if (generated < 0 || generated > DomainServers.DOMAINS.size() || (generated == 0) != (left == 0)
                || generated > 0 && (left < generated || left > generated * DomainServers.MAX_TOOLS)) {
            sources.forEach(ToolSource::close);
            throw new IllegalArgumentException("cannot build " + servers + " servers with " + tools + " tools: the demo"
                    + " servers have " + demoTools + " tools, each generated server 1 to " + DomainServers.MAX_TOOLS);
        }
        for (int i = 0; i < generated; i++) {
            sources.add(DomainServers.server(DomainServers.DOMAINS.get(i), left / generated + (i < left % generated ? 1 : 0)));
        }
        return new RoundCatalog(sources);
    }

    /** The generated servers the tasks use, whole in the production round. */
    public static final List<String> TASK_DOMAINS = List.of("support", "payments", "issues");

    /**
     * The production round: the servers the tasks use (the four demo servers of {@code demo} over
     * streamable HTTP; {@code support}, {@code payments} and {@code issues} with all their tools) plus the recorded
     * production servers at their real definitions ({@link Calibration#productionServers()}), in
     * process like the generated ones. Calls to recorded tools answer an error; no task needs them.
     */
    public static RoundCatalog openProduction(DemoServers.Http demo) {
        List<ToolSource> sources = new ArrayList<>();
        for (String name : DemoServers.NAMES) {
            sources.add(McpToolSource.streamableHttp(name, "http://127.0.0.1:" + demo.port(), "/" + name + "/mcp"));
        }
        for (String domain : TASK_DOMAINS) {
            sources.add(DomainServers.server(DomainServers.domain(domain), DomainServers.MAX_TOOLS));
        }
        sources.addAll(Calibration.productionServers());
        return new RoundCatalog(sources);
    }

    /** Servers and tools of the production round, counted without opening it: {@code {servers, tools}}. */
    public static int[] productionSize() {
        int tools = DemoServers.NAMES.stream().mapToInt(DemoServers::toolCount).sum()
                + TASK_DOMAINS.size() * DomainServers.MAX_TOOLS;
        List<ToolSource> recorded = Calibration.productionServers();
        tools += recorded.stream().mapToInt(s -> s.listTools().size()).sum();
        return new int[] {DemoServers.NAMES.size() + TASK_DOMAINS.size() + recorded.size(), tools};
    }

    public static String functionName(ToolDescriptor d) {
        return d.server() + "_" + d.name();
    }

    /** One chat completions {@code tools} entry, built as the core counts definitions for its AUTO exposure. */
    public static Map<String, Object> definition(String name, String description, Map<String, Object> parameters) {
        return new MetaToolSpec(name, description, parameters).functionDefinition();
    }

    public List<ToolSource> sources() {
        return sources;
    }

    public int servers() {
        return sources.size();
    }

    public int tools() {
        return byFunction.size();
    }

    /** Every tool as a function definition, in catalog order. */
    public List<Map<String, Object>> definitions() {
        return definitions;
    }

    public Map<String, ToolDescriptor> descriptors() {
        return byFunction;
    }

    /** Calls a tool by function name; the text a tool message would carry (the JSON result, or the error). */
    public String call(String function, Map<String, Object> arguments) {
        ToolSource source = sourceOf.get(function);
        if (source == null) {
            return "error: no tool " + function;
        }
        try {
            return text(source.callTool(byFunction.get(function).name(), arguments));
        } catch (ToolCallException e) {
            return "error: " + e.getMessage();
        }
    }

    public static String text(ToolResult result) {
        return result.isError() ? "error: " + result.error() : result.value() instanceof String s ? s
                : JsonValues.write(result.value());
    }

    @Override
    public void close() {
        sources.forEach(ToolSource::close);
    }
}
