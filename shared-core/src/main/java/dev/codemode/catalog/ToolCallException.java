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
     * One line for the model on why {@code error} happened: the root cause's message (or the
     * error's own), line breaks folded, at most 300 characters. A programming error of the host (a
     * JVM error, a null or a bad cast inside a tool's code) says so instead, since its message names
     * the host's code; the detail belongs in the application log. Tool sources build their messages
     * with it so every source words failures alike.
     */
    public static String reasonOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof Error || root instanceof NullPointerException || root instanceof ClassCastException
                || root instanceof IndexOutOfBoundsException || root instanceof ArithmeticException
                || root instanceof UnsupportedOperationException) {
            return root instanceof OutOfMemoryError ? "the tool ran out of memory" : "an internal error in the tool";
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = error.getMessage();
        }
        if (message == null || message.isBlank()) {
            return "an error without a message";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }
}
