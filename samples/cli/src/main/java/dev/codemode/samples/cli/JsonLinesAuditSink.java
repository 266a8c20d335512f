package dev.codemode.samples.cli;

import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.Slf4jAuditSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * {@code --audit FILE}: one JSON object per record and line (the core's audit JSON), appended to the file,
 * or written to stderr for {@code -} (stdout carries the model-facing text, or the MCP protocol). A
 * record holds the virtual key's id, never a bearer token: tokens stop at the HTTP filter.
 */
final class JsonLinesAuditSink implements AuditSink {

    private final OutputStream out;
    private final boolean owned;
    /** The core's JSON form of a record, through the one public door to it: the SLF4J sink's message. */
    private final Slf4jAuditSink json = new Slf4jAuditSink(new LineLogger());

    private JsonLinesAuditSink(OutputStream out, boolean owned) {
        this.out = out;
        this.owned = owned;
    }

    static JsonLinesAuditSink open(String target, PrintStream stderr) {
        if (target.equals("-")) {
            return new JsonLinesAuditSink(stderr, false);
        }
        try {
            Path file = Path.of(target);
            return new JsonLinesAuditSink(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("--audit " + target + " cannot be opened for appending: " + e.getMessage());
        }
    }

    @Override
    public void write(AuditRecord record) {
        json.write(record);
    }

    private void line(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush(); // one line at a time: a reader (or a crash) sees whole records only
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the audit log counts the record as failed
        }
    }

    /** Takes each INFO message (one record's JSON) as one line of the file. */
    private final class LineLogger extends LegacyAbstractLogger {

        @Override
        public String getName() {
            return Slf4jAuditSink.LOGGER_NAME;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return false;
        }

        @Override
        public boolean isErrorEnabled() {
            return false;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                Throwable throwable) {
            line(message);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
