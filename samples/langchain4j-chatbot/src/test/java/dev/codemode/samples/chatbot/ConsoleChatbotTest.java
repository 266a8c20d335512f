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
                .contains("c = crm.lookup_customer(customer_id=\"c42\")")
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
    void should_print_each_turns_input_tokens_beside_the_same_requests_with_every_tool_defined() throws Exception {
        // given the definitions as the chatbot's provider sees them: the admin key's 12 tools, the 4 meta-tools
        int all;
        int meta;
        int readonly;
        try (TurnFigures.Definitions definitions = TurnFigures.definitions()) {
            assertThat(definitions.directNames("admin")).hasSize(12).contains("crm__lookup_customer", "billing__refund");
            assertThat(definitions.directNames("readonly")).hasSize(5);
            all = definitions.tokens("admin");
            meta = definitions.metaTokens("admin");
            readonly = definitions.tokens("readonly");
        }
        assertThat(all).isGreaterThan(meta);

        // when a turn runs
        TurnFigures turn = TurnFigures.parse(run("Give customer c42 a loyalty discount and email them\ny\nquit\n"));

        // then every request adds the difference of the definitions, and the turn adds up its requests
        assertThat(turn.requests()).hasSize(4).allSatisfy(r -> {
            assertThat(r.tools()).isEqualTo(4);
            assertThat(r.standardTools()).isEqualTo(12);
            assertThat(r.standard() - r.codeMode()).isEqualTo(all - meta);
        });
        assertThat(turn.codeMode()).isEqualTo(turn.requests().stream().mapToInt(TurnFigures.Request::codeMode).sum());
        assertThat(turn.standard()).isEqualTo(turn.codeMode() + 4 * (all - meta)).isGreaterThan(turn.codeMode());
        assertThat(turn.line()).endsWith("x; the same 4 requests with all 12 tool definitions instead of the 4 meta-tools)");

        // and a key that sees fewer tools compares with its own tools only
        TurnFigures narrow = TurnFigures.parse(run("Give customer c42 a loyalty discount\nquit\n", "--virtual-key", "readonly"));
        assertThat(narrow.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.standardTools()).isEqualTo(5);
            assertThat(r.standard() - r.codeMode()).isEqualTo(readonly - meta);
        });
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
