package dev.codemode.samples.benchmark;

import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolSource;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.starlark.java.eval.Module;
import net.starlark.java.eval.Mutability;
import net.starlark.java.eval.Starlark;
import net.starlark.java.eval.StarlarkSemantics;
import net.starlark.java.eval.StarlarkThread;
import net.starlark.java.syntax.FileOptions;
import net.starlark.java.syntax.ParserInput;
import net.starlark.java.syntax.Program;
import net.starlark.java.syntax.StarlarkFile;

/**
 * What the sandbox's guards cost: each script below runs in the sandbox (rewritten, with size
 * checks and bounded, interruptible comparisons, membership, keys and searches) and as plain
 * starlark-java (the same body in a function, compiled once, no guards), side by side in one JVM.
 * Prints the median time of each and their ratio as a markdown table.
 *
 * <p>Run: {@code java -jar samples/benchmark/target/codemode-benchmark.jar guards [--out FILE]}
 */
public final class GuardBenchmark {

    /** Scripts without tool calls, so both sides run exactly the same work. */
    static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("typical agent script (filter, group, format)", """
                rows = [{"id": "c%d" % i, "tier": ["free", "pro", "enterprise"][i % 3], "total": i * 7 % 500}
                        for i in range(200)]
                big = [r for r in rows if r["total"] > 250 and r["tier"] != "free"]
                by_tier = {}
                for r in big:
                    by_tier[r["tier"]] = by_tier.get(r["tier"], 0) + r["total"]
                top = sorted([r["total"] for r in big], reverse=True)[:5]
                result = {"count": len(big), "by_tier": by_tier, "top": top,
                          "names": ", ".join([r["id"] for r in big[:10]])}
                """);
        SCRIPTS.put("comparisons in a loop (20,000)", """
                n = 0
                for i in range(20000):
                    if i % 7 == 3 or i < 100 or i >= 19990:
                        n += 1
                result = n
                """);
        SCRIPTS.put("dict lookups by computed key (20,000)", """
                d = {}
                for i in range(1000):
                    d["k%d" % i] = i
                total = 0
                for i in range(20000):
                    k = "k%d" % (i % 1000)
                    if k in d:
                        total += d[k]
                result = total
                """);
        SCRIPTS.put("string methods (5,000)", """
                s = "alpha,beta,gamma,delta"
                n = 0
                for i in range(5000):
                    n += len(s.split(",")) + s.find("gamma") + s.count("a")
                result = n
                """);
        SCRIPTS.put("sort and max of 20,000 items", """
                xs = [(i * 7919) % 20011 for i in range(20000)]
                result = [sorted(xs)[:3], max(xs), min(xs), sorted(xs, reverse=True)[0]]
                """);
    }

    private GuardBenchmark() {
    }

    /** A plain run's value in the sandbox's result types: lists, maps, longs, strings. */
    private static Object plainJava(Object value) throws net.starlark.java.eval.EvalException {
        if (value instanceof net.starlark.java.eval.StarlarkInt i) {
            return i.toLong("value");
        }
        if (value instanceof net.starlark.java.eval.Sequence<?> seq) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            for (Object item : seq) {
                list.add(plainJava(item));
            }
            return list;
        }
        if (value instanceof net.starlark.java.eval.Dict<?, ?> dict) {
            java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<?, ?> e : dict.entrySet()) {
                m.put(plainJava(e.getKey()), plainJava(e.getValue()));
            }
            return m;
        }
        return value == net.starlark.java.eval.Starlark.NONE ? null : value;
    }

    public static void main(String[] args) throws Exception {
        Path out = args.length >= 2 && args[0].equals("--out") ? Path.of(args[1]) : null;
        int runs = 200;
        StringBuilder md = new StringBuilder();
        md.append("| script | sandbox (median) | plain starlark-java (median) | ratio |\n|---|---|---|---|\n");
        ToolCatalog catalog = ToolCatalog.of(new ToolSource[0]);
        try (StarlarkInterpreter sandbox = StarlarkInterpreter.create()) {
            for (Map.Entry<String, String> e : SCRIPTS.entrySet()) {
                String code = e.getValue();
                Program plain = plain(code);
                Object expected = plainRun(plain);
                ExecutionResult check = sandbox.execute(code, catalog.view(), (tool, a) -> null);
                if (check.error() != null || !String.valueOf(check.result()).equals(String.valueOf(plainJava(expected)))) {
                    throw new IllegalStateException(e.getKey() + ": " + check.error() + " " + check.result() + " vs "
                            + expected);
                }
                long[] guarded = new long[runs];
                long[] unguarded = new long[runs];
                for (int i = 0; i < runs * 2; i++) { // warm-up, then measured, interleaved
                    int k = i % runs;
                    long t0 = System.nanoTime();
                    sandbox.execute(code, catalog.view(), (tool, a) -> null);
                    long t1 = System.nanoTime();
                    plainRun(plain);
                    long t2 = System.nanoTime();
                    if (i >= runs) {
                        guarded[k] = t1 - t0;
                        unguarded[k] = t2 - t1;
                    }
                }
                long g = median(guarded);
                long u = median(unguarded);
                md.append(String.format("| %s | %.2f ms | %.2f ms | %.2fx |%n", e.getKey(), g / 1e6, u / 1e6,
                        (double) g / u));
            }
        }
        md.append("\nThe sandbox column includes parsing, rewriting and compiling each run; the plain column runs a"
                + " program compiled once.\n");
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md.toString());
        }
    }

    /** The body as a function, so that top-level loops are allowed, as the sandbox's rewrite does. */
    private static Program plain(String code) throws Exception {
        String body = "def main():\n" + code.indent(4) + "    return result\n__result__ = main()\n";
        Module module = Module.withPredeclared(StarlarkSemantics.DEFAULT, Map.of());
        return Program.compileFile(StarlarkFile.parse(ParserInput.fromString(body, "plain"), FileOptions.DEFAULT),
                module);
    }

    private static Object plainRun(Program program) throws Exception {
        Module module = Module.withPredeclared(StarlarkSemantics.DEFAULT, Map.of());
        try (Mutability mu = Mutability.create("plain")) {
            StarlarkThread thread = new StarlarkThread(mu, StarlarkSemantics.DEFAULT);
            Starlark.execFileProgram(program, module, thread);
            return module.getGlobal("__result__");
        }
    }

    private static long median(long[] xs) {
        long[] copy = xs.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
