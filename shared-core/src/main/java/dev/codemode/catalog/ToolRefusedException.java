package dev.codemode.catalog;

/**
 * A tool call refused by policy (not approved for this script, outside the caller's view). Unlike
 * other {@link ToolCallException}s it is never turned into a value by {@code try_call}: the script
 * stops.
 */
public class ToolRefusedException extends ToolCallException {

    private static final long serialVersionUID = 1L;

    public ToolRefusedException(String message) {
        super(message);
    }
}
