package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExposureTest {

    private static final Map<String, Object> ID = Map.of("type", "object",
            "properties", Map.of("id", Map.of("type", "string")), "required", List.of("id"));
    private static final CallContext ANYONE = CallContext.anonymous();

    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicInteger flaky = new AtomicInteger();
    private final List<ApprovalRequest> asked = new ArrayList<>();
    private final InMemoryAuditSink audit = AuditSink.inMemory();

    private FunctionToolSource crm() {
        return FunctionToolSource.builder("crm")
                .tool(ToolDescriptor.of("crm", "lookup_customer", "One customer by id.", ID)
                        .withAnnotations(ToolAnnotations.readOnly()), args -> Map.of("id", args.get("id"), "name", "Ada"))
                .tool(ToolDescriptor.of("crm", "delete_customer", "Delete a customer.", ID)
                        .withAnnotations(ToolAnnotations.destructive()), args -> {
                            deletes.incrementAndGet();
                            return "deleted";
                        })
                .tool(ToolDescriptor.of("crm", "flaky", "Always fails to connect.", ID)
                        .withAnnotations(ToolAnnotations.readOnly()), args -> {
                            flaky.incrementAndGet();
                            throw new ToolCallException("connection refused");
                        })
                .build();
    }

    /** The lookup and the flaky tool on the allowlist; the delete needs approval. */
    private CodeMode.Builder codeMode() {
        return CodeMode.builder().toolSources(crm()).autoExecute("crm.lookup_customer", "crm.flaky").auditSink(audit)
                .approvalHandler(request -> {
            asked.add(request);
            return ApprovalDecision.deny("no");
        });
    }

    private static List<String> names(List<MetaToolSpec> specs) {
        return specs.stream().map(MetaToolSpec::name).toList();
    }

    @Test
    void codeModeOffersTheFourMetaToolsByDefault() {
        try (CodeMode cm = codeMode().build()) {
            assertThat(names(cm.specs(ANYONE))).containsExactly(CodeMode.LIST_TOOL_FILES, CodeMode.READ_TOOL_FILE,
                    CodeMode.GET_TOOL_DOCS, CodeMode.EXECUTE_TOOL_CODE);
            // a direct name that is not offered is not a tool
            assertThat(cm.call("crm__lookup_customer", Map.of("id", "c1"), ANYONE).isError()).isTrue();
        }
    }

    @Test
    void directToolsSitNextToTheMetaToolsAndAreGovernedLikeScriptCalls() {
        try (CodeMode cm = codeMode().directTools("crm.lookup_customer", "crm.delete_customer").build()) {
            List<MetaToolSpec> specs = cm.specs(ANYONE);
            assertThat(names(specs)).containsExactly(CodeMode.LIST_TOOL_FILES, CodeMode.READ_TOOL_FILE,
                    CodeMode.GET_TOOL_DOCS, CodeMode.EXECUTE_TOOL_CODE, "crm__lookup_customer", "crm__delete_customer");
            assertThat(specs.get(4).description()).isEqualTo("One customer by id.");
            assertThat(specs.get(4).inputSchema()).isEqualTo(ID);

            MetaToolResult found = cm.call("crm__lookup_customer", "{\"id\": \"c1\"}", ANYONE);
            assertThat(found.isError()).isFalse();
            assertThat(dev.codemode.json.JsonValues.parse(found.text())).isEqualTo(Map.of("id", "c1", "name", "Ada"));

            MetaToolResult refused = cm.call("crm__delete_customer", Map.of("id", "c1"), ANYONE);
            assertThat(refused.isError()).isTrue();
            assertThat(refused.text()).isEqualTo("approval denied (no): crm.delete_customer needs approval; nothing ran;"
                    + " the user can put it on the auto-execute list or approve the call");
            assertThat(deletes).hasValue(0);
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.tools()).containsExactly("crm.delete_customer"));

            cm.auditLog().orElseThrow().flush();
            assertThat(audit.toolCalls()).singleElement().satisfies(c -> assertThat(c.tool()).isEqualTo("lookup_customer"));
            assertThat(audit.executions()).extracting(ExecutionRecord::outcome, ExecutionRecord::approval)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", "auto"),
                            org.assertj.core.groups.Tuple.tuple("denied", "denied"));
        }
    }

    @Test
    void aDirectCallOfAToolThatSaysReadOnlyAsksFirstUnlessItsServerIsTrusted() {
        // given every tool offered directly and nothing allowlisted
        try (CodeMode cm = CodeMode.builder().toolSources(crm()).exposure(Exposure.DIRECT).auditSink(audit)
                .approvalHandler(request -> {
                    asked.add(request);
                    return ApprovalDecision.deny("no");
                }).build()) {
            // when the model calls the lookup, whose server says readOnlyHint: true
            MetaToolResult refused = cm.call("crm__lookup_customer", Map.of("id", "c1"), ANYONE);

            // then the handler is asked and the call is refused
            assertThat(refused.text()).isEqualTo("approval denied (no): crm.lookup_customer needs approval; nothing ran;"
                    + " the user can put it on the auto-execute list, approve the call, or trust the read-only hints of crm");
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval())
                    .containsExactly("crm.lookup_customer"));
        }
        // once the server is trusted, the same call runs without asking; the destructive one still asks
        try (CodeMode cm = CodeMode.builder().toolSources(crm()).exposure(Exposure.DIRECT).trustReadOnlyHints("crm")
                .approvalHandler(request -> ApprovalDecision.deny("no")).build()) {
            assertThat(cm.call("crm__lookup_customer", Map.of("id", "c1"), ANYONE).isError()).isFalse();
            assertThat(cm.call("crm__delete_customer", Map.of("id", "c1"), ANYONE).isError()).isTrue();
            assertThat(deletes).hasValue(0);
        }
    }

    @Test
    void aDirectToolsHugeOutputOrErrorIsCutToTheOutputLimit() {
        FunctionToolSource hostile = FunctionToolSource.builder("hostile")
                .tool(ToolDescriptor.of("hostile", "flood", "Returns a lot.", ID).withAnnotations(ToolAnnotations.readOnly()),
                        args -> "x".repeat(500_000))
                .tool(ToolDescriptor.of("hostile", "fail", "Fails loudly.", ID).withAnnotations(ToolAnnotations.readOnly()),
                        args -> dev.codemode.catalog.ToolResult.error("y".repeat(500_000)))
                .build();
        try (CodeMode cm = CodeMode.builder().toolSources(hostile).autoExecute("hostile.*").exposure(Exposure.DIRECT)
                .build()) {
            int limit = dev.codemode.sandbox.Limits.DEFAULTS.maxOutputChars();
            MetaToolResult flood = cm.call("hostile__flood", Map.of("id", "1"), ANYONE);
            assertThat(flood.isError()).isFalse();
            assertThat(flood.text().length()).isLessThanOrEqualTo(limit);
            MetaToolResult fail = cm.call("hostile__fail", Map.of("id", "1"), ANYONE);
            assertThat(fail.isError()).isTrue();
            assertThat(fail.text().length()).isLessThanOrEqualTo(limit);
            assertThat(fail.text()).startsWith("hostile.fail failed: yyy").contains("(cut: ");
        }
    }

    @Test
    void aRefreshedCatalogRefreshesTheDirectDefinitions() {
        java.util.concurrent.atomic.AtomicReference<String> description = new java.util.concurrent.atomic.AtomicReference<>("v1");
        dev.codemode.catalog.ToolSource changing = new dev.codemode.catalog.ToolSource() {
            @Override
            public String serverName() {
                return "crm";
            }

            @Override
            public List<ToolDescriptor> listTools() {
                return List.of(ToolDescriptor.of("crm", "lookup", description.get(), ID));
            }

            @Override
            public dev.codemode.catalog.ToolResult callTool(String toolName, Map<String, Object> arguments) {
                return dev.codemode.catalog.ToolResult.of("ok");
            }
        };
        try (CodeMode cm = CodeMode.builder().toolSources(changing).exposure(Exposure.DIRECT).build()) {
            assertThat(cm.specs(ANYONE).get(0).description()).isEqualTo("v1");
            description.set("v2");
            cm.catalog().refresh();
            assertThat(cm.specs(ANYONE).get(0).description()).isEqualTo("v2");
        }
    }

    @Test
    void directCallsGoThroughTheCircuitBreaker() {
        try (CodeMode cm = codeMode().directTools("crm.flaky").build()) {
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                errors.add(cm.call("crm__flaky", Map.of("id", "x"), ANYONE).text());
            }
            assertThat(errors.get(0)).contains("connection refused");
            assertThat(errors.get(11)).contains("server crm is unavailable");
            assertThat(flaky.get()).isLessThan(12 * 3); // retries, then the open breaker stops the calls
        }
    }

    @Test
    void aVirtualKeyDecidesWhichDirectToolsExist() {
        AccessControl keys = AccessControl.builder()
                .keys(VirtualKey.withTools("reader", "crm.lookup_customer"), VirtualKey.withTools("admin", "crm.*"))
                .build();
        try (CodeMode cm = codeMode().accessControl(keys).directTools("crm.*").build()) {
            assertThat(names(cm.specs(CallContext.of("reader")))).contains("crm__lookup_customer")
                    .doesNotContain("crm__delete_customer", "crm__flaky");
            MetaToolResult hidden = cm.call("crm__delete_customer", Map.of("id", "c1"), CallContext.of("reader"));
            assertThat(hidden.isError()).isTrue();
            assertThat(hidden.text()).doesNotContain("deleted");
            assertThat(asked).isEmpty();
            assertThat(names(cm.specs(CallContext.of("admin")))).contains("crm__delete_customer");
            assertThat(cm.specs(CallContext.of("stranger"))).extracting(MetaToolSpec::name)
                    .doesNotContain("crm__lookup_customer");
        }
    }

    @Test
    void directOffersEveryToolOfTheViewAndNoMetaTool() {
        try (CodeMode cm = codeMode().exposure(Exposure.DIRECT).build()) {
            assertThat(names(cm.specs(ANYONE))).containsExactly("crm__lookup_customer", "crm__delete_customer",
                    "crm__flaky");
            assertThat(cm.offer(ANYONE).decided()).isEqualTo(Exposure.DIRECT);
        }
    }

    @Test
    void directSpecsAreTheCallersToolsAsStandardToolCallingOffersThemWhateverTheExposure() {
        AccessControl keys = AccessControl.builder()
                .keys(VirtualKey.withTools("one", "crm.lookup_customer"), VirtualKey.withTools("all", "crm.*"))
                .build();
        List<MetaToolSpec> direct;
        try (CodeMode measure = codeMode().accessControl(keys).exposure(Exposure.DIRECT).build()) {
            direct = measure.specs(CallContext.of("one"));
        }
        try (CodeMode cm = codeMode().accessControl(keys).build()) {
            // given Code Mode exposure, which offers the four meta-tools
            assertThat(names(cm.specs(CallContext.of("all")))).hasSize(4).doesNotContain("crm__lookup_customer");

            // then the caller's tools as standard definitions are those DIRECT offers, only the caller's
            assertThat(cm.directSpecs(CallContext.of("one"))).isEqualTo(direct);
            assertThat(names(cm.directSpecs(CallContext.of("all")))).containsExactly("crm__lookup_customer",
                    "crm__delete_customer", "crm__flaky");
            assertThat(cm.directSpecs(CallContext.of("stranger"))).isEmpty();
        }
        try (CodeMode auto = codeMode().accessControl(keys).exposure(Exposure.AUTO).build()) {
            // and their tokens are what AUTO weighs for the same caller
            assertThat(MetaToolSpec.definitionTokens(auto.directSpecs(CallContext.of("all"))))
                    .isEqualTo(auto.offer(CallContext.of("all")).directDefinitionTokens()).isPositive();
        }
    }

    @Test
    void autoDecidesPerCallerViewByTheTokensOfItsDefinitions() {
        AccessControl keys = AccessControl.builder()
                .keys(VirtualKey.withTools("one", "crm.lookup_customer"), VirtualKey.withTools("all", "crm.*"))
                .build();
        int oneTool;
        int allTools;
        try (CodeMode measure = codeMode().accessControl(keys).exposure(Exposure.DIRECT).build()) {
            oneTool = MetaToolSpec.definitionTokens(measure.specs(CallContext.of("one")));
            allTools = MetaToolSpec.definitionTokens(measure.specs(CallContext.of("all")));
        }
        assertThat(allTools).isGreaterThan(oneTool);
        int threshold = (oneTool + allTools) / 2;
        try (CodeMode cm = codeMode().accessControl(keys).exposure(Exposure.AUTO).autoThresholdTokens(threshold).build()) {
            CodeMode.Offer small = cm.offer(CallContext.of("one"));
            assertThat(small.decided()).isEqualTo(Exposure.DIRECT);
            assertThat(names(small.specs())).containsExactly(CodeMode.EXECUTE_TOOL_CODE, "crm__lookup_customer");
            assertThat(small.directDefinitionTokens()).isEqualTo(oneTool);

            CodeMode.Offer large = cm.offer(CallContext.of("all"));
            assertThat(large.decided()).isEqualTo(Exposure.CODE_MODE);
            assertThat(names(large.specs())).containsExactly(CodeMode.LIST_TOOL_FILES, CodeMode.READ_TOOL_FILE,
                    CodeMode.GET_TOOL_DOCS, CodeMode.EXECUTE_TOOL_CODE);

            // chaining still works in the small view
            MetaToolResult chained = cm.call(CodeMode.EXECUTE_TOOL_CODE,
                    Map.of("code", "result = crm.lookup_customer(id=\"c1\")[\"name\"]"), CallContext.of("one"));
            assertThat(chained.text()).contains("Ada");
        }
    }
}
