package dev.codemode.catalog;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One upstream tool as its source describes it: original names, the model-facing description, and
 * JSON Schemas as plain Java maps (the shape MCP uses on the wire).
 *
 * @param server       the server (source) name, as configured, e.g. {@code "crm"}
 * @param name         the tool name the server knows, e.g. {@code "lookup-customer"}
 * @param description  what the tool does; may be empty, never null
 * @param inputSchema  JSON Schema of the arguments object; empty map when the source gave none
 * @param outputSchema JSON Schema of the structured result, or {@code null}
 * @param annotations  MCP behaviour hints; {@link ToolAnnotations#NONE} when absent
 */
public record ToolDescriptor(String server, String name, String description, Map<String, Object> inputSchema,
        @Nullable Map<String, Object> outputSchema, ToolAnnotations annotations) {

    public ToolDescriptor {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description.strip();
        inputSchema = inputSchema == null ? Map.of() : inputSchema;
        annotations = annotations == null ? ToolAnnotations.NONE : annotations;
    }

    public static ToolDescriptor of(String server, String name, String description, Map<String, Object> inputSchema) {
        return new ToolDescriptor(server, name, description, inputSchema, null, ToolAnnotations.NONE);
    }

    public ToolDescriptor withAnnotations(ToolAnnotations newAnnotations) {
        return new ToolDescriptor(server, name, description, inputSchema, outputSchema, newAnnotations);
    }

    public ToolDescriptor withOutputSchema(Map<String, Object> newOutputSchema) {
        return new ToolDescriptor(server, name, description, inputSchema, newOutputSchema, annotations);
    }

    /** {@code server.name}, with the original names. */
    public String qualifiedName() {
        return server + "." + name;
    }
}
