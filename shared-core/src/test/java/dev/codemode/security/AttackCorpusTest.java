package dev.codemode.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditRecord;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every script of {@code attacks/<folder>/*.star} against one host in one JVM and checks that
 * each gets exactly the outcome its header states (see {@link AttackScript}) and leaves the host as
 * it was: no forbidden tool invoked, no credential in any output or audit record, no stack trace or
 * host class name in what the model sees, output within its limit and valid JSON, no system
 * property changed, no file created, one audit record per attempted call and per execution.
 *
 * <p>Before the corpus it measures a normal script's speed; after it, it checks that the same
 * interpreter still serves that script at a comparable speed, that no script is still running, and
 * that closing the hosts leaves no thread behind.
 */
class AttackCorpusTest {

    /**
     * The host's auto-execute allowlist unless an attack's {@code auto-execute} header says otherwise:
     * the tools normal work needs, named. Nothing runs on its own because of what a server says about
     * it; an attack's {@code trusted} header names servers whose read-only hints the host trusts.
     */
    static final String AUTO_EXECUTE = "crm.lookup_customer, crm.search_customers, crm.slow, hostile.*, vault.fetch";

    /** A normal script: three allowlisted calls, a loop, a result. */
    static final String NORMAL = """
            c = crm.lookup_customer(customer_id="c1")
            found = crm.search_customers(query="a")
            ids = [x["id"] for x in found]
            hits = parallel([(crm.lookup_customer, {"customer_id": i}) for i in ids])
            result = {"name": c["name"], "ids": ids, "ok": len([v for v, e in hits if e == None])}
            """;
    static final int SPEED_RUNS = 300;
    /** Generous: the machine is shared, and a real leak (a spinning script) costs far more. */
    static final double MAX_SLOWDOWN = 5.0;

    final AttackFixtures.Recorder recorder = new AttackFixtures.Recorder();
    final InMemoryAuditSink audit = new InMemoryAuditSink();
    final List<dev.codemode.catalog.ToolSource> sources = AttackFixtures.sources(recorder);
    final AccessControl access = AccessControl.builder()
            .groups(ToolGroup.of("support", "crm.lookup_customer", "crm.search_customers"))
            .keys(VirtualKey.withTools("key-all", "*"),
                    new VirtualKey("key-reader", List.of("hostile.injection"), List.of("support")),
                    VirtualKey.withTools("key-everything", "everything.*"))
            .build();
    final Map<String, CodeMode> hosts = new LinkedHashMap<>();
    Set<Thread> threadsBefore;
    long baselineNanos;
    int attacksRun;

    @TestFactory
    Stream<DynamicNode> attack_corpus() throws IOException, URISyntaxException {
        Path root = Path.of(AttackCorpusTest.class.getResource("/attacks").toURI());
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(dynamicTest("before: a normal script's speed", this::baseline));
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                List<DynamicNode> tests = new ArrayList<>();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".star")).sorted().toList()) {
                        AttackScript attack = AttackScript.read(file, root);
                        tests.add(dynamicTest(file.getFileName().toString(), file.toUri(), () -> run(attack)));
                    }
                }
                nodes.add(dynamicContainer(folder.getFileName().toString(), folder.toUri(), tests.stream()));
            }
        }
        nodes.add(dynamicTest("after: normal speed, no running script, no leaked thread", this::aftermath));
        return nodes.stream();
    }

    // ---------------------------------------------------------------- before and after

    void baseline() {
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        java.util.TimeZone.getDefault(); // sets user.timezone once, lazily; not an attack's doing
        medianNanos(host("deny", ""), 5 * SPEED_RUNS); // warm-up: compiled code and pooled threads, as after the corpus
        baselineNanos = medianNanos(host("deny", ""), SPEED_RUNS);
    }

    void aftermath() throws InterruptedException {
        assertThat(attacksRun).as("the corpus ran before this check").isGreaterThanOrEqualTo(60);
        // Every script stopped: no thread is still inside the interpreter (timed-out workers get a grace period).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> running;
        do {
            running = threadsRunningScripts();
            if (!running.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!running.isEmpty() && System.nanoTime() < deadline);
        assertThat(running).as("threads still running a script after the corpus").isEmpty();

        long afterNanos = medianNanos(host("deny", ""), SPEED_RUNS);
        System.out.printf("attack corpus: %d attacks; normal script median %d µs before, %d µs after (x%.2f)%n",
                attacksRun, baselineNanos / 1000, afterNanos / 1000, (double) afterNanos / baselineNanos);
        assertThat((double) afterNanos).as("median after the corpus vs before, ns")
                .isLessThanOrEqualTo(baselineNanos * MAX_SLOWDOWN);

        hosts.values().forEach(CodeMode::close);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> leaked;
        do {
            leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                    .map(Thread::getName)
                    .filter(n -> !n.startsWith("ForkJoinPool.commonPool-worker"))
                    .sorted().toList();
            if (!leaked.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!leaked.isEmpty() && System.nanoTime() < deadline);
        assertThat(leaked).as("threads started during the corpus and alive after closing the hosts").isEmpty();
    }

    private static List<String> threadsRunningScripts() {
        List<String> out = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("net.starlark.java.eval"))) {
                out.add(t.getName());
            }
        });
        return out;
    }

    private long medianNanos(CodeMode host, int runs) {
        CallContext ctx = CallContext.of("key-all");
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            MetaToolResult r = host.call("executeToolCode", Map.of("code", NORMAL), ctx);
            times[i] = System.nanoTime() - t0;
            assertThat(r.isError()).as(r.text()).isFalse();
            assertThat(r.text()).contains("\"ok\":2");
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    // ---------------------------------------------------------------- one attack

    void run(AttackScript attack) throws Exception {
        attacksRun++;
        assertThat(attack.get("attack")).as("an attack says what it tries").isNotBlank();
        recorder.reset();
        String requestId = "attack:" + attack.name();
        String key = attack.get("key", "key-all");
        CallContext ctx = new CallContext(key.equals("none") ? null : key, requestId);
        Limits limits = limits(attack.get("limits", ""));
        CodeMode host = host(attack.get("approval", "deny"), attack.get("limits", ""),
                attack.get("auto-execute", AUTO_EXECUTE), attack.get("trusted", ""));
        Set<Path> filesBefore = pwnedFiles();
        Map<Object, Object> propertiesBefore = Map.copyOf(System.getProperties());

        long t0 = System.nanoTime();
        String text;
        ExecutionResult result = null;
        String metaTool = attack.get("meta-tool");
        if (metaTool != null) {
            MetaToolResult r = host.call(metaTool, attack.afterHeader(), ctx);
            text = r.text();
            checkMeta(attack, r);
        } else if ("access".equals(attack.get("expect-error"))) {
            MetaToolResult r = host.call("executeToolCode", Map.of("code", attack.body()), ctx);
            text = r.text();
            assertThat(r.isError()).isTrue();
            assertThat("access").as("error kind").isEqualTo(attack.get("expect-error"));
            assertThat(text).startsWith("access denied: ");
            expectMessage(attack, text);
        } else {
            result = host.execute(attack.body(), ctx);
            text = result.render(limits.maxOutputChars());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (attack.get("expect-cpu-stops-within") != null) {
            Duration busyAfterDeadline = SandboxCpu.busyAfter(t0 + limits.timeout().toNanos());
            System.out.printf("attack %s: sandbox threads busy %d ms past the deadline%n", attack.name(),
                    busyAfterDeadline.toMillis());
            assertThat(busyAfterDeadline).as("CPU used by the sandbox's threads after the script's deadline")
                    .isLessThanOrEqualTo(duration(attack.get("expect-cpu-stops-within")));
        }
        List<AuditRecord> records = auditRecords(host, requestId);

        if (result != null) {
            checkExecution(attack, result, text, records, limits);
        }
        checkHost(attack, text, records, filesBefore, propertiesBefore);
        if (attack.get("expect-within") != null) {
            assertThat(took).as("time to return").isLessThanOrEqualTo(duration(attack.get("expect-within")));
        }
    }

    private void checkExecution(AttackScript attack, ExecutionResult r, String text, List<AuditRecord> records,
            Limits limits) {
        String kind = attack.get("expect-error");
        String expected = attack.get("expect-result");
        assertThat(kind != null || expected != null || attack.get("expect-truncated") != null)
                .as("an attack states its outcome: expect-error, expect-result or expect-truncated").isTrue();
        if (kind != null) {
            assertThat(r.error()).as("an error is expected; got " + text).isNotNull();
            assertThat(r.error().kind()).as(r.error().toString()).isEqualTo(kind);
            assertThat(r.result()).isNull();
            expectMessage(attack, r.error().message());
            if (attack.get("expect-hint") != null) {
                assertThat(r.error().hint()).as(r.error().toString()).contains(attack.get("expect-hint"));
            }
        } else {
            assertThat(r.error()).as("no error expected").isNull();
        }
        if (expected != null) {
            // Compared as parsed JSON: key order is not part of the outcome.
            assertThat(JsonValues.parse(JsonValues.write(r.result()))).isEqualTo(JsonValues.parse(expected));
        }
        if (attack.get("expect-log") != null) {
            assertThat(r.logs()).anyMatch(l -> l.contains(attack.get("expect-log")));
        }
        Object parsed = JsonValues.parse(text);
        assertThat(parsed).as("the output is one JSON object").isInstanceOf(Map.class);
        assertThat(text.length()).as("output size").isLessThanOrEqualTo(limits.maxOutputChars());
        assertThat(((Map<?, ?>) parsed).containsKey("truncated"))
                .as("truncated").isEqualTo(Boolean.parseBoolean(attack.get("expect-truncated", "false")));

        List<ExecutionRecord> executions = records.stream().filter(ExecutionRecord.class::isInstance)
                .map(ExecutionRecord.class::cast).toList();
        assertThat(executions).as("one execution record").hasSize(1);
        if (attack.get("expect-approval") != null) {
            assertThat(executions.get(0).approval()).isEqualTo(attack.get("expect-approval"));
        }
        // Every tool that ran was reached through the audited invoker (retries of one call are one record).
        Map<String, Long> audited = records.stream().filter(ToolCallRecord.class::isInstance)
                .map(x -> ((ToolCallRecord) x).toolId()).collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(audited.keySet()).as("tools with tool-call records").containsAll(recorder.counts().keySet());
        for (String tool : attack.list("expect-audit")) {
            assertThat(audited).as("an attempted call of " + tool + " is in the audit log").containsKey(tool);
        }
        if (attack.get("expect-max-concurrency") != null) {
            assertThat(recorder.maxInFlight()).isLessThanOrEqualTo(Integer.parseInt(attack.get("expect-max-concurrency")));
        }
    }

    private void checkMeta(AttackScript attack, MetaToolResult r) {
        assertThat(r.isError()).as(r.text()).isEqualTo(Boolean.parseBoolean(attack.get("expect-meta-error", "false")));
        expectMessage(attack, r.text());
        assertThat(recorder.counts()).as("a meta-tool never calls a tool").isEmpty();
    }

    private static void expectMessage(AttackScript attack, String message) {
        if (attack.get("expect-message") != null) {
            assertThat(message).contains(attack.get("expect-message"));
        }
    }

    /** What every attack must leave as it was. */
    private void checkHost(AttackScript attack, String text, List<AuditRecord> records, Set<Path> filesBefore,
            Map<Object, Object> propertiesBefore) throws IOException {
        for (String s : attack.list("never-contains")) {
            assertThat(text).as("the output names " + s).doesNotContain(s);
        }
        assertThat(text).as("the credential in the output").doesNotContain(AttackFixtures.SECRET);
        assertThat(records.toString()).as("the credential in the audit log").doesNotContain(AttackFixtures.SECRET);
        for (AuditRecord r : records) {
            String error = r instanceof ToolCallRecord t ? t.error() : ((ExecutionRecord) r).error();
            assertThat(error == null ? 0 : error.length()).as("audited error size")
                    .isLessThanOrEqualTo(AuditLog.DEFAULT_RESULT_CAP);
        }
        assertThat(text).as("host details in the output")
                .doesNotContain("\tat ", "dev.codemode.", "java.lang.", "net.starlark.", "Exception:");
        // No Java class or package name at all: a host type (NullPointerException, OutOfMemoryError) or a
        // qualified name of the JDK or a library the host uses. Hostile tools' own texts avoid these words.
        assertThat(text).as("a Java name in the output")
                .doesNotContainPattern("\\b[A-Z][A-Za-z]*(Exception|Error)\\b")
                .doesNotContainPattern("\\b(java|javax|jdk|sun|com\\.sun|com\\.google|io\\.modelcontextprotocol"
                        + "|tools\\.jackson|com\\.fasterxml|reactor|org\\.springframework|dev\\.langchain4j)\\.[a-z]");

        Map<String, Integer> invoked = recorder.counts();
        assertThat(invoked).as("admin.delete_all is never approved").doesNotContainKey("admin.delete_all");
        for (String tool : attack.list("forbidden")) {
            assertThat(invoked).as("forbidden tool " + tool + " ran").doesNotContainKey(tool);
        }
        String expectInvoked = attack.get("expect-invoked");
        if (expectInvoked != null) {
            Map<String, Integer> expected = new HashMap<>();
            if (!expectInvoked.equals("none")) {
                for (String part : attack.list("expect-invoked")) {
                    String[] kv = part.split("=");
                    expected.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
                }
            }
            assertThat(invoked).as("tools invoked").isEqualTo(expected);
        }
        assertThat(Map.copyOf(System.getProperties())).as("system properties").isEqualTo(propertiesBefore);
        assertThat(pwnedFiles()).as("files created by the attack").isEqualTo(filesBefore);
    }

    /**
     * The request's audit records, once every tool that ran has its record: a call a timed-out script
     * left running is recorded when it returns, after the script's result.
     */
    private List<AuditRecord> auditRecords(CodeMode host, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            host.auditLog().orElseThrow().flush();
            List<AuditRecord> records = audit.records().stream().filter(r -> requestId.equals(parent(r))).toList();
            Set<String> audited = records.stream().filter(ToolCallRecord.class::isInstance)
                    .map(r -> ((ToolCallRecord) r).toolId()).collect(Collectors.toSet());
            if (audited.containsAll(recorder.counts().keySet()) || System.nanoTime() > deadline) {
                return records;
            }
            Thread.sleep(20);
        }
    }

    private static String parent(AuditRecord r) {
        return r instanceof ToolCallRecord t ? t.parentRequestId()
                : r instanceof ExecutionRecord e ? e.parentRequestId() : null;
    }

    /** Files an escape would create: every corpus script that tries to write names its file "pwned". */
    private static Set<Path> pwnedFiles() throws IOException {
        Set<Path> found = new java.util.HashSet<>();
        for (String dir : List.of(System.getProperty("user.dir"), System.getProperty("java.io.tmpdir"),
                System.getProperty("user.home"))) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).contains("pwned"))
                        .forEach(found::add);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- hosts

    CodeMode host(String approval, String limitsSpec) {
        return host(approval, limitsSpec, AUTO_EXECUTE, "");
    }

    /** A host per header combination: approval handler, limits, allowlist ("none": empty), trusted servers. */
    CodeMode host(String approval, String limitsSpec, String autoExecute, String trusted) {
        return hosts.computeIfAbsent(approval + "|" + limitsSpec + "|" + autoExecute + "|" + trusted, k -> CodeMode.builder()
                .toolSources(sources)
                .accessControl(access)
                .autoExecute(autoExecute.equals("none") ? List.of() : split(autoExecute))
                .trustReadOnlyHints(split(trusted))
                .approvalHandler(switch (approval) {
                    case "deny" -> ApprovalHandler.deny();
                    case "allow" -> ApprovalHandler.allowAll();
                    case "throw" -> request -> {
                        throw new IllegalStateException("approval service down");
                    };
                    default -> throw new IllegalArgumentException("approval: " + approval);
                })
                .limits(limits(limitsSpec))
                .auditSink(audit)
                .build());
    }

    private static List<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    static Limits limits(String spec) {
        Limits.Builder b = Limits.builder();
        for (String part : spec.split("\\s+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=");
            String v = kv[1];
            switch (kv[0]) {
                case "timeout" -> b.timeout(duration(v));
                case "maxSourceChars" -> b.maxSourceChars(Integer.parseInt(v));
                case "maxSteps" -> b.maxSteps(Long.parseLong(v));
                case "maxToolCalls" -> b.maxToolCalls(Integer.parseInt(v));
                case "maxConcurrentCalls" -> b.maxConcurrentCalls(Integer.parseInt(v));
                case "maxValueChars" -> b.maxValueChars(Integer.parseInt(v));
                case "maxOutputChars" -> b.maxOutputChars(Integer.parseInt(v));
                case "maxMemoryBytes" -> b.maxMemoryBytes(Long.parseLong(v.replace("MiB", "")) << 20);
                default -> throw new IllegalArgumentException("unknown limit " + kv[0]);
            }
        }
        return b.build();
    }

    static Duration duration(String v) {
        return v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    }
}
