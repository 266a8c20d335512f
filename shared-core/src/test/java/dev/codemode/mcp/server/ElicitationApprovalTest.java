package dev.codemode.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElicitationApprovalTest {

    static ApprovalRequest request(String parent) {
        return new ApprovalRequest("result = crm.delete_customer(customer_id=\"c9\")", List.of("crm.delete_customer"),
                List.of("crm.delete_customer"), List.of(), new CallContext("alice", parent));
    }

    @Test
    void a_call_not_made_through_the_mcp_tools_gets_the_fallbacks_decision() {
        assertThat(ElicitationApproval.orElse(ApprovalHandler.allowAll()).decide(request("turn-1")).approved()).isTrue();
        assertThat(ElicitationApproval.orDeny().decide(request(null)).approved()).isFalse();
    }

    @Test
    void the_question_names_the_tools_and_shows_the_script() {
        String message = ElicitationApproval.message(request("x"));
        assertThat(message).startsWith("Run this script? It calls crm.delete_customer, which needs approval.")
                .endsWith("result = crm.delete_customer(customer_id=\"c9\")");
        ApprovalRequest undetermined = new ApprovalRequest("getattr(crm, n)()", null, List.of(), List.of("getattr"),
                CallContext.anonymous());
        assertThat(ElicitationApproval.message(undetermined)).contains("cannot be determined");
    }
}
