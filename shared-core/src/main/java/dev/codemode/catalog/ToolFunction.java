package dev.codemode.catalog;

import java.util.Map;

/**
 * A tool written as a plain Java function: JSON arguments in, a JSON value out ({@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null} or a {@link ToolResult}).
 * An exception it throws becomes the tool's error message; a {@link ToolCallException} it throws
 * means the tool could not be reached (and counts against the server's circuit breaker).
 */
@FunctionalInterface
public interface ToolFunction {

    Object apply(Map<String, Object> arguments) throws Exception;
}
