package dev.codemode.mcp.testserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@code calls} calls shared out among {@code callers} threads, each call checking its own reply: the
 * calls that failed, counted by message. After the first failure no new call starts, so a dead
 * connection costs one timeout, not ten thousand.
 */
public final class ConcurrentCalls {

    /** What the calls left: how many got their own reply, and the failures by message. */
    public record Outcome(int answered, Map<String, Integer> failures) {
    }

    private ConcurrentCalls() {
    }

    /**
     * @param call makes call {@code i} and returns {@code null} when it got its own reply, else what went wrong
     */
    public static Outcome run(int callers, int calls, IntFunction<String> call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls && failures.isEmpty(); i = next.getAndIncrement()) {
                        String failure;
                        try {
                            failure = call.apply(i);
                        } catch (RuntimeException e) {
                            failure = String.valueOf(e.getMessage());
                        }
                        if (failure == null) {
                            answered.incrementAndGet();
                        } else {
                            failures.merge(failure, 1, Integer::sum);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(answered.get(), Map.copyOf(failures));
    }
}
