package dev.codemode.stubs;

import dev.codemode.json.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/resources/stubs-python/check_stubs.py} once over many sources: every source
 * must parse, and (unless syntax only) use only names it imports or declares. A {@link Session} keeps
 * one checker running for many single checks (the fuzz tests).
 */
final class PythonChecker {

    private static final Path CHECKER = Path.of("src", "test", "resources", "stubs-python", "check_stubs.py");

    private PythonChecker() {
    }

    /** Skips the calling test when python3 is not installed. */
    static void assumePython() {
        Assumptions.assumeTrue(present(), "python3 is not installed");
    }

    /** Whether python3 runs here. */
    static boolean present() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One long-lived checker process: a check costs a line each way instead of a process start. */
    static final class Session implements AutoCloseable {

        private final Process process;
        private final OutputStream in;
        private final java.io.BufferedReader out;

        Session() {
            try {
                process = new ProcessBuilder("python3", CHECKER.toString(), "--stream")
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new AssertionError("could not run python3", e);
            }
            in = process.getOutputStream();
            out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The problems python3 finds in one source; empty when it is valid. */
        @SuppressWarnings("unchecked")
        synchronized List<String> problems(String name, String text) {
            try {
                in.write((JsonValues.write(List.of(name, text)) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("python3 checker stopped on " + JsonValues.write(text));
                }
                return (List<String>) JsonValues.parse(line);
            } catch (IOException e) {
                throw new AssertionError("python3 checker failed", e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Sources named by index, for callers without names. */
    static Map<String, String> numbered(List<String> sources) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            named.put("source " + i, sources.get(i));
        }
        return named;
    }

    /** The problems python3 finds, as "name: problem" lines, each followed by the source. */
    @SuppressWarnings("unchecked")
    static List<String> problems(Map<String, String> sources, boolean syntaxOnly) {
        List<List<String>> pairs = new ArrayList<>();
        sources.forEach((name, text) -> pairs.add(List.of(name, text)));
        List<String> command = new ArrayList<>(List.of("python3", CHECKER.toString()));
        if (syntaxOnly) {
            command.add("--syntax-only");
        }
        try {
            Process process = new ProcessBuilder(command).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(JsonValues.write(pairs).getBytes(StandardCharsets.UTF_8));
            }
            String out;
            String err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("python3 failed: " + err);
            }
            List<String> problems = new ArrayList<>();
            for (Object problem : (List<Object>) JsonValues.parse(out)) {
                List<String> p = (List<String>) problem;
                problems.add(p.get(0) + ": " + p.get(1) + "\n" + sources.get(p.get(0)));
            }
            return problems;
        } catch (IOException e) {
            throw new AssertionError("could not run python3", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
