package dev.codemode.samples.cli;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolSpec;
import dev.codemode.stubs.BindingLevel;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the configured servers cost per request, in o200k_base tokens: every tool definition, as an
 * OpenAI-compatible chat completions API receives it in {@code "tools"}, against the four Code Mode
 * meta-tool definitions; plus what Code Mode reads once per task instead (the listing, the stubs).
 *
 * @param servers        one row per server, in catalog order
 * @param tools          tools of the available servers
 * @param standardTokens the {@code "tools"} array of every tool definition
 * @param codeModeTokens the {@code "tools"} array of the four meta-tools
 * @param listingTokens  {@code listToolFiles()}
 */
record TokenReport(List<Server> servers, int tools, int standardTokens, int codeModeTokens, int listingTokens) {

    static final String ENCODING = "o200k_base";

    /** Names the chat completions API accepts for a function. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /**
     * @param name              the server's name
     * @param available         whether its tools could be listed
     * @param tools             its tool count
     * @param definitionTokens  its tool definitions as a {@code "tools"} array
     * @param stubTokens        its stub file(s), as {@code readToolFile} returns them
     */
    record Server(String name, boolean available, int tools, int definitionTokens, int stubTokens) {
    }

    static TokenReport of(CodeMode codeMode, BindingLevel level) {
        return of(codeMode, level, CallContext.anonymous());
    }

    /** The figures for what {@code caller} sees (its virtual key's tools). */
    static TokenReport of(CodeMode codeMode, BindingLevel level, CallContext caller) {
        Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        List<CatalogTool> all = codeMode.view(caller).tools();
        Map<CatalogTool, String> names = functionNames(all);
        Map<String, Integer> stubTokens = new HashMap<>();
        for (StubFile f : new StubGenerator(level).files(codeMode.view(caller))) {
            String text = codeMode.call("readToolFile", Map.of("fileName", f.path()), caller).text();
            stubTokens.merge(f.serverId(), enc.countTokens(text), Integer::sum);
        }
        List<Server> servers = new ArrayList<>();
        for (CatalogServer s : codeMode.view(caller).servers()) {
            List<Map<String, Object>> definitions = s.tools().stream().map(t -> standard(names.get(t), t.descriptor())).toList();
            servers.add(new Server(s.name(), s.isAvailable(), s.tools().size(),
                    s.tools().isEmpty() ? 0 : enc.countTokens(JsonValues.write(definitions)),
                    stubTokens.getOrDefault(s.id(), 0)));
        }
        List<Map<String, Object>> standard = all.stream().map(t -> standard(names.get(t), t.descriptor())).toList();
        List<Object> meta = new ArrayList<>();
        for (MetaToolSpec spec : codeMode.specs()) {
            meta.add(function(spec.name(), spec.description(), spec.inputSchema()));
        }
        String listing = codeMode.call("listToolFiles", Map.of(), caller).text();
        return new TokenReport(servers, all.size(), enc.countTokens(JsonValues.write(standard)),
                enc.countTokens(JsonValues.write(meta)), enc.countTokens(listing));
    }

    /** Code Mode's definitions as a share of the standard ones (0 when there are none). */
    double percentOfStandard() {
        return standardTokens == 0 ? 0 : 100.0 * codeModeTokens / standardTokens;
    }

    /**
     * The tool's own name, as MCP clients pass it to the model; {@code server_tool} when two servers
     * share a name or the name is one the API refuses.
     */
    static Map<CatalogTool, String> functionNames(List<CatalogTool> tools) {
        Map<String, Integer> uses = new HashMap<>();
        tools.forEach(t -> uses.merge(t.descriptor().name(), 1, Integer::sum));
        Map<CatalogTool, String> names = new LinkedHashMap<>();
        for (CatalogTool t : tools) {
            String name = t.descriptor().name();
            if (uses.get(name) > 1 || !FUNCTION_NAME.matcher(name).matches()) {
                name = (t.descriptor().server() + "_" + name).replaceAll("[^a-zA-Z0-9_-]", "_");
                name = name.length() > 64 ? name.substring(0, 64) : name;
            }
            names.put(t, name);
        }
        return names;
    }

    private static Map<String, Object> standard(String name, ToolDescriptor tool) {
        Map<String, Object> parameters = tool.inputSchema();
        if (parameters.isEmpty()) {
            // in the order clients write it: Map.of's order, and so the token count, would change per run
            parameters = new LinkedHashMap<>();
            parameters.put("type", "object");
            parameters.put("properties", Map.of());
        }
        return function(name, tool.description(), parameters);
    }

    /** One entry of the chat completions {@code "tools"} array. */
    static Map<String, Object> function(String name, String description, Map<String, Object> parameters) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        if (!description.isEmpty()) {
            f.put("description", description);
        }
        f.put("parameters", parameters);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", f);
        return tool;
    }
}
