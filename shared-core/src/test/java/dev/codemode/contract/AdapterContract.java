package dev.codemode.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.Exposure;
import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.ToolCallRecord;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.sandbox.Limits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must show the model, whatever its framework: the four meta-tools offered and
 * callable, direct tools, approvals, virtual keys, error shapes and output caps. An adapter's test
 * extends this class and builds its {@link AdapterHarness} from the tool sources and a customizer of
 * the core builder, wiring only its framework (how tools are offered, how a call and its caller
 * travel). The core's own {@code CodeModeContractTest} runs it against {@code CodeMode} itself.
 */
public abstract class AdapterContract {

    /** A Java type or package name, or a stack frame: never in a model-facing text. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(java|javax|jakarta|dev\\.codemode|dev\\.langchain4j|org\\.springframework|net\\.starlark|tools\\.jackson"
                    + "|com\\.fasterxml)\\.[a-z]|[A-Z][A-Za-z]*Exception\\b|\\bat [a-z]+\\.[a-z]");
    private static final Map<String, Object> ID = Map.of("type", "object",
            "properties", Map.of("id", Map.of("type", "string")), "required", List.of("id"));
    private static final List<String> META_TOOLS =
            List.of("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");
    private static final CallContext ANYONE = CallContext.anonymous();
    private static final CallContext READER = new CallContext("reader-key", "turn-7");

    protected final AtomicInteger lookups = new AtomicInteger();
    protected final AtomicInteger deletes = new AtomicInteger();
    protected final AtomicInteger refunds = new AtomicInteger();
    protected final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    private AdapterHarness adapter;

    /**
     * The adapter under test over {@code sources}, its {@code CodeMode} configured by {@code core}
     * (applied last, after the adapter's own defaults).
     */
    protected abstract AdapterHarness adapter(List<ToolSource> sources, Consumer<CodeMode.Builder> core);

    @AfterEach
    void closeAdapter() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private AdapterHarness start(Consumer<CodeMode.Builder> core) {
        adapter = adapter(List.of(crm(), billing()), core);
        return adapter;
    }

    private FunctionToolSource crm() {
        return FunctionToolSource.builder("crm")
                .tool(ToolDescriptor.of("crm", "lookup_customer", "One customer by id.", ID)
                        .withAnnotations(ToolAnnotations.readOnly()), args -> {
                            lookups.incrementAndGet();
                            return Map.of("id", args.get("id"), "name", "Ada");
                        })
                .tool(ToolDescriptor.of("crm", "delete_customer", "Delete a customer and their data.", ID)
                        .withAnnotations(ToolAnnotations.destructive()), args -> {
                            deletes.incrementAndGet();
                            return Map.of("deleted", args.get("id"));
                        })
                .tool(ToolDescriptor.of("crm", "export_all", "Every customer as one long text.", Map.of("type", "object")),
                        args -> "x".repeat(50_000))
                .tool(ToolDescriptor.of("crm", "broken", "Fails inside the tool.", Map.of("type", "object")),
                        args -> {
                            throw new IllegalStateException("the database said no");
                        })
                .build();
    }

    private FunctionToolSource billing() {
        return FunctionToolSource.builder("billing")
                .tool(ToolDescriptor.of("billing", "refund_order", "Refund an order.", ID), args -> {
                    refunds.incrementAndGet();
                    return "refunded";
                })
                .build();
    }

    /** Lookups and exports run on their own; the rest asks, and the handler records and answers {@code approve}. */
    private Consumer<CodeMode.Builder> allowlist(boolean approve) {
        return b -> b.autoExecute("crm.lookup_customer", "crm.export_all", "crm.broken").approvalHandler(request -> {
            asked.add(request);
            return approve ? ApprovalDecision.approve() : ApprovalDecision.deny("not now");
        });
    }

    private static Consumer<CodeMode.Builder> readerKey() {
        return b -> b.accessControl(AccessControl.builder()
                .keys(VirtualKey.withTools("reader-key", "crm.lookup_customer"), VirtualKey.withTools("admin-key", "*"))
                .build());
    }

    private static String script(String code) {
        return JsonValues.write(Map.of("code", code));
    }

    private static void assertOk(AdapterHarness.Reply reply) {
        if (reply.isError() != null) {
            assertThat(reply.isError()).as(reply.text()).isFalse();
        }
        assertThat(reply.text()).doesNotContainPattern(JAVA_NAME);
    }

    /** An error the model can read: a result, not an exception; compact; no Java names or stack traces. */
    private static void assertModelError(AdapterHarness.Reply reply) {
        if (reply.isError() != null) {
            assertThat(reply.isError()).as(reply.text()).isTrue();
        }
        assertThat(reply.text()).isNotBlank().hasSizeLessThan(2_000).doesNotContainPattern(JAVA_NAME);
    }

    // --- the four meta-tools ---

    @Test
    void should_offer_the_four_meta_tools_by_default() {
        assertThat(start(b -> { }).offeredTools(ANYONE)).containsExactlyElementsOf(META_TOOLS);
    }

    @Test
    void should_run_each_meta_tool_through_the_framework() {
        AdapterHarness codeMode = start(allowlist(false));

        AdapterHarness.Reply tree = codeMode.call("listToolFiles", "{}", ANYONE);
        AdapterHarness.Reply stub = codeMode.call("readToolFile", "{\"fileName\": \"servers/crm.pyi\"}", ANYONE);
        AdapterHarness.Reply docs = codeMode.call("getToolDocs", "{\"server\": \"crm\", \"tool\": \"lookup_customer\"}", ANYONE);
        AdapterHarness.Reply run = codeMode.call("executeToolCode",
                script("result = crm.lookup_customer(id=\"c1\")[\"name\"]"), ANYONE);

        assertOk(tree);
        assertThat(tree.text()).contains("servers/crm.pyi", "servers/billing.pyi");
        assertOk(stub);
        assertThat(stub.text()).contains("def lookup_customer(", "def delete_customer(");
        assertOk(docs);
        assertThat(docs.text()).contains("lookup_customer", "One customer by id.");
        assertOk(run);
        assertThat(JsonValues.parse(run.text())).isInstanceOfSatisfying(Map.class,
                result -> assertThat(result.get("result")).isEqualTo("Ada"));
        assertThat(lookups).hasValue(1);
    }

    // --- direct tools ---

    @Test
    void should_offer_direct_tools_next_to_the_meta_tools_and_run_them() {
        AdapterHarness codeMode = start(allowlist(false).andThen(b -> b.directTools("crm.lookup_customer")));

        assertThat(codeMode.offeredTools(ANYONE)).containsExactly("listToolFiles", "readToolFile", "getToolDocs",
                "executeToolCode", "crm__lookup_customer");
        AdapterHarness.Reply reply = codeMode.call("crm__lookup_customer", "{\"id\": \"c2\"}", ANYONE);

        assertOk(reply);
        assertThat(reply.text()).contains("Ada", "c2");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void should_offer_each_caller_its_own_view_when_exposure_is_direct() {
        AdapterHarness codeMode = start(readerKey().andThen(allowlist(false)).andThen(b -> b.exposure(Exposure.DIRECT)));

        assertThat(codeMode.offeredTools(READER)).containsExactly("crm__lookup_customer");
        assertThat(codeMode.offeredTools(CallContext.of("admin-key")))
                .contains("crm__lookup_customer", "crm__delete_customer", "billing__refund_order")
                .doesNotContainAnyElementsOf(META_TOOLS);
    }

    @Test
    void should_ask_before_a_direct_call_of_a_tool_outside_the_allowlist() {
        AdapterHarness codeMode = start(allowlist(false).andThen(b -> b.directTools("crm.delete_customer")));

        AdapterHarness.Reply reply = codeMode.call("crm__delete_customer", "{\"id\": \"c3\"}", ANYONE);

        assertModelError(reply);
        assertThat(asked).hasSize(1);
        assertThat(deletes).hasValue(0);
    }

    // --- approvals ---

    @Test
    void should_run_an_allowlisted_script_without_asking() {
        AdapterHarness.Reply reply = start(allowlist(false)).call("executeToolCode",
                script("result = crm.lookup_customer(id=\"c1\")"), ANYONE);

        assertOk(reply);
        assertThat(asked).isEmpty();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void should_ask_the_approval_handler_for_other_tools_and_run_when_approved() {
        AdapterHarness.Reply reply = start(allowlist(true)).call("executeToolCode",
                script("result = crm.delete_customer(id=\"c3\")"), ANYONE);

        assertOk(reply);
        assertThat(asked).singleElement().satisfies(request ->
                assertThat(request.needApproval()).containsExactly("crm.delete_customer"));
        assertThat(deletes).hasValue(1);
    }

    @Test
    void should_run_nothing_of_a_denied_script() {
        AdapterHarness.Reply reply = start(allowlist(false)).call("executeToolCode",
                script("c = crm.lookup_customer(id=\"c3\")\nresult = crm.delete_customer(id=c[\"id\"])"), ANYONE);

        assertModelError(reply);
        assertThat(asked).hasSize(1);
        assertThat(lookups).hasValue(0);
        assertThat(deletes).hasValue(0);
    }

    // --- virtual keys ---

    @Test
    void should_show_a_virtual_key_only_its_tools() {
        AdapterHarness codeMode = start(readerKey().andThen(allowlist(true)));

        AdapterHarness.Reply tree = codeMode.call("listToolFiles", "{}", READER);
        AdapterHarness.Reply stub = codeMode.call("readToolFile", "{\"fileName\": \"servers/crm.pyi\"}", READER);
        AdapterHarness.Reply run = codeMode.call("executeToolCode", script("result = crm.lookup_customer(id=\"c1\")"),
                READER);

        assertOk(tree);
        assertThat(tree.text()).contains("servers/crm.pyi").doesNotContain("billing");
        assertOk(stub);
        assertThat(stub.text()).contains("lookup_customer").doesNotContain("delete_customer", "export_all");
        assertOk(run);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void should_not_name_hidden_tools_in_errors() {
        AdapterHarness codeMode = start(readerKey().andThen(allowlist(true)));

        List<AdapterHarness.Reply> replies = List.of(
                codeMode.call("executeToolCode", script("result = crm.delete_customer(id=\"c3\")"), READER),
                codeMode.call("executeToolCode", script("result = billing.refund_order(id=\"o1\")"), READER),
                codeMode.call("getToolDocs", "{\"server\": \"crm\", \"tool\": \"delete_customer\"}", READER),
                codeMode.call("readToolFile", "{\"fileName\": \"servers/billing.pyi\"}", READER));

        for (AdapterHarness.Reply reply : replies) {
            assertModelError(reply);
            assertThat(reply.text()).doesNotContain("delete_customer(", "refund_order", "export_all", "billing.pyi:");
        }
        assertThat(deletes).hasValue(0);
        assertThat(refunds).hasValue(0);
        assertThat(asked).isEmpty();
    }

    @Test
    void should_deny_an_unknown_virtual_key_without_showing_the_catalog() {
        AdapterHarness codeMode = start(readerKey().andThen(allowlist(true)));

        AdapterHarness.Reply tree = codeMode.call("listToolFiles", "{}", CallContext.of("stolen-key"));
        AdapterHarness.Reply run = codeMode.call("executeToolCode", script("result = crm.lookup_customer(id=\"c1\")"),
                CallContext.of("stolen-key"));

        assertModelError(tree);
        assertModelError(run);
        assertThat(tree.text() + run.text()).doesNotContain("stolen-key", "crm.pyi", "delete_customer");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void should_record_the_callers_key_and_parent_request_with_each_tool_call() {
        InMemoryAuditSink sink = AuditSink.inMemory();
        AuditLog log = AuditLog.builder().sink(sink).build();
        try {
            AdapterHarness codeMode = start(readerKey().andThen(allowlist(true)).andThen(b -> b.auditLog(log)));

            assertOk(codeMode.call("executeToolCode", script("result = crm.lookup_customer(id=\"c1\")"), READER));
            log.flush();

            assertThat(sink.records()).filteredOn(ToolCallRecord.class::isInstance).map(ToolCallRecord.class::cast)
                    .singleElement().satisfies(call -> {
                        assertThat(call.virtualKey()).isEqualTo("reader-key");
                        assertThat(call.parentRequestId()).isEqualTo("turn-7");
                    });
        } finally {
            log.close();
        }
    }

    // --- error shapes ---

    @Test
    void should_answer_bad_json_arguments_with_an_error_result() {
        AdapterHarness codeMode = start(allowlist(false));

        assertModelError(codeMode.call("executeToolCode", "{\"code\": ", ANYONE));
        assertModelError(codeMode.call("readToolFile", "[1, 2]", ANYONE));
        assertModelError(codeMode.call("executeToolCode", "{\"code\": 42}", ANYONE));
    }

    @Test
    void should_answer_an_unknown_tool_with_an_error_result() {
        AdapterHarness codeMode = start(allowlist(false));

        AdapterHarness.Reply unknown = codeMode.call("deleteEverything", "{}", ANYONE);
        AdapterHarness.Reply notOffered = codeMode.call("crm__delete_customer", "{\"id\": \"c3\"}", ANYONE);

        for (AdapterHarness.Reply reply : java.util.Arrays.asList(unknown, notOffered)) {
            if (reply != null) { // null: the framework refused the name itself
                assertModelError(reply);
            }
        }
        assertThat(deletes).hasValue(0);
    }

    @Test
    void should_answer_a_broken_script_or_a_failing_tool_with_an_error_result() {
        AdapterHarness codeMode = start(allowlist(false));

        AdapterHarness.Reply syntax = codeMode.call("executeToolCode", script("result = (1 +"), ANYONE);
        AdapterHarness.Reply unknown = codeMode.call("executeToolCode", script("result = crm.lookup_customr(id=\"c1\")"),
                ANYONE);
        AdapterHarness.Reply failing = codeMode.call("executeToolCode", script("result = crm.broken()"), ANYONE);

        assertModelError(syntax);
        assertThat(syntax.text()).contains("\"line\"");
        assertModelError(unknown);
        assertThat(unknown.text()).contains("lookup_customer");
        assertModelError(failing);
        assertThat(failing.text()).contains("the database said no");
    }

    // --- output caps ---

    @Test
    void should_cap_the_output_and_keep_it_valid_json() {
        AdapterHarness codeMode = start(allowlist(false).andThen(b -> b.limits(
                Limits.DEFAULTS.toBuilder().maxOutputChars(2_000).build())));

        AdapterHarness.Reply reply = codeMode.call("executeToolCode", script("result = crm.export_all()"), ANYONE);

        assertThat(reply.text().length()).isLessThanOrEqualTo(2_000);
        assertThat(JsonValues.parse(reply.text())).isInstanceOf(Map.class);
        assertThat(reply.text()).doesNotContainPattern(JAVA_NAME);
    }
}
