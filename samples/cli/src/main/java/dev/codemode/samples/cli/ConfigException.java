package dev.codemode.samples.cli;

/** A configuration or connection problem: one line for the user, exit code 2. */
final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message, null, false, false);
    }
}
