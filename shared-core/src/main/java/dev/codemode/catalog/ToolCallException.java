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

    /**
     * One line for the model on why {@code error} happened: its cause class ({@link Failures#cause}:
     * "connection refused", "timed out", "HTTP 401", the server's JSON-RPC error, ...), never text
     * copied from an exception message, which may hold a URL with credentials, a response body or a
     * command line. Tool sources build their messages with it so every source words failures alike.
     */
    public static String reasonOf(Throwable error) {
        return Failures.cause(error);
    }
}
