package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.agents.CodeModeAgent;
import dev.codemode.samples.benchmark.agents.Conversation;
import dev.codemode.samples.benchmark.agents.Method;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.report.AgentResult;
import dev.codemode.samples.benchmark.report.Prices;
import dev.codemode.samples.benchmark.report.RepeatResult;
import dev.codemode.samples.benchmark.tasks.RepeatSuite;
import dev.codemode.samples.benchmark.tasks.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repeat round over the demo servers on real streamable HTTP and the real engine: one chore asked
 * five times, every agent, every answer graded; Code Mode with skills saves its function on the first
 * task and, on the later ones, calls the skill a listing showed it with one executeToolCode.
 */
class RepeatRoundTest extends DemoServersTest {

    private static final Pattern SKILL_CALL = Pattern.compile("\\bskills\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static RepeatResult round;

    @BeforeAll
    static void runTheRound() {
        round = TokenBenchmark.repeat(TokenBenchmark.REPEAT_ROUND, RepeatSuite.openOrders(), Prices.EXAMPLE, METER,
                demo, TokenBenchmarkTest.QUIET);
    }

    @Test
    void should_ask_one_chore_with_different_arguments_and_answers() {
        List<RepeatSuite.RepeatTask> tasks = RepeatSuite.openOrders();
        assertThat(tasks).hasSize(5);
        assertThat(tasks).extracting(t -> t.task().needs().size()).containsOnly(3);
        assertThat(tasks.stream().map(t -> t.task().prompt()).distinct()).hasSize(5);
        // different customers with 0 to 3 open orders: an answer cannot be copied from the task before
        assertThat(tasks.stream().map(t -> t.task().expected().get("open_orders")).distinct()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tasks.stream().map(t -> t.task().expected()).distinct()).hasSize(5);
    }

    @Test
    void should_grade_every_answer_of_every_agent_correct() {
        assertThat(round.tools()).isEqualTo(96);
        assertThat(round.agents()).extracting(AgentResult::key).containsExactly("standard", "toolSearch", "codeMode",
                "codeModeSkills");
        for (AgentResult agent : round.agents()) {
            assertThat(agent.tasks()).extracting(AgentRun::taskId).containsExactly("R01", "R02", "R03", "R04", "R05");
            assertThat(agent.failures()).as(agent.key()).isEmpty();
            assertThat(agent.passed()).isEqualTo(5);
        }
    }

    @Test
    void should_save_the_function_on_the_first_task_and_call_the_skill_with_one_executeToolCode_after() {
        AgentResult skills = round.agent("codeModeSkills").orElseThrow();
        AgentRun first = skills.tasks().get(0);
        List<Conversation.Call> firstScripts = calls(first, CodeMode.EXECUTE_TOOL_CODE);
        assertThat(firstScripts).singleElement().satisfies(c -> {
            assertThat(c.arguments()).containsEntry("saveAs", RepeatSuite.SKILL);
            assertThat(c.arguments().get("code").toString()).startsWith("def " + RepeatSuite.SKILL + "(");
        });
        assertThat(results(first, CodeMode.EXECUTE_TOOL_CODE)).singleElement().asString()
                .contains("saved skills." + RepeatSuite.SKILL);

        List<RepeatSuite.RepeatTask> tasks = RepeatSuite.openOrders();
        for (int i = 1; i < skills.tasks().size(); i++) {
            AgentRun later = skills.tasks().get(i);
            // the request's listing, one script calling the skill, the answer
            assertThat(calls(later, CodeMode.EXECUTE_TOOL_CODE)).as(later.taskId()).singleElement()
                    .satisfies(c -> assertThat(c.arguments()).doesNotContainKey("saveAs"))
                    .extracting(c -> c.arguments().get("code")).isEqualTo(tasks.get(i).reuse());
            assertThat(later.transcript()).flatExtracting(Conversation.Request::calls).extracting(Conversation.Call::name)
                    .containsExactly(CodeMode.LIST_TOOL_FILES, CodeMode.EXECUTE_TOOL_CODE);
            assertThat(later.requests()).isEqualTo(3);
        }
        // today's Code Mode does the whole chore again every time
        AgentResult codeMode = round.agent("codeMode").orElseThrow();
        assertThat(codeMode.tasks()).allSatisfy(t -> assertThat(t.requests()).isGreaterThan(3));
        assertThat(RepeatResult.later(skills, Prices.EXAMPLE).inputTokens())
                .isLessThan(RepeatResult.later(codeMode, Prices.EXAMPLE).inputTokens());
    }

    @Test
    void should_name_only_a_skill_a_listing_of_the_same_conversation_showed() {
        for (AgentResult agent : round.agents()) {
            agent.tasks().forEach(RepeatRoundTest::assertSkillsWereShownFirst);
        }
    }

    @Test
    void should_solve_the_chore_and_save_it_when_no_listing_shows_a_skill() {
        RepeatSuite.RepeatTask second = RepeatSuite.openOrders().get(1);
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo);
                CodeModeAgent fresh = CodeModeAgent.withSkills(catalog, METER, Method.DEFAULTS, RepeatSuite.openOrders())) {
            // a fresh store: the policy knows the skill's name, but the listing does not show it
            AgentRun run = fresh.run(second.task());
            assertThat(run.passed()).isTrue();
            assertThat(calls(run, CodeMode.EXECUTE_TOOL_CODE)).singleElement().satisfies(c -> {
                assertThat(c.arguments().get("code").toString()).doesNotContain("skills.");
                assertThat(c.arguments()).containsEntry("saveAs", RepeatSuite.SKILL);
            });
            assertSkillsWereShownFirst(run);
            // the next task finds what this one saved
            AgentRun next = fresh.run(RepeatSuite.openOrders().get(2).task());
            assertThat(next.passed()).isTrue();
            assertThat(calls(next, CodeMode.EXECUTE_TOOL_CODE)).singleElement()
                    .extracting(c -> c.arguments().get("code")).isEqualTo(RepeatSuite.openOrders().get(2).reuse());
        }
    }

    @Test
    void should_run_tasks_of_the_main_suite_as_code_mode_does() {
        Task t07 = task("T07");
        try (RoundCatalog catalog = RoundCatalog.open(6, 96, demo);
                CodeModeAgent codeMode = new CodeModeAgent(catalog, METER, Method.DEFAULTS);
                CodeModeAgent skills = CodeModeAgent.withSkills(catalog, METER, Method.DEFAULTS, RepeatSuite.openOrders())) {
            AgentRun plain = codeMode.run(t07);
            AgentRun withSkills = skills.run(t07);
            assertThat(withSkills.passed()).isTrue();
            assertThat(calls(withSkills, CodeMode.EXECUTE_TOOL_CODE)).singleElement()
                    .satisfies(c -> assertThat(c.arguments()).containsOnlyKeys("code"));
            assertThat(withSkills.requests()).isEqualTo(plain.requests());
        }
    }

    /** Every skill a script of {@code run} calls was named by a tool message that came before it. */
    static void assertSkillsWereShownFirst(AgentRun run) {
        StringBuilder shown = new StringBuilder();
        for (Conversation.Request request : run.transcript()) {
            for (Conversation.Call call : request.calls()) {
                if (call.name().equals(CodeMode.EXECUTE_TOOL_CODE)) {
                    Matcher m = SKILL_CALL.matcher(call.arguments().get("code").toString());
                    while (m.find()) {
                        assertThat(shown.toString()).as(run.taskId() + " calls skills." + m.group(1))
                                .contains("skills.pyi").containsPattern("\\b" + m.group(1) + "\\(");
                    }
                }
            }
            request.results().forEach(r -> shown.append(r).append('\n'));
        }
    }

    static List<Conversation.Call> calls(AgentRun run, String name) {
        return run.transcript().stream().flatMap(r -> r.calls().stream()).filter(c -> c.name().equals(name)).toList();
    }

    static List<String> results(AgentRun run, String name) {
        List<String> out = new ArrayList<>();
        for (Conversation.Request r : run.transcript()) {
            for (int i = 0; i < r.calls().size(); i++) {
                if (r.calls().get(i).name().equals(name)) {
                    out.add(r.results().get(i));
                }
            }
        }
        return out;
    }
}
