package dev.codemode.catalog;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolResult;
import java.util.Map;

/**
 * How a script's tool call reaches the tool: the seam that approval, audit and resilience wrap, in
 * that order, each as a decorator around a plain call.
 */
@FunctionalInterface
public interface ToolInvoker {

    /**
     * Calls {@code tool} with JSON arguments keyed by the tool's original property names.
     *
     * @throws ToolCallException when the tool could not be called; the message goes to the model
     */
    ToolResult invoke(CatalogTool tool, Map<String, Object> arguments);
}
