package dev.codemode.audit;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record as one line of JSON ({@link AuditJson}) at INFO on the logger
 * {@value #LOGGER_NAME}, arguments and (capped) result included. Route that logger to its own
 * appender to get a JSON-lines audit file; the log's own warnings use
 * {@code dev.codemode.audit.AuditLog}, which can be routed elsewhere.
 */
public final class Slf4jAuditSink implements AuditSink {

    /** The logger records go to. */
    public static final String LOGGER_NAME = "dev.codemode.audit";

    private final Logger logger;

    public Slf4jAuditSink() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** Writes to the given logger instead of {@value #LOGGER_NAME}. */
    public Slf4jAuditSink(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void write(AuditRecord record) {
        if (logger.isInfoEnabled()) {
            // The one-argument form: the JSON is the message, never a format pattern.
            logger.info(AuditJson.write(record));
        }
    }
}
