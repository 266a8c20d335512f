package dev.codemode.samples.benchmark.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import org.junit.jupiter.api.Test;

/** One written rule makes every discovery query from the task's text. */
class QueriesTest {

    static Task task(String id) {
        return TaskSuite.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void should_query_with_the_request_without_its_answer_shape_then_with_each_clause() {
        Task t07 = task("T07");

        assertThat(Queries.request(t07)).isEqualTo("How many orders has customer c42 placed, and what is their email address?");
        assertThat(Queries.clauses(t07)).containsExactly("How many orders has customer c42 placed",
                "what is their email address");
    }

    @Test
    void should_give_every_task_a_request_and_never_a_tool_name() {
        for (Task t : TaskSuite.all()) {
            assertThat(Queries.request(t)).as(t.id()).isNotBlank().doesNotContain("Reply with only JSON");
            for (String q : Queries.clauses(t)) {
                t.needs().forEach(need -> assertThat(q).as(t.id()).doesNotContain(need.toolName()));
            }
        }
    }
}
