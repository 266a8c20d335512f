package dev.codemode.sandbox;

import net.starlark.java.eval.EvalException;

/** An error the sandbox raises with the fix beside it, as the answer's {@code hint}. */
class HintedException extends EvalException {
    private static final long serialVersionUID = 1L;

    final String hint;

    HintedException(String message, String hint) {
        super(message);
        this.hint = hint;
    }
}
