package dev.codemode;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.json.JsonValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool as the model sees it (a meta-tool, or a tool offered directly): name, description and
 * JSON Schema of its arguments. Adapters turn these into their framework's tool specifications,
 * unchanged.
 */
public record MetaToolSpec(String name, String description, Map<String, Object> inputSchema) {

    /** Loaded on first count: the encoding's tables take a noticeable part of a cold start. */
    private static final class Tokens {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /**
     * This spec as one entry of an OpenAI-compatible request's {@code tools} array, keys in a fixed
     * order (the JSON text, and so its token count, is the same in every run).
     */
    public Map<String, Object> functionDefinition() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("description", description);
        function.put("parameters", inputSchema);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /** Tokens (o200k_base) of {@code specs} as an OpenAI-compatible request carries tool definitions. */
    public static int definitionTokens(List<MetaToolSpec> specs) {
        List<Object> tools = specs.stream().<Object>map(MetaToolSpec::functionDefinition).toList();
        return Tokens.O200K.countTokensOrdinary(JsonValues.write(tools));
    }
}
