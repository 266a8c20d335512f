package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds catalog views from JSON text and test resources. */
final class StubFixtures {

    /** The golden cases under {@code src/test/resources/stubs/}, by base name. */
    static final List<String> GOLDEN_CASES = List.of("crm", "github", "filesystem", "pydantic", "odd");

    private StubFixtures() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonValues.parse(text);
    }

    static ToolDescriptor tool(String name, String description, String inputSchema) {
        return ToolDescriptor.of("s", name, description, json(inputSchema));
    }

    /** A view of one server holding the given tools. */
    static CatalogView view(String server, String description, ToolDescriptor... tools) {
        FunctionToolSource.Builder builder = FunctionToolSource.builder(server).description(description);
        for (ToolDescriptor t : tools) {
            builder.tool(t, args -> null);
        }
        return ToolCatalog.of(builder.build()).view();
    }

    /** The only tool of a one-tool view. */
    static CatalogTool only(CatalogView view) {
        return view.tools().get(0);
    }

    /** A single tool with the given input schema, in server {@code s}. */
    static CatalogTool catalogTool(String name, String inputSchema) {
        return only(view("s", "", tool(name, "", inputSchema)));
    }

    /** The server-level stub of a one-tool server with the given input schema. */
    static String stub(String inputSchema) {
        return new StubGenerator(BindingLevel.SERVER).render(
                new StubGenerator(BindingLevel.SERVER).files(view("s", "", tool("t", "", inputSchema))).get(0));
    }

    /** The server-level stub of a one-tool server with the given input schema, built in Java. */
    static String stub(Map<String, Object> inputSchema) {
        StubGenerator generator = new StubGenerator(BindingLevel.SERVER);
        return generator.render(generator.files(view("s", "", ToolDescriptor.of("s", "t", "", inputSchema))).get(0));
    }

    /** The view a golden case file describes. */
    @SuppressWarnings("unchecked")
    static CatalogView caseView(String name) {
        Map<String, Object> spec = json(resource("stubs/" + name + ".json"));
        String server = (String) spec.get("server");
        FunctionToolSource.Builder builder = FunctionToolSource.builder(server)
                .description((String) spec.get("description"));
        for (Object o : (List<Object>) spec.get("tools")) {
            Map<String, Object> t = (Map<String, Object>) o;
            Map<String, Object> a = (Map<String, Object>) t.getOrDefault("annotations", Map.of());
            ToolAnnotations annotations = new ToolAnnotations((Boolean) a.get("readOnlyHint"),
                    (Boolean) a.get("destructiveHint"), (Boolean) a.get("idempotentHint"), (Boolean) a.get("openWorldHint"));
            builder.tool(new ToolDescriptor(server, (String) t.get("name"), (String) t.get("description"),
                    (Map<String, Object>) t.get("inputSchema"), (Map<String, Object>) t.get("outputSchema"), annotations),
                    args -> null);
        }
        return ToolCatalog.of(builder.build()).view();
    }

    /**
     * The approval policy a golden case's stubs are generated for: its optional {@code "approval"} object
     * ({@code autoExecute} patterns, {@code trustReadOnlyHints} servers); the default policy without one.
     */
    @SuppressWarnings("unchecked")
    static ApprovalPolicy casePolicy(String name) {
        Map<String, Object> approval = (Map<String, Object>) json(resource("stubs/" + name + ".json"))
                .getOrDefault("approval", Map.of());
        return ApprovalPolicy.builder()
                .autoExecute((List<String>) approval.getOrDefault("autoExecute", List.of()))
                .trustReadOnlyHints((List<String>) approval.getOrDefault("trustReadOnlyHints", List.of()))
                .build();
    }

    static String resource(String path) {
        try (InputStream in = StubFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stub text of every golden case at both binding levels. */
    static List<String> allGoldenStubs() {
        List<String> stubs = new ArrayList<>();
        for (String name : GOLDEN_CASES) {
            CatalogView view = caseView(name);
            for (BindingLevel level : BindingLevel.values()) {
                StubGenerator generator = new StubGenerator(level, casePolicy(name));
                generator.files(view).forEach(f -> stubs.add(generator.render(f)));
            }
        }
        return stubs;
    }
}
