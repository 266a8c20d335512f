package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.ApprovalStore;
import dev.codemode.approval.JdbcApprovalStore;
import dev.codemode.approval.PendingApproval;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import org.junit.jupiter.api.Test;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code spring.ai.codemode.approvals.*}: off by default (scripts that need approval are denied), a queue
 * when enabled, in the database when there is one, its endpoint deciding through the authoriser, and
 * settings it refuses with the property named.
 */
class ApprovalsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
            .withPropertyValues("spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                    "spring.ai.codemode.warm-up=false");

    private final ApplicationContextRunner enabled = runner.withPropertyValues(
            "spring.ai.codemode.approvals.enabled=true", "spring.ai.codemode.approvals.poll-interval=50ms",
            "management.endpoints.web.exposure.include=codemodeapprovals");

    static final String DELETE = "crm.delete_customer(id='c1')";

    static CompletableFuture<String> executeAsync(ToolCallback[] callbacks, String key) {
        return CompletableFuture.supplyAsync(() -> CodeModeAutoConfigurationTest.execute(callbacks, DELETE,
                Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, key)));
    }

    static PendingApproval awaitPending(ApprovalQueue queue) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            List<PendingApproval> pending = queue.pending();
            if (!pending.isEmpty()) {
                return pending.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing was parked");
    }

    static SecurityContext as(String name) {
        Principal principal = () -> name;
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }
        };
    }

    @Test
    void offByDefaultSoScriptsThatNeedApprovalAreDenied() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(ApprovalQueue.class).doesNotHaveBean(ApprovalStore.class)
                    .doesNotHaveBean(CodeModeApprovalsEndpoint.class);
            String out = CodeModeAutoConfigurationTest.execute(
                    context.getBean(CodeModeToolCallbacks.class).getToolCallbacks(), DELETE, Map.of());
            assertThat(out).contains("approval denied: crm.delete_customer needs approval");
        });
    }

    @Test
    void enabledParksTheScriptAndTheEndpointRefusesEveryDecisionUntilAnAuthorizerIsDefined() {
        enabled.run(context -> {
            assertThat(context.getBean(ApprovalStore.class)).isNotInstanceOf(JdbcApprovalStore.class);
            ApprovalQueue queue = context.getBean(ApprovalQueue.class);
            CodeModeApprovalsEndpoint endpoint = context.getBean(CodeModeApprovalsEndpoint.class);
            CompletableFuture<String> run = executeAsync(context.getBean(CodeModeToolCallbacks.class)
                    .getToolCallbacks(), "support");
            PendingApproval parked = awaitPending(queue);
            // Nobody may decide yet, so nobody reads the script either.
            assertThat(endpoint.approvals(as("admin"))).isEmpty();
            assertThat(endpoint.approvals(SecurityContext.NONE)).isEmpty();

            WebEndpointResponse<CodeModeApprovalsEndpoint.Decision> refused = endpoint.decide(parked.id(), "approve",
                    null, as("admin"));
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getBody().message()).contains("refused until the application configures who may"
                    + " approve");
            assertThat(queue.find(parked.id()).orElseThrow().isPending()).isTrue();
            assertThat(endpoint.decide(parked.id(), "maybe", null, as("admin")).getStatus()).isEqualTo(400);
            assertThat(endpoint.decide("no-such-id", "approve", null, as("admin")).getStatus()).isEqualTo(404);
            queue.close();
            assertThat(run.get(5, TimeUnit.SECONDS)).contains("the application stopped before anyone approved");
            assertThat(context.getBean(CodeModeAutoConfigurationTest.CrmTools.class).deletes).hasValue(0);
        });
    }

    @Test
    void anAuthorizerBeanDecidesWhoMayApproveThroughTheEndpoint() {
        enabled.withBean(ApprovalAuthorizer.class, () -> (decider, approval) -> decider.name().equals("ops")
                ? ApprovalAuthorizer.Verdict.allow() : ApprovalAuthorizer.Verdict.refuse("only ops approves"))
                .run(context -> {
                    ApprovalQueue queue = context.getBean(ApprovalQueue.class);
                    CodeModeApprovalsEndpoint endpoint = context.getBean(CodeModeApprovalsEndpoint.class);
                    CompletableFuture<String> run = executeAsync(context.getBean(CodeModeToolCallbacks.class)
                            .getToolCallbacks(), "support");
                    PendingApproval parked = awaitPending(queue);
                    assertThat(endpoint.approvals(as("intern"))).isEmpty();
                    assertThat(endpoint.approvals(as("ops"))).singleElement().satisfies(p -> {
                        assertThat(p.id()).isEqualTo(parked.id());
                        assertThat(p.caller()).isEqualTo("sup***"); // the key itself is a credential
                        assertThat(p.needApproval()).containsExactly("crm.delete_customer");
                    });
                    assertThat(endpoint.decide(parked.id(), "approve", null, as("intern")).getStatus()).isEqualTo(403);
                    assertThat(endpoint.decide(parked.id(), "approve", null, SecurityContext.NONE).getStatus())
                            .isEqualTo(403);
                    var ok = endpoint.decide(parked.id(), "approve", "ticket 42", as("ops"));
                    assertThat(ok.getStatus()).isEqualTo(200);
                    assertThat(ok.getBody().status()).isEqualTo("approved");
                    assertThat(run.get(5, TimeUnit.SECONDS)).contains("Deleted c1");
                    assertThat(queue.find(parked.id()).orElseThrow().decidedBy()).isEqualTo("ops");
                    assertThat(endpoint.decide(parked.id(), "deny", null, as("ops")).getStatus()).isEqualTo(409);
                    assertThat(context.getBean(CodeModeAutoConfigurationTest.CrmTools.class).deletes).hasValue(1);
                });
    }

    @Test
    void theQueueLivesInTheDatabaseNextToTheAuditTablesWhenThereIsOne() {
        enabled.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:approvals-autoconfig;DB_CLOSE_DELAY=-1",
                        "spring.ai.codemode.audit.table-prefix=shop")
                .run(context -> {
                    assertThat(context.getBean(ApprovalStore.class)).isInstanceOf(JdbcApprovalStore.class);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_approval", Integer.class)).isZero();
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_execution", Integer.class)).isZero();
                });
        enabled.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:approvals-memory;DB_CLOSE_DELAY=-1",
                        "spring.ai.codemode.approvals.store=memory")
                .run(context -> assertThat(context.getBean(ApprovalStore.class))
                        .isNotInstanceOf(JdbcApprovalStore.class));
    }

    @Test
    void anApprovalHandlerOfTheApplicationsOwnTakesPrecedenceOverTheQueue() {
        enabled.withBean(ApprovalHandler.class, () -> request -> ApprovalDecision.deny("mine"))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ApprovalQueue.class)
                            .doesNotHaveBean(CodeModeApprovalsEndpoint.class);
                    assertThat(CodeModeAutoConfigurationTest.execute(context.getBean(CodeModeToolCallbacks.class)
                            .getToolCallbacks(), DELETE, Map.of())).contains("approval denied (mine)");
                });
    }

    @Test
    void badSettingsStopStartUpNamingTheProperty() {
        enabled.withPropertyValues("spring.ai.codemode.approvals.store=jdbc")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.approvals.store = jdbc: the JDBC approval store"
                                + " needs exactly one DataSource bean, and the application has none"));
        enabled.withPropertyValues("spring.ai.codemode.approvals.poll-interval=5ms")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.approvals.poll-interval")
                        .hasMessageContaining("must be at least 10ms"));
        enabled.withPropertyValues("spring.ai.codemode.approvals.timeout=1s",
                "spring.ai.codemode.approvals.poll-interval=2s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("must be shorter than spring.ai.codemode.approvals.timeout"));
    }
}
