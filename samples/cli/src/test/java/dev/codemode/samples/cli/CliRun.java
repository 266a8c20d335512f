package dev.codemode.samples.cli;

import dev.codemode.json.JsonValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the CLI: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

    /** Runs the command class in this JVM against real servers, as {@code main} would (without exiting). */
    static CliRun inProcess(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CodeModeCli cli = new CodeModeCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                ServerConnector.mcp());
        int exit = CodeModeCli.commandLine(cli, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<?, ?> json() {
        return (Map<?, ?>) JsonValues.parse(out);
    }
}
