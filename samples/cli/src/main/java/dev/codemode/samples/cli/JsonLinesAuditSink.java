package dev.codemode.samples.cli;

import dev.codemode.audit.AuditJson;
import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.AuditSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code --audit FILE}: one JSON object per record and line ({@link AuditJson}), appended to the file,
 * or written to stderr for {@code -} (stdout carries the model-facing text, or the MCP protocol). A
 * record holds the virtual key's id, never a bearer token: tokens stop at the HTTP filter.
 */
final class JsonLinesAuditSink implements AuditSink {

    private final OutputStream out;
    private final boolean owned;

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
    public void write(AuditRecord record) throws IOException {
        out.write((AuditJson.write(record) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush(); // one line at a time: a reader (or a crash) sees whole records only
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
