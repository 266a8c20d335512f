package dev.codemode.catalog;

/**
 * A tool could not be called: the server is unreachable, the protocol failed, the call timed out or
 * was refused. The message is written for the model: it names the tool and says what happened,
 * without stack traces or host details.
 */
public class ToolCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolCallException(String message) {
        super(message);
    }

    public ToolCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
