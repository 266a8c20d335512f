package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One meta-tool: its specification and what it does for a caller, on the caller's view. Nothing
 * outside the view is listed, read, documented, called or named in an error.
 */
interface MetaToolHandler {

    MetaToolSpec spec();

    /**
     * Answers one call. A wrong argument may be thrown as {@link Arguments.BadArgument}; anything else
     * the model should hear is the returned result.
     */
    MetaToolResult handle(CatalogView view, Arguments args, CallContext caller);

    /** The JSON schema of an object with these properties. */
    static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    /** Properties from name/value pairs, in order. */
    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> prop(String type, String description) {
        return props("type", type, "description", description);
    }
}
