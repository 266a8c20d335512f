package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.CodeModeAgent;
import dev.codemode.samples.benchmark.agents.StandardAgent;
import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.agents.ToolSearchAgent;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RoundResult;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoServers;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One small round of the real benchmark: demo servers over HTTP, the real engine, real grading. */
class TokenBenchmarkTest {

    static DemoServers.Http demo;
    static final TokenMeter METER = new TokenMeter();
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServers.startHttp(0);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static Task task(String id) {
        return TaskSuite.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void should_have_at_least_30_tasks_of_every_category() {
        List<Task> all = TaskSuite.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all.stream().map(Task::category).distinct())
                .contains("single", "chain", "loop", "aggregate", "branch", "large", "retry");
        assertThat(all.stream().mapToInt(t -> t.needs().size()).max().orElse(0)).isEqualTo(5);
    }

    @Test
    void should_pass_every_crm_task_with_every_agent_in_the_one_server_round() {
        List<RoundResult> rounds = TokenBenchmark.run(List.of(new TokenBenchmark.RoundSpec(1, 4)), TaskSuite.all(),
                Prices.EXAMPLE, METER, demo, QUIET);

        RoundResult round = rounds.get(0);
        assertThat(round.tools()).isEqualTo(4);
        assertThat(round.agents()).extracting(AgentResult::key).containsExactly("standard", "toolSearch", "codeMode",
                "auto");
        // the small catalog gets its tools directly: cheaper than every other agent
        long auto = round.agent("auto").orElseThrow().inputTokens();
        assertThat(round.agents().stream().filter(a -> !a.key().equals("auto")).mapToLong(AgentResult::inputTokens).min()
                .orElseThrow()).isGreaterThan(auto);
        for (AgentResult agent : round.agents()) {
            assertThat(agent.tasks()).hasSize(round.taskCount()).hasSizeGreaterThanOrEqualTo(5);
            assertThat(agent.passRate()).as(agent.key()).isEqualTo(1.0);
            assertThat(agent.inputTokens()).isPositive();
            assertThat(agent.costUsd()).isPositive();
        }
    }

    @Test
    void should_fail_a_task_whose_answer_is_wrong() {
        Task t01 = task("T01");
        Task wrong = t01.withExpected(Map.of("email", "someone.else@example.com"));
        try (RoundCatalog catalog = RoundCatalog.open(1, 4, demo);
                StandardAgent standard = new StandardAgent(catalog, METER);
                CodeModeAgent codeMode = new CodeModeAgent(catalog, METER)) {
            assertThat(standard.run(t01).passed()).isTrue();
            assertThat(codeMode.run(t01).passed()).isTrue();
            AgentRun graded = standard.run(wrong);
            assertThat(graded.passed()).isFalse();
            assertThat(graded.answer()).contains(t01.expected().get("email").toString());
            assertThat(codeMode.run(wrong).passed()).isFalse();
        }
    }

    @Test
    void should_carry_every_definition_in_standard_and_only_found_ones_in_tool_search() {
        Task t07 = task("T07");
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo);
                StandardAgent standard = new StandardAgent(catalog, METER);
                ToolSearchAgent search = new ToolSearchAgent(catalog, METER);
                CodeModeAgent codeMode = new CodeModeAgent(catalog, METER)) {
            assertThat(catalog.servers()).isEqualTo(6);
            assertThat(catalog.tools()).isEqualTo(96);
            AgentRun s = standard.run(t07);
            AgentRun ts = search.run(t07);
            AgentRun cm = codeMode.run(t07);
            assertThat(List.of(s, ts, cm)).allMatch(AgentRun::passed);
            // two tool calls and the answer; tool search adds one search per capability
            assertThat(s.requests()).isEqualTo(3);
            assertThat(ts.requests()).isEqualTo(3 + ts.searches());
            assertThat(ts.searches()).isGreaterThanOrEqualTo(2);
            int allDefinitions = METER.count(dev.codemode.json.JsonValues.write(catalog.definitions()));
            assertThat(s.inputTokens()).isGreaterThan(3L * allDefinitions);
            assertThat(ts.inputTokens()).isLessThan(allDefinitions);
            // list, read per capability, one script, the answer
            assertThat(cm.requests()).isEqualTo(cm.searches() + 2 + 1 + 1);
        }
    }

    @Test
    void should_retry_the_script_after_the_first_one_fails() {
        Task t35 = task("T35");
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo);
                StandardAgent standard = new StandardAgent(catalog, METER);
                CodeModeAgent codeMode = new CodeModeAgent(catalog, METER)) {
            AgentRun cm = codeMode.run(t35);
            AgentRun s = standard.run(t35);
            assertThat(cm.passed()).isTrue();
            assertThat(cm.note()).contains("percent").contains("50");
            assertThat(cm.toolCalls()).isEqualTo(cm.searches() + 1 + 2);
            assertThat(s.passed()).isTrue();
            assertThat(s.toolCalls()).isEqualTo(1);
        }
    }
}
