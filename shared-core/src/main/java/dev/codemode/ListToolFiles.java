package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code listToolFiles(query?)}: the caller's stub files, or with a query the best matches. */
record ListToolFiles(StubGenerator stubs, int maxOutputChars) implements MetaToolHandler {

    /** How many files a query returns at most. */
    static final int MAX_QUERY_RESULTS = 8;

    static final MetaToolSpec SPEC = new MetaToolSpec(CodeMode.LIST_TOOL_FILES,
            "List the tool stub files (Python signatures of the tools you can call). With query, only the"
                    + " best matches.",
            MetaToolHandler.schema(Map.of("query", MetaToolHandler.prop("string", "words for the tools you need")),
                    List.of()));

    @Override
    public MetaToolSpec spec() {
        return SPEC;
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        String query = args.string("query", false, Arguments.MAX_QUERY_CHARS, "use a few words");
        List<StubFile> files = stubs.files(view);
        String example = view.tools().stream().findFirst().map(t -> t.id() + "(...)").orElse("server.tool(...)");
        String footer = "Read a file with " + CodeMode.READ_TOOL_FILE + "; call tools from " + CodeMode.EXECUTE_TOOL_CODE
                + " as " + example + ".";
        List<String[]> rows = new ArrayList<>();
        if (query == null || query.isBlank()) {
            for (StubFile f : files) {
                rows.add(new String[] {f.path(), f.tools().size() + (f.tools().size() == 1 ? " tool" : " tools"),
                        f.summary()});
            }
            for (CatalogServer s : view.servers()) {
                if (!s.isAvailable()) {
                    rows.add(new String[] {"servers/" + s.id() + ".pyi", "unavailable", TextFit.oneLine(s.error())});
                }
            }
            if (rows.isEmpty()) {
                return MetaToolResult.ok("No tools are available to you.");
            }
            return MetaToolResult.ok(TextFit.fitLines(TextFit.table(rows), footer, hidden -> "... " + hidden
                    + " more files not shown: call " + CodeMode.LIST_TOOL_FILES
                    + " with a query to find the ones you need.\n", maxOutputChars));
        }
        Map<StubFile, List<String>> matches = new LinkedHashMap<>();
        for (CatalogTool tool : FileRanker.of(view).rank(query)) {
            stubs.fileOf(view, tool)
                    .ifPresent(f -> matches.computeIfAbsent(f, k -> new ArrayList<>()).add(tool.toolId()));
            if (matches.size() >= MAX_QUERY_RESULTS) {
                break;
            }
        }
        if (matches.isEmpty()) {
            return MetaToolResult.ok("No tool matches \"" + query + "\". Call " + CodeMode.LIST_TOOL_FILES
                    + " without a query to see every file.");
        }
        matches.forEach((f, tools) -> rows.add(new String[] {f.path(),
                f.tools().size() == 1 ? f.summary() : String.join(", ", tools), ""}));
        return MetaToolResult.ok(TextFit.table(rows) + footer);
    }
}
