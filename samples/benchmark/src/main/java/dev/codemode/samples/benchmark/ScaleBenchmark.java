package dev.codemode.samples.benchmark;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.stubs.BindingLevel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the meta-tools' cost grows with the catalog: a generated catalog of 100, 1,000 and 10,000
 * tools (10 tools per server, descriptions of about 40 words), warm medians of
 * {@code listToolFiles(query)}, {@code readToolFile} at tool binding level and a 10-call
 * {@code executeToolCode}, and the heap a built {@code CodeMode} holds per tool once each meta-tool
 * has run (catalog and everything derived from it, the tool descriptors excluded).
 */
final class ScaleBenchmark {

    static final int[] SIZES = {100, 1_000, 10_000};
    static final int TOOLS_PER_SERVER = 10;
    static final String QUERY = "create an invoice for a customer account";
    static final String TEN_CALLS = """
            total = 0
            for i in range(10):
                r = srv0.get_item(item_id="i_%d" % i)
                total += len(r["echo"])
            result = total
            """;
    private static final String[] TOPICS = {"invoice", "customer", "account", "ticket", "order", "shipment",
            "campaign", "report", "employee", "deployment", "document", "calendar", "message", "payment", "alert",
            "project", "warehouse", "contract", "subscription", "refund"};
    private static final String[] VERBS = {"list", "get", "create", "update", "delete", "search", "archive",
            "assign", "export", "count"};

    private ScaleBenchmark() {
    }

    /** One row per size. */
    record Row(int tools, double listMillis, double readMillis, double executeMillis, double bytesPerTool) {
    }

    static List<Row> run() {
        // Classes, the interpreter's builtins and the per-instance constant are not per-tool costs:
        // one throwaway round loads them, and the 10-tool heap is subtracted from every size.
        measure(TOOLS_PER_SERVER, 0);
        long base = retained(TOOLS_PER_SERVER);
        List<Row> rows = new ArrayList<>();
        for (int size : SIZES) {
            rows.add(measure(size, base));
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| tools | `listToolFiles(query)` | `readToolFile` (tool level) | `executeToolCode`, 10 calls"
                + " | heap per tool |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %,d | %s | %s | %s | %.1f KB |%n", r.tools(), ms(r.listMillis()),
                    ms(r.readMillis()), ms(r.executeMillis()), r.bytesPerTool() / 1024));
        }
        Row first = rows.get(0);
        Row last = rows.get(rows.size() - 1);
        md.append(String.format("%n%,d vs %,d tools: listToolFiles %.1fx, readToolFile %.1fx, executeToolCode %.1fx"
                + " (target: at most 2x each); heap per tool %.1fx (target: linear, about 1x)%n", last.tools(),
                first.tools(), last.listMillis() / first.listMillis(), last.readMillis() / first.readMillis(),
                last.executeMillis() / first.executeMillis(), last.bytesPerTool() / first.bytesPerTool()));
        return md.toString();
    }

    private static String ms(double millis) {
        return millis < 1 ? String.format("%.3f ms", millis) : String.format("%.2f ms", millis);
    }

    private static final Map<String, Object> LIST = Map.of("query", QUERY);
    private static final Map<String, Object> READ = Map.of("fileName", "servers/srv0/create_account.pyi");
    private static final Map<String, Object> EXEC = Map.of("code", TEN_CALLS);

    private static CodeMode build(List<ToolSource> sources) {
        return CodeMode.builder().toolSources(sources).bindingLevel(BindingLevel.TOOL)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build();
    }

    /**
     * Heap held by a CodeMode over {@code tools} tools once each measured meta-tool has run: the
     * catalog and everything built from it (tool definitions excluded: the sources hold them).
     */
    private static long retained(int tools) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<ToolSource> sources = catalog(tools);
        long before = usedHeap(memory);
        try (CodeMode codeMode = build(sources)) {
            check(codeMode.call("listToolFiles", LIST));
            check(codeMode.call("readToolFile", READ));
            check(codeMode.call("executeToolCode", EXEC));
            long after = usedHeap(memory);
            check(codeMode.call("listToolFiles", LIST)); // keeps codeMode reachable past the measure
            return after - before;
        }
    }

    private static Row measure(int tools, long base) {
        double perTool = base == 0 ? 0 : (double) (retained(tools) - base) / (tools - TOOLS_PER_SERVER);
        List<ToolSource> sources = catalog(tools);
        CodeMode codeMode = build(sources);
        try {
            Map<String, Object> list = LIST;
            Map<String, Object> read = READ;
            Map<String, Object> exec = EXEC;
            double listMs = median(() -> codeMode.call("listToolFiles", list));
            double readMs = median(() -> codeMode.call("readToolFile", read));
            double execMs = median(() -> codeMode.call("executeToolCode", exec));
            return new Row(tools, listMs, readMs, execMs, perTool);
        } finally {
            codeMode.close();
        }
    }

    private static void check(MetaToolResult r) {
        if (r.isError()) {
            throw new IllegalStateException(r.text());
        }
    }

    /** Median milliseconds after warming up; up to 2 s or 2,000 runs per measure. */
    private static double median(Supplier<MetaToolResult> op) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 500 && (i < 3 || System.nanoTime() < warmEnd); i++) {
            check(op.get());
        }
        long[] t = new long[2_000];
        int n = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        while (n < t.length && (n < 7 || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            MetaToolResult r = op.get();
            t[n++] = System.nanoTime() - t0;
            check(r);
        }
        long[] done = Arrays.copyOf(t, n);
        Arrays.sort(done);
        return done[n / 2] / 1e6;
    }

    private static long usedHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** {@code tools} tools on {@code tools / 10} servers named srv0, srv1, ...; every tool echoes its arguments. */
    static List<ToolSource> catalog(int tools) {
        List<ToolSource> out = new ArrayList<>();
        for (int s = 0; s < tools / TOOLS_PER_SERVER; s++) {
            String server = "srv" + s;
            String topic = TOPICS[s % TOPICS.length];
            String other = TOPICS[(s * 7 + 3) % TOPICS.length];
            FunctionToolSource.Builder b = FunctionToolSource.builder(server)
                    .description("Records of " + topic + "s and " + other + "s, unit " + s);
            for (int t = 0; t < TOOLS_PER_SERVER; t++) {
                b.tool(tool(server, s, t), args -> Map.of("ok", true, "echo", args));
            }
            out.add(b.build());
        }
        return out;
    }

    private static ToolDescriptor tool(String server, int s, int t) {
        String verb = VERBS[t];
        // Server 0 holds the tools the benchmark reads and calls: create_account, get_item.
        String noun = t == 1 ? "item" : TOPICS[(s * 3 + t) % TOPICS.length];
        String related = TOPICS[(s * 5 + t * 3 + 1) % TOPICS.length];
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(noun + "_id", Map.of("type", "string", "description", "The " + noun + " identifier."));
        props.put("limit", Map.of("type", "integer", "minimum", 1, "maximum", 100, "default", 20,
                "description", "Maximum number of results to return."));
        props.put("status", Map.of("type", "string", "enum", List.of("open", "in_progress", "done"),
                "description", "Workflow status."));
        String description = Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + " a " + noun + " of unit "
                + s + " and its " + related + " records. Use it when the user names a " + noun
                + " by identifier or asks about its " + related + "s; the result holds the " + noun
                + " fields, the owner, the status, timestamps of creation and last change, and links to every"
                + " related " + related + ".";
        return new ToolDescriptor(server, verb + "_" + noun, description,
                Map.of("type", "object", "properties", props, "required", List.of(noun + "_id")), null,
                t == 1 ? ToolAnnotations.readOnly() : ToolAnnotations.NONE);
    }
}
