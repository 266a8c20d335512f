package dev.codemode.catalog;

import java.util.Map;

/**
 * A tool written as a plain Java function: JSON arguments in, a JSON value out ({@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null} or a {@link ToolResult}).
 * An exception it throws becomes the tool's error message.
 */
@FunctionalInterface
public interface ToolFunction {

    Object apply(Map<String, Object> arguments) throws Exception;
}
