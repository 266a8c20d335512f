package dev.codemode.sandbox;

import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.CatalogView;

/**
 * Runs one model-written script against the tools of a view. The seam that lets the interpreter be
 * swapped; {@link StarlarkInterpreter} is the one the project ships.
 *
 * <p>Implementations never throw for anything a script does: every failure, including limits and
 * tool errors, is an {@link ExecutionResult} with an error.
 */
@FunctionalInterface
public interface Interpreter {

    ExecutionResult execute(String code, CatalogView view, ToolInvoker invoker);
}
