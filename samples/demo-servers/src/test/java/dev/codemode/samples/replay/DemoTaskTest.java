package dev.codemode.samples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTaskTest {

    private static final String LISTING = """
            servers/billing.pyi  1 tool   Discount codes and refunds
            servers/crm.pyi      2 tools  Customer records
            servers/orders.pyi   2 tools  Order history
            Read a file with readToolFile; call tools from executeToolCode as billing.apply_discount(...).""";

    @Test
    void should_list_then_read_the_needed_files_then_run_one_script_then_answer() {
        String user = "Give customer c42 a loyalty discount and email them";
        assertThat(DemoTask.next(user, List.of()))
                .isEqualTo(new DemoTask.Calls(List.of(new DemoTask.Call("listToolFiles", "{}"))));

        DemoTask.ToolOutput listed = new DemoTask.ToolOutput("listToolFiles", LISTING);
        assertThat(((DemoTask.Calls) DemoTask.next(user, List.of(listed))).calls()).extracting(DemoTask.Call::arguments)
                .containsExactly("{\"fileName\":\"servers/billing.pyi\"}", "{\"fileName\":\"servers/crm.pyi\"}",
                        "{\"fileName\":\"servers/orders.pyi\"}");

        DemoTask.ToolOutput read = new DemoTask.ToolOutput("readToolFile", "def lookup_customer(...)");
        DemoTask.Call script = ((DemoTask.Calls) DemoTask.next(user, List.of(listed, read))).calls().get(0);
        assertThat(script.tool()).isEqualTo("executeToolCode");
        assertThat(script.arguments()).contains("(crm.lookup_customer, {\\\"customer_id\\\": \\\"c42\\\"})");

        DemoTask.ToolOutput ran = new DemoTask.ToolOutput("executeToolCode", "{\"result\":{\"customer\":\"c42\","
                + "\"name\":\"Ada\",\"spent\":633.2,\"discount\":\"SAVE10-C42\",\"percent\":10,\"emailed\":true}}");
        assertThat(DemoTask.next(user, List.of(listed, read, ran))).isEqualTo(new DemoTask.Answer(
                "Done. Ada (c42) has spent 633.2; I gave them a 10% loyalty discount, code SAVE10-C42, and emailed them."));
    }

    @Test
    void should_report_a_script_error_with_its_hint() {
        DemoTask.ToolOutput failed = new DemoTask.ToolOutput("executeToolCode",
                "{\"error\":\"approval denied\",\"hint\":\"tools that run without approval: crm.lookup_customer\"}");
        assertThat(DemoTask.next("discount for c1", List.of(failed))).isEqualTo(new DemoTask.Answer(
                "I could not do it: approval denied (tools that run without approval: crm.lookup_customer)"));
    }

    @Test
    void should_say_what_it_can_replay_when_asked_anything_else() {
        assertThat(((DemoTask.Answer) DemoTask.next("hello", List.of())).text()).startsWith("(replay)")
                .contains(DemoTask.PROMPT);
    }
}
