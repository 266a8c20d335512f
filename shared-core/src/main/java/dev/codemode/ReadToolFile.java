package dev.codemode;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogView;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillLibrary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.starlark.java.spelling.SpellChecker;
import org.jspecify.annotations.Nullable;

/**
 * {@code readToolFile(fileName, startLine?, endLine?)}: one stub file, or a range of its lines. A range
 * comes with its line numbers ({@code 12| def ...}) and, when the file goes on, a last line
 * {@code # lines 2-12 of 40}; the whole file comes as plain stub text.
 */
record ReadToolFile(StubGenerator stubs, int maxOutputChars, @Nullable SkillLibrary skills) implements MetaToolHandler {

    /** Between a line's number and its text in a ranged read: {@code 12| def lookup(...)}. */
    static final String LINE_MARK = "| ";

    static final MetaToolSpec SPEC = new MetaToolSpec(CodeMode.READ_TOOL_FILE,
            "Read a stub file (optionally lines startLine-endLine, 1-based): signatures, result types, one-line"
                    + " docs.",
            MetaToolHandler.schema(MetaToolHandler.props(
                    "fileName", MetaToolHandler.prop("string", "path from listToolFiles"),
                    "startLine", Map.of("type", "integer"),
                    "endLine", Map.of("type", "integer")), List.of("fileName")));

    @Override
    public MetaToolSpec spec() {
        return SPEC;
    }

    @Override
    public MetaToolResult handle(CatalogView view, Arguments args, CallContext caller) {
        String fileName = args.string("fileName", true, Arguments.MAX_PATH_CHARS,
                "pass a path from " + CodeMode.LIST_TOOL_FILES);
        Integer startLine = args.integer("startLine");
        Integer endLine = args.integer("endLine");
        String path = normalise(fileName);
        // The skill store is read for skills.pyi, and for the file list of a miss; a server's file needs none.
        Optional<String> text;
        if (skills != null && isSkillsFile(fileName)) {
            List<Skill> mine = SkillTexts.visible(skills, caller, view);
            if (mine == null) {
                return MetaToolResult.error(SkillTexts.FILE + " is unavailable: " + SkillTexts.STORE_DOWN);
            }
            text = mine.isEmpty() ? stubs.read(view, path) : Optional.of(SkillTexts.stub(mine, view, stubs));
        } else {
            text = stubs.read(view, path);
        }
        if (text.isEmpty()) {
            List<String> paths = new java.util.ArrayList<>(stubs.files(view).stream().map(StubFile::path).toList());
            List<Skill> mine = SkillTexts.visible(skills, caller, view);
            if (mine != null && !mine.isEmpty()) {
                paths.add(0, SkillTexts.FILE);
            }
            String suggestion = SpellChecker.suggest(path, paths);
            return MetaToolResult.error("no file " + fileName
                    + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                    + " Files: " + String.join(", ", paths.size() > 20 ? paths.subList(0, 20) : paths)
                    + (paths.size() > 20 ? ", ... (" + CodeMode.LIST_TOOL_FILES + " lists all)" : ""));
        }
        List<String> lines = text.get().lines().toList();
        int from = startLine == null ? 1 : startLine;
        int to = endLine == null ? lines.size() : Math.min(endLine, lines.size());
        if (startLine != null || endLine != null) {
            if (from < 1 || from > lines.size() || to < from) {
                return MetaToolResult.error("lines " + from + "-" + (endLine == null ? "end" : endLine)
                        + " are outside " + path + ", which has lines 1-" + lines.size());
            }
        }
        // A range is numbered ("12| def ..."), so the next range can be asked for exactly; the whole
        // file reads as the stub it is.
        boolean ranged = startLine != null || endLine != null;
        // At most the output limit, cut after a whole line, with where to go on reading.
        StringBuilder out = new StringBuilder();
        int line = from;
        for (; line <= to; line++) {
            String next = (ranged ? line + LINE_MARK : "") + lines.get(line - 1);
            if (out.length() + next.length() + 1 > maxOutputChars - 160) {
                break;
            }
            out.append(next).append('\n');
        }
        if (line <= to) {
            if (line == from) {
                String first = (ranged ? from + LINE_MARK : "") + lines.get(from - 1);
                out.append(first, 0, Math.max(0, maxOutputChars - 200)).append(" ... (line cut)\n");
                line++;
            }
            out.append("# ... lines ").append(from).append('-').append(line - 1).append(" of ").append(lines.size())
                    .append(" shown; read on with ").append(CodeMode.READ_TOOL_FILE).append("(fileName=\"").append(path)
                    .append("\", startLine=").append(line).append(')');
            return MetaToolResult.ok(out.toString());
        }
        if (!ranged) {
            return MetaToolResult.ok(text.get());
        }
        out.setLength(out.length() - 1);
        return MetaToolResult.ok(to < lines.size() ? out + "\n# lines " + from + "-" + to + " of " + lines.size()
                : out.toString());
    }

    /** {@code skills.pyi}, {@code /skills.py}, {@code skills}: the skills' file. */
    private static boolean isSkillsFile(String fileName) {
        String p = fileName.strip().replace('\\', '/').replaceFirst("^(\\./|/)+", "");
        return p.equals(SkillTexts.FILE) || p.equals("skills.py") || p.equals(SkillTexts.SERVER);
    }

    /** {@code crm}, {@code /servers/crm.py}, {@code ./servers/crm.pyi}: all {@code servers/crm.pyi}. */
    private static String normalise(String fileName) {
        String p = fileName.strip().replace('\\', '/');
        int start = 0;
        while (start < p.length()) {
            if (p.startsWith("/", start)) {
                start++;
            } else if (p.startsWith("./", start)) {
                start += 2;
            } else {
                break;
            }
        }
        p = p.substring(start);
        if (!p.startsWith("servers/")) {
            p = "servers/" + p;
        }
        if (p.endsWith(".py")) {
            p = p + "i";
        } else if (!p.endsWith(".pyi")) {
            p = p + ".pyi";
        }
        return p;
    }
}
