package dev.codemode.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Auto-execute approval through the public API: what runs on its own, what asks, and the known
 * bypasses of other implementations, each of which must reach the handler as undetermined and run
 * nothing when denied.
 */
class ApprovalTest {

    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final List<ApprovalRequest> asked = new ArrayList<>();
    ToolSource crm;

    static Map<String, Object> idSchema() {
        return Map.of("type", "object", "properties", Map.of("customer_id", Map.of("type", "string")),
                "required", List.of("customer_id"));
    }

    @BeforeEach
    void setUp() {
        crm = FunctionToolSource.builder("crm")
                .tool(new ToolDescriptor("crm", "lookup_customer", "One customer.", idSchema(), null,
                        ToolAnnotations.readOnly()), a -> {
                            lookups.incrementAndGet();
                            return Map.of("id", a.get("customer_id"));
                        })
                .tool(new ToolDescriptor("crm", "delete_customer", "Delete a customer.", idSchema(), null,
                        ToolAnnotations.destructive()), a -> {
                            deletes.incrementAndGet();
                            return Map.of("deleted", a.get("customer_id"));
                        })
                .build();
    }

    /** The lookup on the allowlist, the delete not. */
    CodeMode codeMode(ApprovalHandler handler) {
        return CodeMode.builder().toolSources(crm).autoExecute("crm.lookup_customer")
                .approvalHandler(recording(handler)).build();
    }

    ApprovalHandler recording(ApprovalHandler handler) {
        return request -> {
            asked.add(request);
            return handler.decide(request);
        };
    }

    Map<?, ?> run(CodeMode codeMode, String code) {
        MetaToolResult r = codeMode.call("executeToolCode", Map.of("code", code), new CallContext("key-1", "turn-7"));
        return (Map<?, ?>) JsonValues.parse(r.text());
    }

    @Test
    void should_run_allowlisted_scripts_without_asking_including_a_parallel_fan_out() {
        try (CodeMode cm = codeMode(ApprovalHandler.deny())) {
            Map<?, ?> out = run(cm, """
                    a = crm.lookup_customer(customer_id="c1")
                    pairs = parallel([(crm.lookup_customer, {"customer_id": c}) for c in ["c2", "c3"]])
                    v, err = try_call(crm.lookup_customer, customer_id="c4")
                    result = [a["id"]] + [p[0]["id"] for p in pairs] + [v["id"]]
                    """);
            assertThat(out.get("result")).isEqualTo(List.of("c1", "c2", "c3", "c4"));
            assertThat(asked).isEmpty();
        }
    }

    @Test
    void should_deny_a_destructive_call_by_default_and_run_no_part_of_the_script() {
        try (CodeMode cm = codeMode(ApprovalHandler.deny())) {
            Map<?, ?> out = run(cm, """
                    a = crm.lookup_customer(customer_id="c1")
                    crm.delete_customer(customer_id=a["id"])
                    """);
            assertThat(out.get("error")).isEqualTo("approval denied: crm.delete_customer needs approval");
            assertThat(out.get("hint")).isEqualTo("nothing ran; the user can put it on the auto-execute list or approve"
                    + " the script");
            assertThat(lookups.get()).as("nothing ran, not even the allowed lookup").isZero();
            assertThat(deletes.get()).isZero();
            assertThat(asked).singleElement().satisfies(request -> {
                assertThat(request.tools()).containsExactly("crm.delete_customer", "crm.lookup_customer");
                assertThat(request.needApproval()).containsExactly("crm.delete_customer");
                assertThat(request.caller().virtualKey()).isEqualTo("key-1");
                assertThat(request.caller().parentRequestId()).isEqualTo("turn-7");
            });
        }
    }

    @Test
    void should_name_only_this_scripts_tools_that_need_approval_never_other_servers_tools() {
        // given: three servers; some tools allowlisted, others not; the script uses two of the servers
        AtomicInteger upstream = new AtomicInteger();
        ToolSource billing = FunctionToolSource.builder("billing")
                .tool("charge", "Charge.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .tool("refund", "Refund.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .tool("void_invoice", "Void.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .build();
        ToolSource mail = FunctionToolSource.builder("mail")
                .tool("send", "Send.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .tool("list", "List.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .build();
        try (CodeMode cm = CodeMode.builder().toolSources(crm, billing, mail)
                .autoExecute("crm.lookup_customer", "billing.charge", "mail.list")
                .approvalHandler(recording(ApprovalHandler.deny())).build()) {
            // when: the script calls allowlisted tools and two that are not, one through try_call
            Map<?, ?> out = run(cm, """
                    c = crm.lookup_customer(customer_id="c1")
                    billing.charge()
                    v, err = try_call(billing.refund)
                    crm.delete_customer(customer_id=c["id"])
                    """);
            // then: exactly those two are named; no tool of mail, no other billing tool, no allowlisted one
            assertThat(out.get("error")).isEqualTo("approval denied: billing.refund, crm.delete_customer need approval");
            String answer = JsonValues.write(out);
            for (String other : List.of("mail", "void_invoice", "charge", "lookup_customer")) {
                assertThat(answer).as(other).doesNotContain(other);
            }
            assertThat(out.get("hint")).isEqualTo("nothing ran; the user can put them on the auto-execute list or"
                    + " approve the script");
            assertThat(upstream.get() + lookups.get() + deletes.get()).isZero();
        }
    }

    @Test
    void should_run_a_destructive_call_once_approved() {
        try (CodeMode cm = codeMode(ApprovalHandler.allowAll())) {
            Map<?, ?> out = run(cm, "result = crm.delete_customer(customer_id=\"c9\")");
            assertThat(out.get("result")).isEqualTo(Map.of("deleted", "c9"));
            assertThat(deletes.get()).isEqualTo(1);
        }
    }

    @Test
    void should_ask_for_tools_handed_to_parallel_and_try_call() {
        try (CodeMode cm = codeMode(ApprovalHandler.deny())) {
            run(cm, "parallel([(crm.delete_customer, {\"customer_id\": \"c1\"})])");
            run(cm, "v, e = try_call(crm.delete_customer, customer_id=\"c1\")");
            assertThat(asked).extracting(ApprovalRequest::needApproval)
                    .containsExactly(List.of("crm.delete_customer"), List.of("crm.delete_customer"));
            assertThat(deletes.get()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "g = crm\ng.delete_customer(customer_id=\"c1\")",
            "getattr(crm, \"delete_\" + \"customer\")(customer_id=\"c1\")",
            "fns = [crm.delete_customer]\nfns[0](customer_id=\"c1\")",
            "def f(s):\n    return s.delete_customer(customer_id=\"c1\")\n\nf(crm)",
            "calls = [(crm.delete_customer, {\"customer_id\": \"c1\"})]\nparallel(calls)",
            "t = crm.delete_customer\ntry_call(t, customer_id=\"c1\")",
            "d = {\"x\": crm.delete_customer}\nd[\"x\"](customer_id=\"c1\")",
            "[crm][0].delete_customer(customer_id=\"c1\")",
            "def parallel(calls):\n    return [c[0](**c[1]) for c in calls]\n\nparallel([(crm.delete_customer, {\"customer_id\": \"c1\"})])",
            "p = parallel\np([(crm.delete_customer, {\"customer_id\": \"c1\"})])",
            "for s in [crm]:\n    s.delete_customer(customer_id=\"c1\")",
            "x = [s.delete_customer(customer_id=\"c1\") for s in [crm]]",
            "def g(s=crm):\n    return s.delete_customer(customer_id=\"c1\")\n\ng()",
            "crm2 = dir(crm)\nresult = crm2",
    })
    void should_treat_every_indirect_route_as_undetermined_and_run_nothing_when_denied(String script) {
        try (CodeMode cm = codeMode(ApprovalHandler.deny())) {
            Map<?, ?> out = run(cm, script);
            assertThat(out.get("error").toString()).startsWith("approval denied: the tools this script calls cannot be"
                    + " determined (");
            assertThat(out.get("hint").toString()).contains("call tools directly as server.tool(...)");
            assertThat(asked).singleElement().satisfies(r -> {
                assertThat(r.isUndetermined()).isTrue();
                assertThat(r.undetermined()).isNotEmpty();
            });
            assertThat(deletes.get()).isZero();
            assertThat(lookups.get()).isZero();
        }
    }

    @Test
    void should_let_an_approved_undetermined_script_call_what_the_caller_sees() {
        try (CodeMode cm = codeMode(ApprovalHandler.allowAll())) {
            Map<?, ?> out = run(cm, "g = crm\nresult = g.delete_customer(customer_id=\"c1\")");
            assertThat(out.get("result")).isEqualTo(Map.of("deleted", "c1"));
        }
    }

    @Test
    void should_report_a_handler_failure_as_a_denial() {
        try (CodeMode cm = codeMode(request -> {
            throw new IllegalStateException("ui unreachable");
        })) {
            Map<?, ?> out = run(cm, "crm.delete_customer(customer_id=\"c1\")");
            assertThat(out.get("error")).isEqualTo("approval denied (the approval handler failed): crm.delete_customer"
                    + " needs approval");
            assertThat(deletes.get()).isZero();
        }
    }

    @Test
    void should_pass_the_handlers_reason_to_the_model() {
        try (CodeMode cm = codeMode(ApprovalHandler.asking(request -> false))) {
            Map<?, ?> out = run(cm, "crm.delete_customer(customer_id=\"c1\")");
            assertThat(out.get("error")).isEqualTo("approval denied (the user declined): crm.delete_customer needs approval");
        }
    }

    @Test
    void should_auto_execute_by_pattern_and_original_name() {
        try (CodeMode cm = CodeMode.builder().toolSources(crm)
                .approvalPolicy(ApprovalPolicy.builder().autoExecute("crm.*").build()).build()) {
            assertThat(run(cm, "result = crm.delete_customer(customer_id=\"c1\")").get("result")).isNotNull();
        }
        try (CodeMode cm = CodeMode.builder().toolSources(crm)
                .approvalPolicy(ApprovalPolicy.builder().autoExecute("crm.lookup_customer").build()).build()) {
            assertThat(run(cm, "result = crm.delete_customer(customer_id=\"c1\")").get("error").toString())
                    .startsWith("approval denied");
        }
    }

    @Test
    void should_ask_before_a_read_only_tool_runs_when_nothing_is_allowlisted() {
        // given the default policy and a tool whose server says readOnlyHint: true
        try (CodeMode cm = CodeMode.builder().toolSources(crm).approvalHandler(recording(ApprovalHandler.deny()))
                .build()) {
            // when a script calls it
            Map<?, ?> out = run(cm, "result = crm.lookup_customer(customer_id=\"c1\")");

            // then it waits for approval, and nothing runs when denied
            assertThat(out.get("error")).isEqualTo("approval denied: crm.lookup_customer needs approval");
            assertThat(out.get("hint")).isEqualTo("nothing ran; the user can put it on the auto-execute list, approve"
                    + " the script, or trust the read-only hints of crm");
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval())
                    .containsExactly("crm.lookup_customer"));
            assertThat(lookups.get()).isZero();
        }
    }

    @Test
    void should_run_the_read_only_tools_of_a_trusted_server_and_ask_for_the_rest() {
        try (CodeMode cm = CodeMode.builder().toolSources(crm).trustReadOnlyHints("crm")
                .approvalHandler(recording(ApprovalHandler.deny())).build()) {
            assertThat(run(cm, "result = crm.lookup_customer(customer_id=\"c1\")").get("result"))
                    .isEqualTo(Map.of("id", "c1"));
            assertThat(asked).isEmpty();

            Map<?, ?> out = run(cm, "crm.delete_customer(customer_id=\"c1\")");
            assertThat(out.get("error")).isEqualTo("approval denied: crm.delete_customer needs approval");
            assertThat(deletes.get()).isZero();
        }
    }

    @Test
    void should_ask_for_a_tool_that_says_read_only_and_destructive_even_on_a_trusted_server() {
        // given a trusted server whose tool claims both hints
        AtomicInteger wipes = new AtomicInteger();
        ToolSource files = FunctionToolSource.builder("files")
                .tool(new ToolDescriptor("files", "wipe", "Looks harmless.", Map.of("type", "object"), null,
                        new ToolAnnotations(true, true, null, null)), a -> wipes.incrementAndGet())
                .build();
        try (CodeMode cm = CodeMode.builder().toolSources(files).trustReadOnlyHints("files")
                .approvalHandler(recording(ApprovalHandler.deny())).build()) {
            // when a script calls it, then it is denied and never runs
            assertThat(run(cm, "files.wipe()").get("error")).isEqualTo("approval denied: files.wipe needs approval");
            assertThat(wipes.get()).isZero();
            // and the stub warns instead of calling it read-only
            assertThat(cm.call("readToolFile", Map.of("fileName", "servers/files.pyi")).text())
                    .contains("Destructive.").doesNotContain("Read-only.");
        }
    }

    @Test
    void should_ignore_the_read_only_hints_of_servers_not_named_as_trusted() {
        AtomicInteger reads = new AtomicInteger();
        ToolSource docs = FunctionToolSource.builder("my-docs")
                .tool(new ToolDescriptor("my-docs", "read", "A page.", Map.of("type", "object"), null,
                        ToolAnnotations.readOnly()), a -> "page " + reads.incrementAndGet())
                .build();
        try (CodeMode cm = CodeMode.builder().toolSources(crm, docs).trustReadOnlyHints("my-docs")
                .approvalHandler(recording(ApprovalHandler.deny())).build()) {
            assertThat(run(cm, "result = my_docs.read()").get("result")).isEqualTo("page 1");
            Map<?, ?> out = run(cm, "result = crm.lookup_customer(customer_id=\"c1\")");
            assertThat(out.get("error")).isEqualTo("approval denied: crm.lookup_customer needs approval");
            // the lookup says read-only: trusting its server's hints is one of the ways to let it run
            assertThat(out.get("hint")).isEqualTo("nothing ran; the user can put it on the auto-execute list, approve"
                    + " the script, or trust the read-only hints of crm");
            assertThat(lookups.get()).isZero();
        }
        // a server is named by its script identifier as well as by its configured name
        try (CodeMode cm = CodeMode.builder().toolSources(docs).trustReadOnlyHints("my_docs").build()) {
            assertThat(run(cm, "result = my_docs.read()").get("result")).isEqualTo("page 2");
        }
    }

    @Test
    void should_refuse_a_policy_and_the_builders_shorthands_together() {
        CodeMode.Builder both = CodeMode.builder().toolSources(crm).approvalPolicy(ApprovalPolicy.autoExecuteAll())
                .trustReadOnlyHints("crm");
        assertThatThrownBy(both::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set approvalPolicy(...) or autoExecute(...)/trustReadOnlyHints(...), not both");
    }

    @Test
    void should_never_ask_for_the_read_only_meta_tools() {
        try (CodeMode cm = codeMode(ApprovalHandler.deny())) {
            assertThat(cm.call("listToolFiles", Map.of()).isError()).isFalse();
            assertThat(cm.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text()).contains("def delete_customer");
            assertThat(cm.call("getToolDocs", Map.of("server", "crm", "tool", "delete_customer")).isError()).isFalse();
            assertThat(asked).isEmpty();
        }
    }
}
