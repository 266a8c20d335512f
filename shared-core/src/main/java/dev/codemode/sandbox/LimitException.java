package dev.codemode.sandbox;

/**
 * A limit was hit. Never turned into a value by {@code try_call}: the script stops. The message
 * names the limit and the value reached; the hint says what to do instead.
 */
final class LimitException extends HintedException {
    private static final long serialVersionUID = 1L;
    /** For a limit on the size of a value: the usual fix. */
    static final String SMALLER_VALUES = "work on less at once: filter or page with tool arguments, slice lists, "
            + "return only what the answer needs";

    LimitException(String message) {
        this(message, SMALLER_VALUES);
    }

    LimitException(String message, String hint) {
        super(message, hint);
    }
}
