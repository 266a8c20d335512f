package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillLibrary;
import dev.codemode.stubs.StubGenerator;
import java.util.List;
import java.util.Optional;
import net.starlark.java.spelling.SpellChecker;
import org.jspecify.annotations.Nullable;

/** {@code getToolDocs(server, tool)}: one tool's full documentation. */
record GetToolDocs(StubGenerator stubs, int maxOutputChars, @Nullable SkillLibrary skills) implements MetaToolHandler {

    static final MetaToolSpec SPEC = new MetaToolSpec(CodeMode.GET_TOOL_DOCS,
            "One tool's full docs: parameter constraints, examples, output shape.",
            MetaToolHandler.schema(MetaToolHandler.props(
                    "server", MetaToolHandler.prop("string", "e.g. crm"),
                    "tool", MetaToolHandler.prop("string", "e.g. lookup_customer")),
                    List.of("server", "tool")));

    @Override
    public MetaToolSpec spec() {
        return SPEC;
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        String server = args.string("server", true, Arguments.MAX_NAME_CHARS,
                "pass a server name from " + CodeMode.LIST_TOOL_FILES);
        String tool = args.string("tool", true, Arguments.MAX_NAME_CHARS, "pass a tool name from the server's stub file");
        if (skills != null && server.equals(SkillTexts.SERVER) && view.server(server).isEmpty()) {
            List<Skill> mine = SkillTexts.visible(skills, caller, view);
            if (mine == null) {
                return MetaToolResult.error("skills are unavailable: " + SkillTexts.STORE_DOWN);
            }
            Optional<Skill> skill = mine.stream().filter(k -> k.name().equals(tool)).findFirst();
            if (skill.isEmpty()) {
                List<String> names = mine.stream().map(Skill::name).toList();
                String suggestion = SpellChecker.suggest(tool, names);
                return MetaToolResult.error("no skill " + Arguments.shortName(tool)
                        + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                        + (names.isEmpty() ? " You have no skills." : " Skills: " + String.join(", ", names)));
            }
            return MetaToolResult.ok(SkillTexts.docs(skill.get(), view, stubs));
        }
        Optional<CatalogServer> s = view.server(server)
                .or(() -> view.servers().stream().filter(x -> x.name().equals(server)).findFirst());
        if (s.isEmpty()) {
            List<String> ids = view.servers().stream().map(CatalogServer::id).toList();
            String suggestion = SpellChecker.suggest(server, ids);
            return MetaToolResult.error("no server " + server
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " Servers: " + String.join(", ", ids));
        }
        Optional<CatalogTool> t = s.get().tool(tool)
                .or(() -> s.get().tools().stream().filter(x -> x.descriptor().name().equals(tool)).findFirst());
        if (t.isEmpty()) {
            List<String> ids = s.get().tools().stream().map(CatalogTool::toolId).toList();
            String suggestion = SpellChecker.suggest(tool, ids);
            return MetaToolResult.error(s.get().id() + " has no tool " + tool
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " " + s.get().id() + " has: " + String.join(", ", ids));
        }
        String docs = stubs.docs(view, t.get());
        return MetaToolResult.ok(docs.length() <= maxOutputChars ? docs
                : TextFit.fitLines(docs, "", hidden -> "... (cut: the docs have " + docs.length()
                        + " characters; the rest is not shown)\n", maxOutputChars));
    }
}
