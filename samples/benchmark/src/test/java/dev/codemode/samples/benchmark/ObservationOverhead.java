package dev.codemode.samples.benchmark;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.observation.InMemoryTracing;
import dev.codemode.sandbox.ExecutionResult;
import java.util.Arrays;
import java.util.Map;

/**
 * What observations cost: the same 3-call script (two calls, one more inside {@code parallel}) on
 * two hosts over the same in-process tool, one without a registry and one recording every
 * observation as OpenTelemetry spans (Micrometer Tracing's bridge, spans kept in memory), measured
 * in alternating rounds in one JVM. In-process tools answer in microseconds, so this is the upper
 * bound of the relative cost; against a real MCP server it is a small part of a much longer call.
 *
 * <p>Run: {@code mvn -B -ntp -pl samples/benchmark -am test-compile -DskipTests} and then
 * {@code java -cp <benchmark test classpath> dev.codemode.samples.benchmark.ObservationOverhead}
 * (docs/observability.md gives the full command). Not a test: nothing here is timed in the suite.
 */
public final class ObservationOverhead {

    static final String SCRIPT = """
            a = crm.lookup(id="c1")
            b = crm.lookup(id="c2")
            rs = parallel([(crm.lookup, {"id": "c3"})])
            result = [a["id"], b["id"], len(rs)]
            """;

    private ObservationOverhead() {
    }

    public static void main(String[] args) {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup", "One customer.", Map.of("type", "object"), a -> Map.of("id", a.get("id"))).build();
        try (InMemoryTracing tracing = new InMemoryTracing();
                CodeMode plain = CodeMode.builder().toolSources(crm).autoExecute("crm.*").build();
                CodeMode observed = CodeMode.builder().toolSources(crm).autoExecute("crm.*")
                        .observationRegistry(tracing.registry()).build()) {
            run(plain, perRound);
            run(observed, perRound);
            tracing.reset();
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                without[r] = run(plain, perRound);
                with[r] = run(observed, perRound);
                if (r == 0 && tracing.spans().size() != 4 * perRound) {
                    throw new IllegalStateException("expected 4 spans per run, got " + tracing.spans().size());
                }
                tracing.reset();
            }
            double a = median(without);
            double b = median(with);
            System.out.printf("3-call script, %d runs x %d rounds, median per run:%n", perRound, rounds);
            System.out.printf("  no registry:                 %8.1f us%n", a);
            System.out.printf("  registry + OTel tracing:     %8.1f us%n", b);
            System.out.printf("  ratio with/without:          %8.2f  (+%.1f us per script, %.1f us per span)%n",
                    b / a, b - a, (b - a) / 4);
        }
    }

    /** Microseconds per script, averaged over {@code n} runs. */
    private static double run(CodeMode codeMode, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ExecutionResult result = codeMode.execute(SCRIPT, null);
            if (!result.isSuccess()) {
                throw new IllegalStateException(result.render(500));
            }
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
