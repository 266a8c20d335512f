package dev.codemode.sandbox;

import net.starlark.java.eval.EvalException;

/** A limit was hit. Never turned into a value by {@code try_call}: the script stops. */
final class LimitException extends EvalException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
        super(message);
    }
}
