package dev.codemode.security;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples the CPU time of the sandbox's threads (script workers and tool-call threads) to find the
 * last moment any of them was busy: a script stopped at its deadline must not keep a core working.
 *
 * <p>On Linux it reads {@code /proc/self/task/<tid>/stat} (threads named {@code codemode-script...}
 * or {@code codemode-call...}): the kernel's count needs nothing from the JVM, so a thread that keeps
 * the JVM from reaching a safepoint cannot hide. Elsewhere it asks the JVM's {@link ThreadMXBean}.
 */
final class SandboxCpu {

    /** A sampling window counts as busy when the sandbox's threads used a tenth of a core in it. */
    private static final long SAMPLE_MILLIS = 50;
    /** Sampling stops after this long without a busy window. */
    private static final long QUIET_MILLIS = 400;
    /** ... or this long after the deadline, whatever happens. */
    private static final long GIVE_UP_MILLIS = 6_000;
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Clock ticks per second of {@code /proc} CPU times (the kernel's USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private SandboxCpu() {
    }

    /** How long after {@code deadlineNanos} (a {@link System#nanoTime()}) the sandbox's threads were last busy; zero if never. */
    static Duration busyAfter(long deadlineNanos) throws InterruptedException {
        long lastBusy = deadlineNanos;
        long previousCpu = cpuNanos();
        long previous = System.nanoTime();
        while (true) {
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            long used = cpuNanos();
            if (used - previousCpu > (now - previous) / 10) {
                lastBusy = now;
            }
            previousCpu = used;
            previous = now;
            boolean quiet = now - Math.max(lastBusy, deadlineNanos) > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
            if (quiet || now - deadlineNanos > TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS)) {
                return Duration.ofNanos(Math.max(0, lastBusy - deadlineNanos));
            }
        }
    }

    /** CPU time used so far by the sandbox's threads, in nanoseconds. */
    static long cpuNanos() {
        return Files.isDirectory(TASKS) ? fromProc() : fromJvm();
    }

    private static long fromProc() {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (!name.startsWith("codemode-script") && !name.startsWith("codemode-call")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return fromJvm();
        }
        return TimeUnit.SECONDS.toNanos(ticks) / TICKS_PER_SECOND;
    }

    private static long fromJvm() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("codemode-script-") || name.startsWith("codemode-call-")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }
}
