package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.codemode.access.CallContext;
import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.ApprovalStore;
import dev.codemode.approval.Decider;
import dev.codemode.approval.DecisionResult;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import org.junit.jupiter.api.Test;

class WebApprovalsTest {

    private static final ApprovalRequest REQUEST = new ApprovalRequest("billing.refund(order_id=\"o1-1\")",
            List.of("billing.refund"), List.of("billing.refund"), List.of(), new CallContext("admin", "turn-1"));

    private final TurnLog turns = new TurnLog();

    /** A click from the page on this machine, and one from elsewhere on the network. */
    private static final Decider LOCAL = new Decider("127.0.0.1", null, null, "127.0.0.1");
    private static final Decider REMOTE = new Decider("203.0.113.7", null, null, "203.0.113.7");

    private ApprovalQueue queue;

    /** The panel over a queue as the sample configures it: decisions from this machine only. */
    private WebApprovals approvals(Duration timeout) {
        queue = ApprovalQueue.builder().store(ApprovalStore.inMemory()).authorizer(ApprovalAuthorizer.localOnly())
                .timeout(timeout).pollInterval(Duration.ofMillis(Math.min(50, timeout.toMillis() / 2 + 10)))
                .build();
        return new WebApprovals(queue, turns);
    }

    /** A turn whose running executeToolCode call is the one asking; the request names it as parent. */
    private ApprovalRequest requestFromTurn() {
        Turn turn = turns.start("refund o1-1", "admin");
        turn.toolCalled("executeToolCode", "{\"code\": \"billing.refund(order_id='o1-1')\"}");
        return new ApprovalRequest(REQUEST.script(), REQUEST.tools(), REQUEST.needApproval(), REQUEST.undetermined(),
                new CallContext("admin", turn.id()));
    }

    @Test
    void should_block_the_script_until_someone_approves_it_on_the_page() {
        WebApprovals approvals = approvals(Duration.ofSeconds(30));
        ApprovalRequest request = requestFromTurn();
        CompletableFuture<ApprovalDecision> decision = CompletableFuture.supplyAsync(() -> approvals.decide(request));

        WebApprovals.Entry pending = await().until(approvals::pending, p -> !p.isEmpty()).get(0);
        String turnId = request.caller().parentRequestId();
        assertThat(pending.turnId()).isEqualTo(turnId);
        assertThat(pending.turn()).isEqualTo(1);
        assertThat(pending.status()).isEqualTo(WebApprovals.Status.PENDING);
        assertThat(pending.expiresIn()).matches("expires in (30 s|2\\d s)");
        assertThat(turns.find(turnId).orElseThrow().view().toolCalls().get(0).approval())
                .isEqualTo("waiting on the approvals panel");
        assertThat(pending.needApproval()).containsExactly("billing.refund");
        assertThat(decision).isNotDone();

        assertThat(approvals.approve(pending.id(), REMOTE).outcome()).as("not from this machine")
                .isEqualTo(DecisionResult.Outcome.NOT_ALLOWED);
        assertThat(decision).isNotDone();
        assertThat(approvals.approve(pending.id(), LOCAL).isDecided()).isTrue();
        assertThat(decision.join().approved()).isTrue();
        assertThat(approvals.pending()).isEmpty();
        assertThat(turns.find(turnId).orElseThrow().view().toolCalls().get(0).approval()).matches("approved after \\d+\\.\\d s");
        assertThat(approvals.deny(pending.id(), LOCAL).isDecided()).as("decided already").isFalse();
        // the request keeps one entry: its status replaced, not a second entry
        assertThat(approvals.entries()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(pending.id());
            assertThat(e.status()).isEqualTo(WebApprovals.Status.APPROVED);
            assertThat(e.outcome()).matches("approved after \\d+\\.\\d s");
            assertThat(e.expiresIn()).isNull();
        });
    }

    @Test
    void should_deny_with_a_reason_when_someone_clicks_deny() {
        WebApprovals approvals = approvals(Duration.ofSeconds(30));
        CompletableFuture<ApprovalDecision> decision = CompletableFuture.supplyAsync(() -> approvals.decide(REQUEST));
        String id = await().until(approvals::pending, p -> !p.isEmpty()).get(0).id();

        assertThat(approvals.deny(id, LOCAL).isDecided()).isTrue();
        assertThat(decision.join()).isEqualTo(ApprovalDecision.deny("an approver declined: denied on the approvals page"));
        assertThat(approvals.entries()).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo(WebApprovals.Status.DENIED));
    }

    @Test
    void should_deny_when_no_one_answers_in_time_and_forget_the_script() {
        WebApprovals approvals = approvals(Duration.ofMillis(200));
        ApprovalDecision decision = approvals.decide(REQUEST);
        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).isEqualTo("no one approved the script within 200 ms");
        assertThat(approvals.pending()).isEmpty();
        assertThat(approvals.entries()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(WebApprovals.Status.EXPIRED);
            assertThat(e.getStatusLabel()).isEqualTo("expired");
            assertThat(e.outcome()).matches("expired after 0\\.\\d s");
        });
    }

    @Test
    void should_keep_the_latest_decided_requests_newest_first() {
        WebApprovals approvals = approvals(Duration.ofMillis(20));
        for (int i = 0; i < WebApprovals.KEPT_DECIDED + 3; i++) {
            approvals.decide(REQUEST);
        }
        assertThat(approvals.entries()).hasSize(WebApprovals.KEPT_DECIDED)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(WebApprovals.Status.EXPIRED));
        assertThat(approvals.entries().get(0).asked()).isAfterOrEqualTo(approvals.entries().get(1).asked());
    }

    @Test
    void should_say_the_time_left_as_a_person_reads_it() {
        assertThat(WebApprovals.remaining(Duration.ofSeconds(80))).isEqualTo("1 min 20 s");
        assertThat(WebApprovals.remaining(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(WebApprovals.remaining(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(WebApprovals.remaining(Duration.ofMillis(1_500))).isEqualTo("2 s");
        assertThat(WebApprovals.remaining(Duration.ofSeconds(-3))).isEqualTo("0 s");
    }

    @Test
    void should_deny_waiting_scripts_when_the_application_stops() {
        WebApprovals approvals = approvals(Duration.ofSeconds(30));
        CompletableFuture<ApprovalDecision> decision = CompletableFuture.supplyAsync(() -> approvals.decide(REQUEST));
        await().until(approvals::pending, p -> !p.isEmpty());
        queue.close(); // what the starter does when the application stops
        assertThat(decision.join().reason()).isEqualTo("the application stopped before anyone approved the script");
    }

    @Test
    void should_let_the_panel_of_another_instance_on_the_same_database_approve_the_script() {
        ApprovalStore database = ApprovalStore.inMemory();
        ApprovalQueue a = ApprovalQueue.builder().store(database).instanceId("A")
                .authorizer(ApprovalAuthorizer.localOnly()).pollInterval(Duration.ofMillis(50)).build();
        ApprovalQueue b = ApprovalQueue.builder().store(database).instanceId("B")
                .authorizer(ApprovalAuthorizer.localOnly()).pollInterval(Duration.ofMillis(50)).build();
        WebApprovals panelA = new WebApprovals(a, turns);
        WebApprovals panelB = new WebApprovals(b, new TurnLog());
        ApprovalRequest request = requestFromTurn();
        CompletableFuture<ApprovalDecision> decision = CompletableFuture.supplyAsync(() -> panelA.decide(request));

        WebApprovals.Entry onB = await().until(panelB::pending, p -> !p.isEmpty()).get(0);
        assertThat(onB.turnId()).isEqualTo(request.caller().parentRequestId());
        assertThat(onB.turn()).as("not a turn of B's page").isNull();
        assertThat(panelB.approve(onB.id(), REMOTE).isDecided()).isFalse();
        assertThat(panelB.approve(onB.id(), LOCAL).isDecided()).isTrue();
        assertThat(decision.join().approved()).isTrue();
        assertThat(panelA.entries()).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo(WebApprovals.Status.APPROVED));
        a.close();
        b.close();
    }
}
