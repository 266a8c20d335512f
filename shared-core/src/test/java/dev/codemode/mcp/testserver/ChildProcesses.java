package dev.codemode.mcp.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Child processes of this JVM that run a given main class: what stdio tests leave running. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Live children whose command line names {@code mainClass}. */
    public static List<ProcessHandle> running(String... mainClasses) {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> Arrays.stream(mainClasses).anyMatch(c -> commandLine(p).contains(c)))
                .toList();
    }

    /**
     * The whole command line. {@code ProcessHandle.Info} leaves the arguments out when the command line
     * is long (a test class path is), so Linux's {@code /proc} is read first.
     */
    public static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // the process ended meanwhile: fall back to what the JDK knows
        }
        return p.info().arguments().map(a -> String.join(" ", a)).orElse("");
    }
}
