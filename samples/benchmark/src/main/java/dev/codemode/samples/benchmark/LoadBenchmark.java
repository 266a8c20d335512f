package dev.codemode.samples.benchmark;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.MetaToolResult;
import dev.codemode.samples.servers.DemoData;
import dev.codemode.samples.servers.DemoServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Throughput and latency of {@code executeToolCode} under concurrent callers, as a markdown table:
 * one script with one {@code lookup_customer} call, against the same tool in process, over MCP stdio
 * (the demo crm server as a child JVM) and over MCP streamable HTTP (embedded Tomcat), at several
 * thread counts, measured side by side in one run.
 *
 * <p>Run: {@code java -cp samples/benchmark/target/codemode-benchmark.jar
 * dev.codemode.samples.benchmark.LoadBenchmark [seconds per cell, default 5] [thread counts, default 1,4,16]}
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration cell = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        int[] threads = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16};
        System.out.printf("%d cores, JDK %s, %d s per cell after a warm-up%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), cell.toSeconds());
        System.out.println("| tools | threads | executions/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|---|");
        measure("in-process", LoadBenchmark::inProcess, threads, cell);
        List<String> stdio = DemoServers.stdioCommand("crm");
        measure("MCP stdio", () -> McpToolSource.stdio("crm", stdio.get(0), stdio.subList(1, stdio.size()), Map.of()),
                threads, cell);
        try (DemoServers.Http http = DemoServers.startHttp(0)) {
            String url = http.url("crm");
            String base = url.substring(0, url.indexOf("/crm/mcp"));
            measure("MCP HTTP", () -> McpToolSource.streamableHttp("crm", base, "/crm/mcp"), threads, cell);
        }
    }

    private static ToolSource inProcess() {
        return FunctionToolSource.builder("crm")
                .tool("lookup_customer", "One customer by id.", Map.of("type", "object", "properties",
                        Map.of("customer_id", Map.of("type", "string")), "required", List.of("customer_id")),
                        a -> DemoData.customer(String.valueOf(a.get("customer_id"))))
                .build();
    }

    private static void measure(String name, Supplier<ToolSource> source, int[] threadCounts, Duration cell)
            throws Exception {
        ToolSource tools = source.get();
        try (CodeMode codeMode = CodeMode.builder().toolSources(tools).autoExecute("crm.lookup_customer").build()) {
            for (int threads : threadCounts) {
                run(codeMode, threads, Duration.ofSeconds(1), new ArrayList<>()); // warm-up
                List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                long start = System.nanoTime();
                List<Long> latencies = run(codeMode, threads, cell, failures);
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("| %s | %d | %.0f | %.2f | %.2f | %d |%n", name, threads, sorted.length / seconds,
                        percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, failures.size());
                failures.stream().distinct().forEach(f -> System.out.println("<!-- failed: " + f + " -->"));
            }
        } finally {
            tools.close();
        }
    }

    /**
     * Latencies in nanoseconds of every execution {@code threads} callers finished in {@code time};
     * failed executions go to {@code failures} (their text) and count in the throughput only.
     */
    private static List<Long> run(CodeMode codeMode, int threads, Duration time, List<String> failures)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + time.toNanos();
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(callers.submit(() -> {
                List<Long> out = new ArrayList<>();
                for (int n = 0; System.nanoTime() < end; n++) {
                    String code = "c = crm.lookup_customer(customer_id=\"c" + (1 + (thread * 31 + n) % 300) + "\")\n"
                            + "result = c[\"id\"]";
                    long t0 = System.nanoTime();
                    MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", code));
                    out.add(System.nanoTime() - t0);
                    if (r.isError()) {
                        failures.add(r.text().replaceAll("\"ms\":\\d+", "\"ms\":…"));
                    }
                }
                return out;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            all.addAll(f.get());
        }
        callers.shutdown();
        return all;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
