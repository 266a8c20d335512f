package dev.codemode.samples.benchmark;

import dev.codemode.samples.benchmark.agents.Method;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.catalog.Calibration;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.live.LiveBenchmark;
import dev.codemode.samples.benchmark.live.OpenAiChat;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RepeatResult;
import dev.codemode.samples.benchmark.report.Report;
import dev.codemode.samples.benchmark.report.RoundResult;
import dev.codemode.samples.benchmark.tasks.RepeatSuite;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar codemode-benchmark.jar --out DIR [options]}: the graded token benchmark (standard
 * tool calling, tool search and Code Mode on the same tasks), written to {@code DIR/benchmarks.md},
 * {@code DIR/benchmarks.json} and {@code DIR/tokens.png}. {@code core} runs the engine benchmark; {@code guards} what the sandbox's guards cost.
 */
@Command(name = "codemode-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {BenchmarkCli.Core.class, BenchmarkCli.Guards.class},
        description = "Graded token benchmark: standard tool calling, tool search and Code Mode on the same tasks.")
public final class BenchmarkCli implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for benchmarks.md, benchmarks.json, tokens.png (required).")
    Path out;

    @Option(names = "--rounds", split = ",", paramLabel = "SERVERSxTOOLS",
            description = "Catalog sizes (default: 6x96,11x251,16x508,1x4).")
    List<String> rounds;

    @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "Only these tasks (default: all).")
    List<String> tasks;

    @Option(names = "--price-input", defaultValue = "2.50", description = "USD per million input tokens (default: ${DEFAULT-VALUE}).")
    double priceInput;

    @Option(names = "--price-output", defaultValue = "10.00", description = "USD per million output tokens (default: ${DEFAULT-VALUE}).")
    double priceOutput;

    @Option(names = "--cache", split = ",", paramLabel = "PROVIDER=WRITE/READ",
            description = "Prompt-cache price multipliers, the first for the headline (default:"
                    + " anthropic=1.25/0.10,openai=1.00/0.50).")
    List<String> caches;

    @Option(names = "--defaults-only", description = "Only the product defaults, without the ablation's other methods.")
    boolean defaultsOnly;

    @Option(names = "--repeat", paramLabel = "SERVERSxTOOLS", defaultValue = "6x96",
            description = "Catalog of the repeat round (one chore asked 5 times; Code Mode with skills saves"
                    + " and reuses it), or none (default: ${DEFAULT-VALUE}; not in live mode).")
    String repeat;

    @Option(names = "--seeds", defaultValue = "1", description = "Live mode: runs of each task per agent, seeds 1..N"
            + " (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--live", description = "Use a real OpenAI-compatible model from OPENAI_API_KEY, OPENAI_BASE_URL,"
            + " OPENAI_MODEL instead of the deterministic policy; records the usage the API reports.")
    boolean live;

    /** Held so the level sticks: Tomcat's start/stop chatter of the demo servers is not benchmark output. */
    private static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");

    public static void main(String[] args) {
        TOMCAT.setLevel(java.util.logging.Level.SEVERE);
        System.exit(new CommandLine(new BenchmarkCli()).execute(args));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        List<TokenBenchmark.RoundSpec> specs = rounds == null ? TokenBenchmark.ROUNDS
                : rounds.stream().map(BenchmarkCli::spec).toList();
        List<Task> suite = TaskSuite.all();
        List<Task> selected = tasks == null ? suite : suite.stream().filter(t -> tasks.contains(t.id())).toList();
        Prices prices = caches == null ? new Prices(priceInput, priceOutput)
                : new Prices(priceInput, priceOutput, caches.stream().map(BenchmarkCli::cache).toList());
        TokenMeter meter = new TokenMeter();
        String command = "java -jar samples/benchmark/target/codemode-benchmark.jar " + String.join(" ", args());
        List<RoundResult> results;
        RepeatResult repeated = null;
        Map<Method, List<RoundResult>> ablation = Map.of();
        Map<String, Object> calibration;
        try (DemoServers.Http demo = DemoServers.startHttp(0)) {
            if (live) {
                OpenAiChat chat = OpenAiChat.fromEnvironment(System.getenv());
                results = LiveBenchmark.run(specs, selected, prices, chat, seeds, demo, System.out);
            } else {
                List<Method> methods = defaultsOnly ? List.of(Method.DEFAULTS) : Method.ABLATION;
                ablation = TokenBenchmark.run(specs, methods, selected, prices, meter, demo, System.out);
                results = ablation.get(Method.DEFAULTS);
                if (defaultsOnly) {
                    ablation = Map.of();
                }
                if (!repeat.equalsIgnoreCase("none")) {
                    repeated = TokenBenchmark.repeat(spec(repeat), RepeatSuite.openOrders(), prices, meter, demo,
                            System.out);
                }
            }
            TokenBenchmark.RoundSpec largest = specs.stream().filter(s -> !s.recorded()).max((a, b) -> Integer.compare(a.tools(), b.tools())).orElseThrow();
            try (RoundCatalog catalog = RoundCatalog.open(largest.servers(), largest.tools(), demo)) {
                calibration = Calibration.report(catalog, meter);
            }
        }
        Report report = new Report(command, live ? "live" : "deterministic policy", prices, results, ablation,
                calibration, repeated);
        System.out.println(report.write(out));
        System.out.println("written: " + out.resolve("benchmarks.md") + ", " + out.resolve("benchmarks.json") + ", "
                + out.resolve(Report.CHART));
        return 0;
    }

    private List<String> args() {
        List<String> a = new ArrayList<>(List.of("--out", out.toString()));
        if (rounds != null) {
            a.add("--rounds=" + String.join(",", rounds));
        }
        if (tasks != null) {
            a.add("--tasks=" + String.join(",", tasks));
        }
        if (priceInput != Prices.EXAMPLE.inputPerMillion() || priceOutput != Prices.EXAMPLE.outputPerMillion()) {
            a.add("--price-input=" + priceInput);
            a.add("--price-output=" + priceOutput);
        }
        if (caches != null) {
            a.add("--cache=" + String.join(",", caches));
        }
        if (defaultsOnly) {
            a.add("--defaults-only");
        }
        if (!repeat.equals("6x96")) {
            a.add("--repeat=" + repeat);
        }
        if (live) {
            a.add("--live");
            if (seeds != 1) {
                a.add("--seeds=" + seeds);
            }
        }
        return a;
    }

    static Prices.Cache cache(String text) {
        try {
            String[] p = text.split("[=/]");
            return new Prices.Cache(p[0].strip(), Double.parseDouble(p[1].strip()), Double.parseDouble(p[2].strip()));
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchmarkCli()),
                    "a cache price profile is PROVIDER=WRITE/READ, e.g. anthropic=1.25/0.10, not " + text);
        }
    }

    static TokenBenchmark.RoundSpec spec(String text) {
        String[] p = text.toLowerCase().split("x");
        try {
            return new TokenBenchmark.RoundSpec(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchmarkCli()),
                    "a round is SERVERSxTOOLS, e.g. 16x508, not " + text);
        }
    }

    /** The engine benchmark: overhead, first run, parallel speedup, meta-tool tokens. */
    @Command(name = "core", description = "Engine overhead, first run, parallel speedup, meta-tool token counts"
            + " and the scale table (100, 1,000, 10,000 tools).")
    static final class Core implements Callable<Integer> {
        @Parameters(arity = "0..*", hidden = true)
        List<String> ignored;

        @Option(names = "--out", description = "Also write the table to this file.")
        Path out;

        @Option(names = "--only", paramLabel = "PART", description = "Only one part: engine, firstrun or scale.")
        String only;

        @Option(names = "--runs", defaultValue = "3", description = "Fresh JVMs per first-run figure (default: ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws Exception {
            List<String> a = new ArrayList<>(List.of("--runs", String.valueOf(runs)));
            if (out != null) {
                a.addAll(List.of("--out", out.toString()));
            }
            if (only != null) {
                a.addAll(List.of("--only", only));
            }
            CoreBenchmark.main(a.toArray(String[]::new));
            return 0;
        }
    }

    /** What the sandbox's guards cost against plain starlark-java. */
    @Command(name = "guards", description = "The sandbox's guards against plain starlark-java, side by side.")
    static final class Guards implements Callable<Integer> {
        @Parameters(arity = "0..*", hidden = true)
        List<String> ignored;

        @Option(names = "--out", description = "Also write the table to this file.")
        Path out;

        @Override
        public Integer call() throws Exception {
            GuardBenchmark.main(out == null ? new String[0] : new String[] {"--out", out.toString()});
            return 0;
        }
    }
}
