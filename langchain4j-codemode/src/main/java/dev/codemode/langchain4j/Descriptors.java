package dev.codemode.langchain4j;

import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Map;

/**
 * A LangChain4j {@link ToolSpecification} as a core {@link ToolDescriptor}: name, description, the
 * parameters as a JSON Schema map, and the MCP hints and output schema that LangChain4j's MCP client
 * keeps in {@link ToolSpecification#metadata()} under {@link McpToolMetadataKeys}. {@code @Tool}
 * methods can carry the same keys: {@code @Tool(value = "...", metadata = "{\"readOnlyHint\": true}")}.
 */
final class Descriptors {

    private Descriptors() {
    }

    static ToolDescriptor descriptor(String server, ToolSpecification spec) {
        Map<String, Object> metadata = spec.metadata() == null ? Map.of() : spec.metadata();
        String description = spec.description();
        if (description == null || description.isBlank()) {
            description = text(metadata.get(McpToolMetadataKeys.TITLE));
        }
        if (description == null || description.isBlank()) {
            description = text(metadata.get(McpToolMetadataKeys.TITLE_ANNOTATION));
        }
        ToolAnnotations annotations = new ToolAnnotations(
                hint(metadata.get(McpToolMetadataKeys.READ_ONLY_HINT)),
                hint(metadata.get(McpToolMetadataKeys.DESTRUCTIVE_HINT)),
                hint(metadata.get(McpToolMetadataKeys.IDEMPOTENT_HINT)),
                hint(metadata.get(McpToolMetadataKeys.OPEN_WORLD_HINT)));
        return new ToolDescriptor(server, spec.name(), description, JsonSchemas.toMap(spec.parameters() != null ? spec.parameters()
                        : JsonObjectSchema.builder().build()),
                outputSchema(metadata.get(McpToolMetadataKeys.OUTPUT_SCHEMA)), annotations);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Boolean hint(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        return null;
    }

    /** Through JSON text, so the map has the same Java types (and key order) as every other schema of the core. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> outputSchema(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Object copy = JsonValues.parse(JsonValues.write(map));
        return copy instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
