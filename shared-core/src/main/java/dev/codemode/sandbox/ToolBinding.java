package dev.codemode.sandbox;

import dev.codemode.catalog.CatalogTool;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Dict;
import net.starlark.java.eval.EvalException;
import net.starlark.java.eval.Printer;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkCallable;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.eval.Tuple;

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
            throw Starlark.errorf("%s takes keyword arguments only, e.g. %s(%s=...)", tool.id(), tool.id(),
                    tool.parameterIds().isEmpty() ? "name" : tool.parameterIds().values().iterator().next());
        }
        return ScriptRun.of(thread).call(tool, kwargs);
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
