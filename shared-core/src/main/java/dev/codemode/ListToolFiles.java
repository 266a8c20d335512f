package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.stubs.BindingLevel;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillLibrary;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code listToolFiles(query?)}. With a query: the best-matching tools, one signature line each
 * (enough to write the call), under the path of the file that holds them. Without: the caller's stub
 * files while that listing fits {@link #LIST_BUDGET_CHARS}, else one line per server with its tool
 * count and "pass a query". Unavailable servers are always reported.
 *
 * <p>With a file per tool ({@link BindingLevel#TOOL}) both list by server directory
 * ({@code servers/crm/}): the unqueried listing names each directory's tools on one line, and a query
 * groups its signature lines under the directory; a tool's file is the directory and its name, which
 * the footer says once. The same discovery then costs about what it costs with a file per server.
 */
record ListToolFiles(StubGenerator stubs, int maxOutputChars, @Nullable SkillLibrary skills) implements MetaToolHandler {

    /** How many tools a query returns at most. */
    static final int MAX_QUERY_RESULTS = 8;
    /**
     * Files named after the signature lines as holding further matches (with how many among the next
     * {@value #MAX_FURTHER_TOOLS} ranked tools): a model that did not find its tool reads one of them
     * instead of guessing new words.
     */
    static final int MAX_MORE_FILES = 6;
    static final int MAX_FURTHER_TOOLS = 48;
    /**
     * Largest unqueried listing, in characters (about 1,500 tokens): a file listing longer than this
     * is replaced by the per-server summary, and a summary longer than this is cut.
     */
    static final int LIST_BUDGET_CHARS = 6_000;

    /** Says, at {@link BindingLevel#TOOL}, where a listed tool's file is. */
    static final String PER_TOOL_FILES = "A tool's file is servers/<server>/<tool>.pyi.";

    static final MetaToolSpec SPEC = new MetaToolSpec(CodeMode.LIST_TOOL_FILES,
            "Find tools: with query, signatures of the best matches; without, the stub files (or servers, if"
                    + " many).",
            MetaToolHandler.schema(Map.of("query", MetaToolHandler.prop("string", "what the tools do")),
                    List.of()));

    @Override
    public MetaToolSpec spec() {
        return SPEC;
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        String query = args.string("query", false, Arguments.MAX_QUERY_CHARS, "use a few words");
        String example = view.tools().stream().findFirst().map(t -> t.id() + "(...)").orElse("server.tool(...)");
        List<Skill> mine = SkillTexts.visible(skills, caller, view);
        if (mine == null) { // the store failed: the tools are listed, and the skills said to be unavailable
            MetaToolResult tools = query == null || query.isBlank() ? tree(view, example, List.of())
                    : matches(view, query.strip(), List.of());
            return new MetaToolResult(tools.text() + "\n" + SkillTexts.FILE + " is unavailable: " + SkillTexts.STORE_DOWN
                    + ".", tools.isError());
        }
        return query == null || query.isBlank() ? tree(view, example, mine) : matches(view, query.strip(), mine);
    }

    private MetaToolResult tree(CatalogView view, String example, List<Skill> mine) {
        boolean perTool = stubs.level() == BindingLevel.TOOL;
        List<String[]> unavailable = new ArrayList<>();
        List<String[]> down = new ArrayList<>();
        for (CatalogServer s : view.servers()) {
            if (!s.isAvailable()) {
                String error = TextFit.oneLine(s.error());
                unavailable.add(new String[] {perTool ? directory(s.id()) : "servers/" + s.id() + ".pyi", "unavailable",
                        error});
                down.add(new String[] {s.id(), "unavailable", error});
            }
        }
        List<String[]> rows = new ArrayList<>();
        if (perTool) {
            // A file per tool: one line per server directory, naming its files, costs about what the
            // server-level listing costs; a line per file would repeat the path and "1 tool" each time.
            for (CatalogServer s : view.servers()) {
                if (s.isAvailable() && !s.tools().isEmpty()) {
                    rows.add(new String[] {directory(s.id()), toolFiles(s), ""});
                }
            }
        } else {
            for (StubFile f : stubs.files(view)) {
                rows.add(new String[] {f.path(), tools(f.tools().size()), f.summary()});
            }
        }
        if (!mine.isEmpty()) {
            rows.add(SkillTexts.row(mine));
        }
        rows.addAll(unavailable);
        if (rows.isEmpty()) {
            return MetaToolResult.ok("No tools are available to you.");
        }
        int budget = Math.min(LIST_BUDGET_CHARS, maxOutputChars);
        String footer = (perTool ? PER_TOOL_FILES + " Read one" : "Read a file") + " with " + CodeMode.READ_TOOL_FILE
                + "; call tools from " + CodeMode.EXECUTE_TOOL_CODE + " as " + example + ".";
        String files = TextFit.table(rows);
        if (files.length() + footer.length() <= budget) {
            return MetaToolResult.ok(files + footer);
        }
        // Too many files to list: one line per server, and the way to the tools is a query.
        List<String[]> servers = new ArrayList<>();
        for (CatalogServer s : view.servers()) {
            if (s.isAvailable() && !s.tools().isEmpty()) {
                servers.add(new String[] {s.id(), tools(s.tools().size()), StubGenerator.serverSummary(s)});
            }
        }
        if (!mine.isEmpty()) {
            servers.add(0, SkillTexts.row(mine));
        }
        // Unavailable servers go with the footer, so that cutting the summary never hides them.
        String summaryFooter = (down.isEmpty() ? "" : TextFit.table(down)) + view.tools().size()
                + " tools, too many to list: call " + CodeMode.LIST_TOOL_FILES
                + "(query=\"...\") with words for what you need to get their signatures.";
        return MetaToolResult.ok(TextFit.fitLines(TextFit.table(servers), summaryFooter,
                hidden -> "... " + hidden + " more servers not shown.\n", budget));
    }

    private MetaToolResult matches(CatalogView view, String query, List<Skill> mine) {
        // Grouped under the file that holds them; with a file per tool, under the server's directory,
        // since the tool's file is the directory and its name. Skills are ranked with the tools, under skills.pyi.
        boolean perTool = stubs.level() == BindingLevel.TOOL;
        Map<CatalogTool, Skill> skillOf = new IdentityHashMap<>();
        FileRanker ranker = FileRanker.of(view);
        if (!mine.isEmpty()) {
            List<CatalogTool> all = new ArrayList<>(view.tools());
            for (Skill skill : mine) {
                CatalogTool rankable = SkillTexts.rankable(skill);
                skillOf.put(rankable, skill);
                all.add(rankable);
            }
            ranker = new FileRanker(all);
        }
        Map<String, List<CatalogTool>> byFile = new LinkedHashMap<>();
        Map<String, Integer> more = new LinkedHashMap<>();
        int count = 0;
        int further = 0;
        for (CatalogTool tool : ranker.rank(query)) {
            Skill skill = skillOf.get(tool);
            String path;
            if (skill != null) {
                path = SkillTexts.FILE;
            } else {
                var file = stubs.fileOf(view, tool);
                if (file.isEmpty()) {
                    continue;
                }
                path = file.get().path();
            }
            if (count < MAX_QUERY_RESULTS) {
                byFile.computeIfAbsent(perTool && skill == null ? directory(tool.serverId()) : path,
                        k -> new ArrayList<>()).add(tool);
                count++;
            } else if (more.containsKey(path) || more.size() < MAX_MORE_FILES) {
                more.merge(path, 1, Integer::sum);
            }
            if (count >= MAX_QUERY_RESULTS && ++further > MAX_FURTHER_TOOLS) {
                break;
            }
        }
        if (byFile.isEmpty()) {
            return MetaToolResult.ok("No tool matches \"" + TextFit.oneLine(query) + "\". Try other words, or call "
                    + CodeMode.LIST_TOOL_FILES + " without a query.");
        }
        // Approval is said once when the shown tools agree, else each that needs it is marked.
        List<CatalogTool> shown = byFile.values().stream().flatMap(List::stream).toList();
        java.util.function.Predicate<CatalogTool> auto = t -> skillOf.containsKey(t)
                ? !SkillTexts.needsApproval(skillOf.get(t), view, stubs) : stubs.isAutoExecuted(t);
        boolean allNeed = shown.stream().noneMatch(auto);
        boolean noneNeed = shown.stream().allMatch(auto);
        StringBuilder out = new StringBuilder();
        byFile.forEach((file, tools) -> {
            out.append(file).append('\n');
            tools.forEach(tool -> out.append("  ").append(skillOf.containsKey(tool)
                    ? SkillTexts.signatureLine(skillOf.get(tool), !allNeed && !auto.test(tool))
                    : stubs.signatureLine(tool, !allNeed)).append('\n'));
        });
        String footer = (more.isEmpty() ? "" : "More matches: " + String.join(", ", more.entrySet().stream()
                .map(e -> perTool ? e.getKey() : e.getKey() + " (" + e.getValue() + ")").toList()) + "\n")
                + "Call these in " + CodeMode.EXECUTE_TOOL_CODE + "; " + CodeMode.READ_TOOL_FILE
                + (perTool ? "(\"servers/<server>/<tool>.pyi\") shows a tool's types. " : " shows a file's types. ")
                + StubGenerator.approvalSentence(allNeed, noneNeed);
        return MetaToolResult.ok(TextFit.fitLines(out.toString(), footer,
                hidden -> "... " + hidden + " more lines not shown.\n", maxOutputChars));
    }

    /** The directory of a server's files when there is a file per tool. */
    private static String directory(String serverId) {
        return "servers/" + serverId + "/";
    }

    /**
     * What a server directory holds: its tools' names, then its summary unless that is only those
     * names: {@code lookup_customer, delete_customer  # Customer records}.
     */
    private static String toolFiles(CatalogServer server) {
        String names = String.join(", ", server.tools().stream().map(CatalogTool::toolId).toList());
        String summary = StubGenerator.serverSummary(server);
        return names.startsWith(summary.replace("...", "")) ? names : names + "  # " + summary;
    }

    private static String tools(int n) {
        return n + (n == 1 ? " tool" : " tools");
    }
}
