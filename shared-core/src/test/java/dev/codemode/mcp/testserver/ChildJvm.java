package dev.codemode.mcp.testserver;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a new JVM that runs a test server's {@code main} with this JVM's test class path.
 * The class path goes in an argument file ({@code java @file}): the test class path is longer than the
 * 4 KB of command line that {@link ProcessHandle.Info#arguments()} can read on Linux, and tests find
 * their server processes by those arguments.
 */
public final class ChildJvm {

    private static Path argFile;

    private ChildJvm() {
    }

    /** {@code java -Xshare:auto -XX:TieredStopAtLevel=1 @<class path file> <main> args...}. */
    public static List<String> command(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "@" + classPathFile(), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Surefire and failsafe run tests with a manifest-only jar on {@code java.class.path} and put the
     * real path in {@code surefire.test.class.path}.
     */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static synchronized Path classPathFile() {
        if (argFile == null) {
            try {
                Path file = Files.createTempFile("codemode-test-classpath", ".args");
                file.toFile().deleteOnExit();
                // Argument files take quotes; a quoted path keeps its spaces and backslashes need doubling.
                Files.writeString(file, "-cp \"" + testClassPath().replace("\\", "\\\\") + "\"\n");
                argFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return argFile;
    }
}
