package dev.codemode.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * Why a script failed, for the model.
 *
 * @param kind    {@code syntax}, {@code runtime}, {@code limit}, {@code timeout}, {@code denied}
 *                (approval or access refused the script or one of its calls), {@code cancelled} (the caller
 *                stopped waiting and interrupted the run) or {@code internal}
 * @param message what went wrong, one line
 * @param line    the script line (1-based), or {@code null} when not tied to a line
 * @param column  the column (1-based), or {@code null}
 * @param hint    what to do instead, or {@code null}
 */
public record ScriptError(String kind, String message, @Nullable Integer line, @Nullable Integer column,
        @Nullable String hint) {

    public static ScriptError of(String kind, String message) {
        return new ScriptError(kind, message, null, null, null);
    }

    public ScriptError withHint(String newHint) {
        return new ScriptError(kind, message, line, column, newHint);
    }
}
