package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.agents.Agent;
import dev.codemode.samples.benchmark.agents.AgentRun;
import dev.codemode.samples.benchmark.catalog.Calibration;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import dev.codemode.samples.benchmark.agents.Method;
import org.junit.jupiter.api.Test;

/** The production round: the task servers plus the recorded production servers at their real definitions. */
class ProductionRoundTest extends DemoServersTest {

    @Test
    void should_offer_every_recorded_tool_with_its_recorded_definition() throws Exception {
        Map<?, ?> recording;
        try (InputStream in = Calibration.class.getResourceAsStream(Calibration.PRODUCTION_RESOURCE)) {
            recording = (Map<?, ?>) JsonValues.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        TokenBenchmark.RoundSpec spec = TokenBenchmark.RoundSpec.production();
        assertThat(TokenBenchmark.ROUNDS).contains(spec);
        try (RoundCatalog catalog = spec.open(demo)) {
            assertThat(catalog.servers()).isEqualTo(spec.servers()).isEqualTo(11);
            assertThat(catalog.tools()).isEqualTo(spec.tools());
            assertThat(catalog.sources().stream().map(s -> s.serverName())).containsExactly("crm", "orders", "billing",
                    "email", "support", "payments", "issues", "playwright", "notion", "github", "slack");
            int recorded = 0;
            for (Object s : (List<?>) recording.get("servers")) {
                for (Object t : (List<?>) ((Map<?, ?>) s).get("tools")) {
                    Map<?, ?> tool = (Map<?, ?>) t;
                    ToolDescriptor d = catalog.descriptors().values().stream()
                            .filter(x -> x.name().equals(tool.get("name")) && !List.of("crm", "orders", "billing", "email",
                                    "support", "payments", "issues").contains(x.server()))
                            .findFirst().orElseThrow(() -> new AssertionError("missing " + tool.get("name")));
                    assertThat(d.description()).isEqualTo(tool.get("description").toString().strip());
                    assertThat(JsonValues.write(d.inputSchema())).isEqualTo(JsonValues.write(tool.get("inputSchema")));
                    Map<?, ?> hints = (Map<?, ?>) tool.get("annotations");
                    if (hints != null) {
                        assertThat(d.annotations().readOnlyHint()).isEqualTo(hints.get("readOnlyHint"));
                        assertThat(d.annotations().destructiveHint()).isEqualTo(hints.get("destructiveHint"));
                    }
                    recorded++;
                }
            }
            assertThat(recorded).isEqualTo(Calibration.productionDefinitions().size()).isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void should_answer_a_call_to_a_recorded_tool_with_an_error_and_send_nothing() {
        try (RoundCatalog catalog = RoundCatalog.openProduction(demo)) {
            String answer = catalog.call("github_create_issue", Map.of("owner", "o", "repo", "r", "title", "t"));
            assertThat(answer).startsWith("error: ").contains("github.create_issue").contains("nothing was sent")
                    .doesNotContain("Exception").doesNotContain("dev.codemode");
        }
    }

    @Test
    void should_pass_tasks_of_each_kind_with_every_agent_among_production_definitions() {
        List<Task> tasks = TaskSuite.all().stream().filter(t -> List.of("T07", "T13", "T36", "T38", "T39", "T40")
                .contains(t.id())).toList();
        try (RoundCatalog catalog = RoundCatalog.openProduction(demo)) {
            for (TokenBenchmark.AgentFactory factory : TokenBenchmark.AGENTS) {
                try (Agent agent = factory.create(catalog, METER, Method.PUBLISHED)) {
                    for (Task t : tasks) {
                        AgentRun run = agent.run(t);
                        assertThat(run.passed()).as(agent.key() + " " + t.id() + ": " + run.note()).isTrue();
                    }
                }
            }
        }
    }
}
