package dev.codemode.stubs;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalogs for stub tests, built from JSON text so that property order is the order written (a
 * {@code Map.of} would shuffle it between runs).
 *
 * <p>A tool list is a JSON array of objects with {@code server}, {@code name}, {@code description},
 * {@code inputSchema}, and optionally {@code outputSchema}, {@code annotations} (the MCP hint names)
 * and {@code serverDescription} (the first one given for a server is used).
 */
final class SchemaCatalogs {

    private SchemaCatalogs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonValues.parse(text);
    }

    /** A catalog of the tools in a JSON tool list. */
    @SuppressWarnings("unchecked")
    static ToolCatalog catalog(String toolListJson) {
        Map<String, FunctionToolSource.Builder> builders = new LinkedHashMap<>();
        for (Object entry : (List<Object>) JsonValues.parse(toolListJson)) {
            Map<String, Object> t = (Map<String, Object>) entry;
            String server = (String) t.get("server");
            FunctionToolSource.Builder builder = builders.computeIfAbsent(server, FunctionToolSource::builder);
            if (t.get("serverDescription") instanceof String d) {
                builder.description(d);
            }
            builder.tool(new ToolDescriptor(server, (String) t.get("name"), (String) t.get("description"),
                    (Map<String, Object>) t.get("inputSchema"), (Map<String, Object>) t.get("outputSchema"),
                    annotations((Map<String, Object>) t.get("annotations"))), args -> args);
        }
        List<ToolSource> sources = new ArrayList<>();
        builders.values().forEach(b -> sources.add(b.build()));
        return ToolCatalog.of(sources);
    }

    static ToolAnnotations annotations(Map<String, Object> hints) {
        if (hints == null) {
            return ToolAnnotations.NONE;
        }
        return new ToolAnnotations((Boolean) hints.get("readOnlyHint"), (Boolean) hints.get("destructiveHint"),
                (Boolean) hints.get("idempotentHint"), (Boolean) hints.get("openWorldHint"));
    }

    /** Where the tool lists live (the surefire working directory is the module). */
    static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "stub-schemas");

    /** The tool lists, {@code *.json}, sorted by name. */
    static List<Path> goldenToolLists() {
        try (var files = Files.list(GOLDEN_DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
