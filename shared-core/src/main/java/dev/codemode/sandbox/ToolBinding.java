package dev.codemode.sandbox;

import dev.codemode.catalog.CatalogTool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Printer;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkCallable;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Tuple;
import net.starlark.java.spelling.SpellChecker;

/** One tool as a callable: keyword arguments in, a JSON-converted value out. */
@StarlarkBuiltin(name = "tool", documented = false)
final class ToolBinding implements StarlarkCallable {

    final CatalogTool tool;

    ToolBinding(CatalogTool tool) {
        this.tool = tool;
    }

    @Override
    public String getName() {
        return tool.id();
    }

    @Override
    public Object call(StarlarkThread thread, Tuple args, Dict<String, Object> kwargs)
            throws EvalException, InterruptedException {
        if (!args.isEmpty()) {
            throw Starlark.errorf("%s", positionalArguments(tool));
        }
        return ScriptRun.of(thread).call(tool, kwargs);
    }

    /** The answer to positional arguments, at run time and before it. */
    static String positionalArguments(CatalogTool tool) {
        return tool.id() + " takes keyword arguments only, e.g. " + tool.id() + "("
                + (tool.parameterIds().isEmpty() ? "name" : tool.parameterIds().values().iterator().next()) + "=...)";
    }

    /** The answer to a keyword the tool does not have, or {@code null} when it has it (or takes any). */
    static String unknownParameter(CatalogTool tool, String keyword) {
        Collection<String> ids = tool.parameterIds().values();
        if (ids.isEmpty() || ids.contains(keyword)) {
            return null;
        }
        return tool.id() + " has no parameter '" + keyword + "'"
                + SpellChecker.didYouMean(keyword, ids) + "; parameters: "
                + String.join(", ", ids);
    }

    /** The answer to required parameters not given (their script names). */
    static String missingParameters(CatalogTool tool, List<String> missing) {
        return tool.id() + " needs " + String.join(", ", missing);
    }

    /** The script names of the tool's required parameters. */
    static List<String> requiredIds(CatalogTool tool) {
        List<String> ids = new ArrayList<>();
        if (tool.descriptor().inputSchema().get("required") instanceof List<?> names) {
            for (Object n : names) {
                String id = tool.parameterIds().get(String.valueOf(n));
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    @Override
    public boolean isImmutable() {
        return true;
    }

    @Override
    public void repr(Printer printer) {
        printer.append("<tool ").append(tool.id()).append(">");
    }
}
