package dev.codemode.mcp.testserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a process running: every process the test JVM started during the
 * class (its descendants, a server's own children included) must have ended when the class is done,
 * after a grace period for processes that are stopping. What is still alive is killed, so a failure
 * leaves no orphan behind either, and the failure names each process with its command line.
 *
 * <p>Registered for every test class of a module by JUnit's extension auto-detection: this class is
 * listed in {@code META-INF/services/org.junit.jupiter.api.extension.Extension} of the core's test jar,
 * and a module turns detection on with {@code junit.jupiter.extensions.autodetection.enabled=true} in
 * its {@code src/test/resources/junit-platform.properties}.
 */
public final class NoProcessLeftBehind implements BeforeAllCallback, AfterAllCallback {

    /** How long processes that are stopping (a JVM running its shutdown hooks) get to end. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoProcessLeftBehind.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isTopLevel(context)) {
            context.getStore(NAMESPACE).put("before", descendantPids());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!isTopLevel(context)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NAMESPACE).get("before", Set.class);
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<ProcessHandle> left = startedSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = startedSince(before);
        }
        if (left.isEmpty()) {
            return;
        }
        List<String> described = new ArrayList<>();
        for (ProcessHandle p : left) {
            String commandLine = ChildProcesses.commandLine(p);
            described.add(p.pid() + " " + (commandLine.length() > 300 ? commandLine.substring(0, 300) + "..." : commandLine));
        }
        left.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError(context.getRequiredTestClass().getName() + " left " + left.size()
                + " process(es) running " + GRACE.toSeconds() + " s after it ended (now killed): "
                + String.join("; ", described));
    }

    private static boolean isTopLevel(ExtensionContext context) {
        return context.getTestClass().map(c -> !c.isAnnotationPresent(Nested.class)).orElse(false);
    }

    private static List<ProcessHandle> startedSince(Set<Long> before) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> before == null || !before.contains(p.pid()))
                .toList();
    }

    private static Set<Long> descendantPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
    }
}
