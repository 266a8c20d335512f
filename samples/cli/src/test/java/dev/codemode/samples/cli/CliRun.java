package dev.codemode.samples.cli;

import dev.codemode.json.JsonValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of the CLI: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

    /** The CLI jar built by this module. */
    static final Path JAR = Path.of(System.getProperty("cli.jar", "target/codemode-cli.jar"));

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

    /**
     * {@code java -jar codemode-cli.jar args...} with {@code stdin}, its output captured in files under
     * {@code dir}; a CLI that has not exited within {@code limit} is killed, its children first.
     */
    static CliRun ofJar(Path dir, Duration limit, String stdin, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the CLI did not exit within " + limit.toSeconds() + " s: " + command);
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Map<?, ?> json() {
        return (Map<?, ?>) JsonValues.parse(out);
    }
}
