package dev.codemode.security;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time of the sandbox's threads (script workers and tool-call threads) to find the
 * last moment any of them was busy: a script stopped at its deadline must not keep a core working.
 */
final class SandboxCpu {

    /** A sampling window counts as busy when the sandbox's threads used a tenth of a core in it. */
    private static final long SAMPLE_MILLIS = 50;
    /** Sampling stops after this long without a busy window. */
    private static final long QUIET_MILLIS = 400;
    /** ... or this long after the deadline, whatever happens. */
    private static final long GIVE_UP_MILLIS = 6_000;

    private SandboxCpu() {
    }

    /** How long after {@code deadlineNanos} (a {@link System#nanoTime()}) the sandbox's threads were last busy; zero if never. */
    static Duration busyAfter(long deadlineNanos) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long lastBusy = deadlineNanos;
        long previousCpu = cpu(mx);
        long previous = System.nanoTime();
        while (true) {
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            long used = cpu(mx);
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

    private static long cpu(ThreadMXBean mx) {
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
