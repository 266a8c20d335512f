package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillLibrary;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the model reads about skills: the {@code skills.pyi} row of {@code listToolFiles}, the stub
 * file, a skill's signature line in query results, and its {@code getToolDocs}. Skills are marked for
 * approval like tools: a skill needs approval when one of the tools it calls does.
 *
 * <p>A skill's text comes from whoever saved it. Everything of it that reaches a stub is made safe for
 * its place: names are identifiers (checked when saved), defaults are one-line constants, and docstring
 * text is escaped so that it can neither close the stub's triple quotes nor start a line of code.
 */
final class SkillTexts {

    /** The virtual file skills are listed under, and the pseudo-server {@code getToolDocs} takes. */
    static final String FILE = "skills.pyi";
    static final String SERVER = "skills";
    /** The row's signatures are listed while they fit in this many characters. */
    private static final int ROW_CHARS = 100;

    private SkillTexts() {
    }

    private static final Logger log = LoggerFactory.getLogger(SkillTexts.class);

    /** What the meta-tools say when the skill store cannot be read: the tools still work. */
    static final String STORE_DOWN = "the skill store could not be read; try again later, or write the code in"
            + " the script";

    /**
     * The skills {@code caller} sees, {@code List.of()} without skills, or {@code null} when the store
     * failed (logged here, said to the model as {@link #STORE_DOWN}): a database that is down costs the
     * caller its skills, never its tools or an audit record.
     */
    static @Nullable List<Skill> visible(@Nullable SkillLibrary skills, CallContext caller, CatalogView view) {
        if (skills == null) {
            return List.of();
        }
        try {
            return skills.list(caller, view);
        } catch (RuntimeException e) {
            log.warn("the skill store could not be read: {}", e.toString());
            return null;
        }
    }

    /** The listing row of a store that could not be read. */
    static String[] unavailableRow() {
        return new String[] {FILE, "unavailable", STORE_DOWN};
    }

    /** Whether a call of {@code skill} needs approval under {@code stubs}' policy (a tool it calls does). */
    static boolean needsApproval(Skill skill, CatalogView view, StubGenerator stubs) {
        for (String id : skill.tools()) {
            int dot = id.indexOf('.');
            Optional<CatalogTool> tool = view.tool(id.substring(0, dot), id.substring(dot + 1));
            if (tool.isEmpty() || !stubs.isAutoExecuted(tool.get())) {
                return true;
            }
        }
        return false;
    }

    /** The listing row: {@code skills.pyi  2 skills  summarize_orders(customer_id), draft_email(...)}. */
    static String[] row(List<Skill> skills) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < skills.size(); i++) {
            Skill s = skills.get(i);
            String shortSig = s.name() + "(" + String.join(", ", s.parameters().stream().map(Skill.Parameter::name)
                    .toList()) + ")";
            String next = (i == 0 ? "" : ", ") + (names.length() + shortSig.length() <= ROW_CHARS ? shortSig
                    : s.name() + "(...)");
            if (names.length() + next.length() > ROW_CHARS) {
                names.append(", ...");
                break;
            }
            names.append(next);
        }
        return new String[] {FILE, skills.size() + (skills.size() == 1 ? " skill" : " skills"), names.toString()};
    }

    /** One line for query results: {@code summarize_orders(customer_id: str) -> dict  # Summarise ...}. */
    static String signatureLine(Skill skill, boolean needsApproval) {
        String summary = firstLine(skill.description());
        return skill.signature() + "  # " + (needsApproval ? "needs approval. " : "") + safeLine(summary);
    }

    /** {@code skills.pyi}: a header, then per skill a def with its docstring and the tools it calls. */
    static String stub(List<Skill> skills, CatalogView view, StubGenerator stubs) {
        List<Boolean> need = skills.stream().map(s -> needsApproval(s, view, stubs)).toList();
        boolean all = need.stream().allMatch(b -> b);
        boolean none = need.stream().noneMatch(b -> b);
        StringBuilder out = new StringBuilder("# skills: saved functions. Call as skills.name(...) in executeToolCode;"
                + " they run with your tools and approvals. " + StubGenerator.approvalSentence(all, none) + "\n");
        for (int i = 0; i < skills.size(); i++) {
            Skill s = skills.get(i);
            out.append('\n').append("def ").append(s.signature()).append(':')
                    .append(!all && !none && need.get(i) ? "  # needs approval" : "").append('\n');
            out.append("    \"\"\"");
            List<String> lines = docLines(s);
            for (int k = 0; k < lines.size(); k++) {
                out.append(k == 0 ? "" : lines.get(k).isEmpty() ? "\n" : "\n    ").append(lines.get(k));
            }
            out.append(lines.size() > 1 ? "\n    \"\"\"\n" : "\"\"\"\n");
        }
        return out.toString();
    }

    /** {@code getToolDocs(server="skills", tool=name)}: signature, approval, tools, the source, an example. */
    static String docs(Skill skill, CatalogView view, StubGenerator stubs) {
        return "skills." + skill.signature() + "  # version " + skill.version() + ". "
                + (needsApproval(skill, view, stubs) ? "Needs approval." : "No call needs approval.") + "\n"
                + (skill.tools().isEmpty() ? "" : "Calls: " + String.join(", ", skill.tools()) + "\n")
                + "Source:\n" + skill.source().lines().map(SkillTexts::printable).reduce((a, b) -> a + "\n" + b)
                        .orElse("")
                + "\nExample: result = skills." + skill.name() + "(" + example(skill) + ")\n";
    }

    /** Control characters and line separators of one line as spaces. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 && c != '\t' || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 ? ' ' : c);
        }
        return out.toString();
    }

    /** The docstring's lines, escaped, then the tools the skill calls. */
    private static List<String> docLines(Skill s) {
        List<String> lines = new ArrayList<>();
        for (String line : s.description().lines().toList()) {
            lines.add(safeLine(line.stripTrailing()));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (!s.tools().isEmpty()) {
            lines.add("Calls: " + String.join(", ", s.tools()));
        }
        return lines;
    }

    private static String example(Skill skill) {
        List<String> args = new ArrayList<>();
        for (Skill.Parameter p : skill.parameters()) {
            if (p.defaultValue() == null) {
                args.add(p.name() + "=...");
            }
        }
        return String.join(", ", args);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String first = (nl < 0 ? text : text.substring(0, nl)).strip();
        return first.length() <= 120 ? first : first.substring(0, 117) + "...";
    }

    /** A line of saved text made safe inside a stub's docstring or comment: no {@code """} can close the docstring. */
    static String safeLine(String s) {
        return StubGenerator.docstringLine(s);
    }

    /** The skill as a tool for ranking: its name, parameters and docstring are the words it is found by. */
    static CatalogTool rankable(Skill skill) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (Skill.Parameter p : skill.parameters()) {
            properties.put(p.name(), Map.of());
            ids.put(p.name(), p.name());
        }
        return new CatalogTool(SERVER, skill.name(), ToolDescriptor.of(SERVER, skill.name(), skill.description(),
                Map.of("type", "object", "properties", properties)), ids);
    }
}
