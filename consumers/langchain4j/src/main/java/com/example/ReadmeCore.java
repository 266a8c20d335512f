package com.example;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.ToolSource;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's core snippets, as written, compiled against the published codemode-core (which the
 * LangChain4j adapter brings). Compiled only: they name servers this project does not run.
 */
final class ReadmeCore {

    private ReadmeCore() {
    }

    /** README, "Quick start (core)". */
    static void quickStart() {
        ToolSource crm = McpToolSource.stdio("crm", "java", List.of("-jar", "crm-server.jar"), Map.of());
        ToolSource orders = McpToolSource.streamableHttp("orders", "http://localhost:8080");

        try (CodeMode codeMode = CodeMode.builder()
                .toolSources(crm, orders)
                .bindingLevel(BindingLevel.SERVER)          // one stub file per server; TOOL: one per tool
                .autoExecute("crm.lookup_customer", "orders.*")   // only these run on their own; others need approval
                .approvalHandler(request -> ApprovalDecision.deny("not in this app"))
                .limits(Limits.builder().timeout(Duration.ofSeconds(10)).build())
                .build()) {

            List<MetaToolSpec> tools = codeMode.specs();    // give these four to the model

            // route the model's tool calls:
            MetaToolResult r = codeMode.call("executeToolCode",
                    Map.of("code", "result = crm.lookup_customer(customer_id=\"c1\")"));
            System.out.println(r.text());                   // {"result":{...},"logs":[],"toolCalls":1,"ms":3}
        }
        crm.close();
        orders.close();
    }

    /** README, "Governance". */
    static CodeMode governance(ToolSource crm, ToolSource billing, String script) {
        CodeMode codeMode = CodeMode.builder()
                .toolSources(crm, billing)
                .approvalPolicy(ApprovalPolicy.allowlist("crm.lookup_customer"))   // only this runs on its own
                .approvalHandler(ApprovalHandler.asking(request -> askUser(request.needApproval())))
                .accessControl(AccessControl.builder()
                        .groups(ToolGroup.of("support", "crm.lookup_customer", "billing.refund"))
                        .keys(VirtualKey.withGroups("key-support", "support"))
                        .build())
                .auditSink(AuditSink.slf4j())
                .toolCosts(ToolCosts.builder().price("billing.*", new BigDecimal("0.01")).build())
                .build();
        codeMode.call("executeToolCode", Map.of("code", script), new CallContext("key-support", "turn-42"));
        return codeMode;
    }

    private static boolean askUser(List<String> tools) {
        return false;
    }
}
