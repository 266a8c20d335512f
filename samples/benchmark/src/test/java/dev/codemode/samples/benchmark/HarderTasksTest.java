package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoData;
import java.util.List;
import java.util.Map;
import dev.codemode.samples.benchmark.agents.Method;
import org.junit.jupiter.api.Test;

/**
 * The harder tasks (near-duplicate tools, paging past one page, a field only the docs explain) over
 * the demo servers on real streamable HTTP, in the 96-tool round (T40 in the 251-tool round, the
 * first with the issues server), with every agent.
 */
class HarderTasksTest extends DemoServersTest {

    @Test
    void should_have_the_three_harder_categories() {
        assertThat(TaskSuite.all().stream().map(Task::category)).contains("duplicate", "paging", "docs");
    }

    @Test
    void should_pass_the_harder_tasks_with_every_agent() {
        List<Task> harder = List.of(task("T36"), task("T37"), task("T38"), task("T39"));
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo)) {
            assertThat(catalog.tools()).isEqualTo(96);
            for (TokenBenchmark.AgentFactory factory : TokenBenchmark.AGENTS) {
                try (Agent agent = factory.create(catalog, METER, Method.PUBLISHED)) {
                    for (Task t : harder) {
                        AgentRun run = agent.run(t);
                        assertThat(run.passed()).as(agent.key() + " " + t.id() + ": " + run.note() + " " + run.answer())
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void should_pass_the_pull_request_task_with_every_agent_where_the_issues_server_is() {
        Task prs = task("T40");
        try (RoundCatalog catalog = RoundCatalog.open(11, 251, demo)) {
            assertThat(catalog.descriptors()).containsKeys("issues_search_issues", "issues_search_pull_requests",
                    "issues_search_code");
            for (TokenBenchmark.AgentFactory factory : TokenBenchmark.AGENTS) {
                try (Agent agent = factory.create(catalog, METER, Method.PUBLISHED)) {
                    AgentRun run = agent.run(prs);
                    assertThat(run.passed()).as(agent.key() + ": " + run.note() + " " + run.answer()).isTrue();
                }
            }
        }
    }

    @Test
    void should_need_three_pages_to_count_every_billing_customer() {
        Task paging = task("T38");
        assertThat(DemoData.billingCustomers()).hasSizeGreaterThan(200);
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo);
                Agent standard = TokenBenchmark.AGENTS.get(0).create(catalog, METER, Method.PUBLISHED)) {
            // the server caps a page at 100 rows
            assertThat(catalog.call("billing_list_customers", Map.of("limit", 101))).startsWith("error: ")
                    .contains("maximum value of 100");
            AgentRun run = standard.run(paging);
            assertThat(run.passed()).isTrue();
            assertThat(run.toolCalls()).isEqualTo(3);
        }
    }

    @Test
    void should_fail_the_docs_task_when_the_balance_is_read_as_euros() {
        Task docs = task("T39");
        // what a script gets when it takes balance for euros: the unit is said only past the first sentence
        Task asEuros = docs.withExpected(Map.of("owed_eur", ((Number) DemoData.billingCustomer(64).get("balance"))
                .doubleValue()));
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo)) {
            String description = catalog.descriptors().get("billing_find_customer").description();
            assertThat(description.substring(0, description.indexOf('.') + 1)).doesNotContain("cent");
            assertThat(description).contains("cents");
            try (Agent standard = TokenBenchmark.AGENTS.get(0).create(catalog, METER, Method.PUBLISHED)) {
                assertThat(standard.run(docs).passed()).isTrue();
                assertThat(standard.run(asEuros).passed()).isFalse();
            }
        }
    }
}
