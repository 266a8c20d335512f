package dev.codemode.samples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console chatbot run non-interactively: scripted stdin, offline replay model, real demo servers over HTTP. */
class ConsoleChatbotTest {

    static String run(String stdin, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = ConsoleChatbot.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, Map.of());
        assertThat(exit).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_walk_through_discovery_stubs_and_one_script_and_ask_before_writing() {
        String out = run("Give customer c42 a loyalty discount and email them\ny\nquit\n");
        assertThat(out).contains("model: offline replay model")
                .contains("-> listToolFiles({})")
                .contains("-> readToolFile({\"fileName\":\"servers/billing.pyi\"})")
                .contains("-> executeToolCode, script:")
                .contains("(crm.lookup_customer, {\"customer_id\": \"c42\"})")
                .contains("need approval. Run it? [y/N]")
                .contains("approved")
                .contains("\"toolCalls\":4")
                .contains("assistant> Done.")
                .contains("input tokens")
                .endsWith("bye" + System.lineSeparator());
        // every request offered exactly the four meta-tools
        assertThat(out.lines().filter(l -> l.contains("[request:")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" 4 tools"));
    }

    @Test
    void should_print_each_turns_input_tokens_beside_an_estimate_of_standard_tool_calling() throws Exception {
        // given the definitions as the chatbot's provider sees them: the admin key's 12 tools, the readonly key's 5
        int all;
        try (TurnFigures.Definitions definitions = TurnFigures.definitions()) {
            assertThat(definitions.directNames("admin")).hasSize(12).contains("crm__lookup_customer", "billing__refund");
            assertThat(definitions.directNames("readonly")).hasSize(5);
            all = definitions.tokens("admin");
        }

        // when a turn runs whose script makes 4 calls: the two lookups in parallel, then the discount, then the email
        TurnFigures turn = TurnFigures.parse(run("Give customer c42 a loyalty discount and email them\ny\nquit\n"));

        // then Code Mode's figure adds up its requests, and the estimate has one request per round of calls (the
        // parallel lookups are one) plus one for the answer, each carrying the 12 definitions
        assertThat(turn.requests()).hasSize(4).allSatisfy(r -> assertThat(r.tools()).isEqualTo(4));
        assertThat(turn.codeMode()).isEqualTo(turn.requests().stream().mapToInt(TurnFigures.Request::codeMode).sum());
        assertThat(turn.standardTools()).isEqualTo(12);
        assertThat(turn.standardRequests()).isEqualTo(4);
        assertThat(turn.standard()).isGreaterThan(4 * all);
        assertThat(turn.line()).endsWith("(estimated: 12 tool definitions on each of 4 requests, the same 4 tool calls"
                + " and results)").doesNotContain("x;");

        // and a key that sees fewer tools is estimated with its own tools; a denied script calls nothing
        TurnFigures narrow = TurnFigures.parse(run("Give customer c42 a loyalty discount\nquit\n", "--virtual-key", "readonly"));
        assertThat(narrow.standardTools()).isEqualTo(5);
        assertThat(narrow.line()).contains("the same 0 tool calls");
    }

    @Test
    void should_run_nothing_when_the_user_declines() {
        String out = run("Give customer c7 a loyalty discount\nn\nquit\n");
        assertThat(out).contains("denied")
                .contains("assistant> I could not do it: approval denied (the user declined)");
    }

    @Test
    void should_hide_tools_outside_the_virtual_key() {
        String out = run("Give customer c42 a loyalty discount\nquit\n", "--virtual-key", "readonly");
        assertThat(out).contains("virtual key: readonly")
                .doesNotContain("servers/billing.pyi")
                .doesNotContain("Run it?")
                .contains("assistant> I could not do it:");
    }

    @Test
    void should_read_one_file_per_tool_at_tool_level() {
        String out = run("Give customer c42 a loyalty discount\ny\nquit\n", "--binding-level", "TOOL");
        assertThat(out).contains("-> readToolFile({\"fileName\":\"servers/billing/apply_discount.pyi\"})")
                .contains("assistant> Done.");
    }
}
