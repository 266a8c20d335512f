package dev.codemode;

import java.util.Map;

/**
 * One meta-tool as the model sees it: name, description and JSON Schema of its arguments. Adapters
 * turn these into their framework's tool specifications, unchanged.
 */
public record MetaToolSpec(String name, String description, Map<String, Object> inputSchema) {
}
