package dev.codemode.samples.benchmark;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.sandbox.Limits;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints the core's figures as a markdown table, measured side by side in one run:
 * executeToolCode overhead for a 10-call script against in-process tools, the first execution in a
 * fresh JVM, the speedup of {@code parallel(...)} for 10 calls of a 50 ms tool, and the tokens
 * (o200k_base) the model reads for a 100-tool catalog.
 *
 * <p>Run: {@code java -jar samples/benchmark/target/codemode-benchmark.jar core [--only engine|firstrun|scale] [--runs N] [--out FILE]}
 */
public final class CoreBenchmark {

    static final String TEN_CALLS = """
            total = 0
            for i in range(10):
                r = bench.echo(n=i)
                total += r["n"]
            result = total
            """;

    private CoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("first-run")) {
            FirstRun.main(args);
            return;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        rest.remove("core");
        Path out = option(rest, "--out") == null ? null : Path.of(option(rest, "--out"));
        String only = option(rest, "--only");
        int runs = option(rest, "--runs") == null ? 3 : Integer.parseInt(option(rest, "--runs"));
        StringBuilder md = new StringBuilder();
        if (only == null || only.equals("engine")) {
            md.append("| measure | value | target |\n|---|---|---|\n");
            overhead(md);
            firstRun(md, runs);
            parallel(md);
            tokens(md);
        } else if (only.equals("firstrun")) {
            md.append("| measure | value | target |\n|---|---|---|\n");
            firstRun(md, runs);
        }
        if (only == null || only.equals("scale")) {
            md.append("\nScale: a generated catalog, 10 tools per server, descriptions of about 45 words; warm medians.\n\n");
            md.append(ScaleBenchmark.table(ScaleBenchmark.run()));
        }
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md.toString());
            System.out.println("written to " + out);
        }
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    static ToolSource bench() {
        return FunctionToolSource.builder("bench")
                .tool("echo", "Returns n.", Map.of("type", "object", "properties", Map.of("n", Map.of("type", "integer"))),
                        a -> Map.of("n", a.get("n")))
                .tool("slow", "Sleeps 50 ms.", Map.of("type", "object", "properties", Map.of("n", Map.of("type", "integer"))),
                        a -> {
                            Thread.sleep(50);
                            return Map.of("n", a.get("n"));
                        })
                .build();
    }

    private static void overhead(StringBuilder md) {
        ToolSource bench = bench();
        try (CodeMode codeMode = CodeMode.builder().toolSources(bench).approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            Map<String, Object> args = Map.of("code", TEN_CALLS);
            for (int i = 0; i < 3_000; i++) {
                codeMode.call("executeToolCode", args);
            }
            int n = 5_000;
            long[] script = new long[n];
            long[] direct = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                MetaToolResult r = codeMode.call("executeToolCode", args);
                script[i] = System.nanoTime() - t0;
                if (r.isError()) {
                    throw new IllegalStateException(r.text());
                }
                t0 = System.nanoTime();
                long total = 0;
                for (int k = 0; k < 10; k++) {
                    total += ((Number) ((Map<?, ?>) bench.callTool("echo", Map.of("n", k)).value()).get("n")).longValue();
                }
                direct[i] = System.nanoTime() - t0 + (total == 45 ? 0 : 1);
            }
            Arrays.sort(script);
            Arrays.sort(direct);
            double medianOverheadMicros = (script[n / 2] - direct[n / 2]) / 1000.0;
            md.append(String.format("| executeToolCode, 10 in-process calls: median overhead beyond tool time | %.0f µs"
                    + " (p99 %.0f µs; the 10 direct calls alone: %.1f µs) | < 1000 µs |%n",
                    medianOverheadMicros, script[n * 99 / 100] / 1000.0, direct[n / 2] / 1000.0));
        }
    }

    private static void firstRun(StringBuilder md, int runs)
            throws IOException, InterruptedException, URISyntaxException {
        long[] cold = firstRuns("cold", runs);
        long[] warmed = firstRuns("warmed", runs);
        md.append(String.format("| first executeToolCode in a fresh JVM, cold (build + run, median of %d JVMs) | %d ms"
                + " (build %d ms + first request %d ms) | first request < 150 ms |%n", runs, cold[0] + cold[1], cold[0],
                cold[1]));
        md.append(String.format("| first executeToolCode in a fresh JVM after codeMode.warmUp() (median of %d JVMs) |"
                + " %d ms (build + warm-up %d ms, off the request path) | < 150 ms |%n", runs, warmed[1], warmed[0]));
    }

    /** Medians of {build (+ warm-up) ms, first request ms} over {@code runs} fresh JVMs. */
    private static long[] firstRuns(String mode, int runs) throws IOException, InterruptedException, URISyntaxException {
        Path jar = Path.of(CoreBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        long[] build = new long[runs];
        long[] first = new long[runs];
        for (int i = 0; i < runs; i++) {
            Process p = new ProcessBuilder(java, "-cp", jar.toString(), CoreBenchmark.class.getName(), "first-run", mode)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            String[] last = output.lines().reduce((a, b) -> b).orElse("").strip().split(" ");
            if (last.length != 2) {
                throw new IllegalStateException("the child JVM printed: " + output);
            }
            build[i] = Long.parseLong(last[0]);
            first[i] = Long.parseLong(last[1]);
        }
        Arrays.sort(build);
        Arrays.sort(first);
        return new long[] {build[runs / 2], first[runs / 2]};
    }

    /**
     * Entry point of the child JVM: prints the milliseconds of building Code Mode (and, with
     * {@code warmed}, running {@link CodeMode#warmUp()}) and of the first execution after that.
     */
    static final class FirstRun {
        public static void main(String[] args) {
            boolean warmed = args.length > 1 && args[1].equals("warmed");
            long t0 = System.nanoTime();
            try (CodeMode codeMode = CodeMode.builder().toolSources(bench()).approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
                if (warmed) {
                    codeMode.warmUp();
                }
                long t1 = System.nanoTime();
                MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", TEN_CALLS));
                long t2 = System.nanoTime();
                if (r.isError()) {
                    throw new IllegalStateException(r.text());
                }
                System.out.println((t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000);
            }
        }
    }

    private static void parallel(StringBuilder md) {
        try (CodeMode codeMode = CodeMode.builder().toolSources(bench()).approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            String sequential = "result = [bench.slow(n=i)[\"n\"] for i in range(10)]";
            String concurrent = "result = [v[\"n\"] for v, e in parallel([(bench.slow, {\"n\": i}) for i in range(10)])]";
            codeMode.call("executeToolCode", Map.of("code", concurrent));
            long seq = median(codeMode, sequential);
            long par = median(codeMode, concurrent);
            md.append(String.format("| 10 calls of a 50 ms tool: sequential vs parallel(...) | %d ms vs %d ms (%.1fx) |"
                    + " parallel < 100 ms |%n", seq, par, (double) seq / par));
        }
    }

    private static long median(CodeMode codeMode, String code) {
        long[] t = new long[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", code));
            t[i] = (System.nanoTime() - t0) / 1_000_000;
            if (r.isError()) {
                throw new IllegalStateException(r.text());
            }
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private static void tokens(StringBuilder md) {
        Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        List<ToolSource> sources = SyntheticCatalog.of(10, 100);
        try (CodeMode codeMode = CodeMode.builder().toolSources(sources)
                .limits(Limits.DEFAULTS).build()) {
            List<Object> standard = new ArrayList<>();
            for (CatalogTool t : codeMode.view().tools()) {
                standard.add(RoundCatalog.definition(t.descriptor().server() + "_" + t.descriptor().name(), t.descriptor().description(),
                        t.descriptor().inputSchema()));
            }
            List<Object> meta = new ArrayList<>();
            for (MetaToolSpec s : codeMode.specs()) {
                meta.add(RoundCatalog.definition(s.name(), s.description(), s.inputSchema()));
            }
            int standardTokens = enc.countTokens(JsonValues.write(standard));
            int metaTokens = enc.countTokens(JsonValues.write(meta));
            String list = codeMode.call("listToolFiles", Map.of()).text();
            String stub = codeMode.call("readToolFile", Map.of("fileName", "servers/issues.pyi")).text();
            String docs = codeMode.call("getToolDocs", Map.of("server", "issues", "tool", "create_issue")).text();
            md.append(String.format("| 100 tools / 10 servers: all tool definitions (standard tool calling) | %d tokens"
                    + " | |%n", standardTokens));
            md.append(String.format("| 100 tools / 10 servers: the four meta-tool definitions | %d tokens (%.1f%% of"
                    + " standard) | |%n", metaTokens, 100.0 * metaTokens / standardTokens));
            md.append(String.format("| listToolFiles() | %d tokens | |%n", enc.countTokens(list)));
            md.append(String.format("| readToolFile(servers/issues.pyi), 10 tools | %d tokens | |%n", enc.countTokens(stub)));
            md.append(String.format("| getToolDocs(issues, create_issue) | %d tokens | |%n", enc.countTokens(docs)));
        }
    }
}
