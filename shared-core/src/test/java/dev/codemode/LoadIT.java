package dev.codemode;

import dev.codemode.access.CallContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.AuditStats;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.mcp.testserver.EmbeddedMcpHttp;
import dev.codemode.mcp.testserver.TestMcpServer;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many callers at once for a bounded time ({@code -Dload.seconds}, 25 by default): threads run
 * {@code executeToolCode} with 12 different virtual keys against in-process tools (one tenant tool per
 * key) and a real MCP server over streamable HTTP. Checks that nothing crosses keys, that no audit record
 * is lost, and that the heap does not grow without bound.
 */
class LoadIT {

    static final int KEYS = 12;
    static final int THREADS = 8;
    static final Duration RUN = Duration.ofSeconds(Long.getLong("load.seconds", 25));

    /** Counts what the audit log delivers, by record type and by key. */
    static final class CountingSink implements dev.codemode.audit.AuditSink {
        final AtomicLong executions = new AtomicLong();
        final AtomicLong toolCalls = new AtomicLong();
        final Map<String, Set<String>> toolsByKey = new ConcurrentHashMap<>();

        @Override
        public void write(AuditRecord record) {
            if (record instanceof ExecutionRecord) {
                executions.incrementAndGet();
            } else if (record instanceof ToolCallRecord call) {
                toolCalls.incrementAndGet();
                toolsByKey.computeIfAbsent(String.valueOf(call.virtualKey()), k -> ConcurrentHashMap.newKeySet())
                        .add(call.server() + "." + call.tool());
            }
        }
    }

    @Test
    void should_keep_keys_apart_lose_no_audit_record_and_hold_the_heap_under_sustained_load() throws Exception {
        // given one tenant tool per key, a real MCP server, and keys that each see their own tenant tool
        FunctionToolSource.Builder tenants = FunctionToolSource.builder("tenant").description("Per-tenant records");
        List<VirtualKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            String data = "data-of-tenant-" + i;
            tenants.tool("get_" + i, "Tenant " + i + "'s record.", Map.of("type", "object"),
                    args -> Map.of("tenant", data, "rows", List.of(1, 2, 3)));
            keys.add(VirtualKey.withTools("key-" + i, "tenant.get_" + i, "crm.lookup_customer", "crm.order_history"));
        }
        CountingSink sink = new CountingSink();
        AtomicLong executions = new AtomicLong();
        AtomicLong toolCalls = new AtomicLong();
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Long> heap = new CopyOnWriteArrayList<>();
        AuditStats stats;
        try (EmbeddedMcpHttp http = TestMcpServer.startHttp(0);
                McpToolSource crm = McpToolSource.streamableHttp(TestMcpServer.NAME, http.baseUrl());
                AuditLog auditLog = AuditLog.builder().sink(sink).build();
                CodeMode codeMode = CodeMode.builder()
                        .toolSources(tenants.build(), crm)
                        .accessControl(AccessControl.builder().keys(keys).build())
                        .approvalPolicy(ApprovalPolicy.autoExecuteAll()) // approval is not under test here
                        .auditLog(auditLog)
                        .build()) {

            // when THREADS callers run scripts for RUN, each key in turn
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            long end = System.nanoTime() + RUN.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(callers.submit(() -> {
                    for (int n = 0; System.nanoTime() < end && problems.size() < 10; n++) {
                        int key = (thread + n) % KEYS;
                        int other = (key + 1 + n % (KEYS - 1)) % KEYS;
                        runOwn(codeMode, key, other, n, executions, toolCalls, problems);
                        runForeign(codeMode, key, other, executions, toolCalls, problems);
                    }
                }));
            }
            // sampling used heap after a full collection, once a second
            while (System.nanoTime() < end) {
                Thread.sleep(1_000);
                heap.add(usedHeapAfterGc());
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();
            assertThat(auditLog.flush(Duration.ofSeconds(30))).isTrue();
            stats = auditLog.stats();
        }

        // then every script did what its key allows and nothing more
        assertThat(problems).isEmpty();
        assertThat(executions.get()).as("executions in %s", RUN).isGreaterThan(100);
        // no audit record lost: one per execution and one per tool call the results counted
        assertThat(sink.executions.get()).isEqualTo(executions.get());
        assertThat(sink.toolCalls.get()).isEqualTo(toolCalls.get());
        assertThat(stats.dropped()).isZero();
        assertThat(stats.failed()).isZero();
        // each key's calls touched its own tenant tool and the shared server only
        assertThat(sink.toolsByKey).hasSize(KEYS);
        sink.toolsByKey.forEach((key, tools) -> assertThat(tools).as(key)
                .isSubsetOf("tenant.get_" + key.substring("key-".length()), "crm.lookup_customer"));
        // the heap levels off: the last third of the run uses at most 1.5 times the first third, plus slack
        int third = heap.size() / 3;
        long early = heap.subList(0, third).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = heap.subList(heap.size() - third, heap.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("load: %d executions, %d tool calls in %d s by %d threads; heap after GC (MB) %s%n",
                executions.get(), toolCalls.get(), RUN.toSeconds(), THREADS,
                heap.stream().map(b -> String.valueOf(b >> 20)).collect(Collectors.joining(" ")));
        assertThat(late).as("heap after GC, early %d MB, late %d MB", early >> 20, late >> 20)
                .isLessThan(early + early / 2 + (16L << 20));
    }

    /** A script of the key's own tool, a shared MCP tool, and a look for another key's tool. */
    private static void runOwn(CodeMode codeMode, int key, int other, int n, AtomicLong executions, AtomicLong toolCalls,
            List<String> problems) {
        String customer = "c" + (1 + n % 3);
        MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", """
                mine = tenant.get_%d()
                c = crm.lookup_customer(customer_id="%s")
                result = {"mine": mine["tenant"], "other": getattr(tenant, "get_%d", None), "customer": c["id"]}
                """.formatted(key, customer, other)), CallContext.of("key-" + key));
        executions.incrementAndGet();
        Map<?, ?> json = (Map<?, ?>) JsonValues.parse(r.text());
        toolCalls.addAndGet(((Number) json.get("toolCalls")).longValue());
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("mine", "data-of-tenant-" + key);
        expected.put("other", null);
        expected.put("customer", customer);
        if (r.isError() || !expected.equals(json.get("result"))) {
            problems.add("key-" + key + ": " + r.text());
        }
    }

    /** Another key's tool, called directly: an error that shows none of that key's data. */
    private static void runForeign(CodeMode codeMode, int key, int other, AtomicLong executions, AtomicLong toolCalls,
            List<String> problems) {
        MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", "result = tenant.get_%d()".formatted(other)),
                CallContext.of("key-" + key));
        executions.incrementAndGet();
        Map<?, ?> json = (Map<?, ?>) JsonValues.parse(r.text());
        toolCalls.addAndGet(((Number) json.get("toolCalls")).longValue());
        if (!r.isError() || r.text().contains("data-of-tenant-") || !r.text().contains("tenant has: get_" + key + "\"")) {
            problems.add("key-" + key + " reached get_" + other + ": " + r.text());
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
