package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.BearerTokens;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code "codemode"} section: keys, groups and where bearer tokens come from, never tokens themselves. */
class CallersConfigTest {

    static final Path FILE = Path.of("mcp.json");
    static final String SERVERS = "\"mcpServers\": {\"crm\": {\"command\": \"crm\"}}";

    static CallersConfig parse(String section) {
        return CallersConfig.parse(FILE, "{" + SERVERS + (section == null ? "" : ", \"codemode\": " + section) + "}");
    }

    @Test
    void should_leave_access_open_without_the_section() {
        CallersConfig callers = parse(null);
        assertThat(callers.hasKeys()).isFalse();
        assertThat(callers.accessControl().isOpen()).isTrue();
    }

    @Test
    void should_read_keys_groups_and_token_sources() throws Exception {
        String digest = ServeFixture.sha256("bob-token");
        CallersConfig callers = parse("""
                {"toolGroups": {"orders": ["orders.*"]},
                 "virtualKeys": {"alice": {"tools": ["crm.*"], "groups": ["orders"]}, "bob": {"groups": ["orders"]}},
                 "defaultKey": "bob",
                 "tokens": {"alice": {"env": "ALICE_TOKEN"}, "bob": {"sha256": "%s"}}}""".formatted(digest));
        assertThat(callers.keyIds()).containsExactly("alice", "bob");
        assertThat(callers.defaultKey()).isEqualTo("bob");
        BearerTokens tokens = callers.bearerTokens(FILE, Map.of("ALICE_TOKEN", "alice-token")::get);
        assertThat(tokens.keyIdOf("Bearer alice-token")).contains("alice");
        assertThat(tokens.keyIdOf("Bearer bob-token")).contains("bob");
        assertThat(tokens.keyIdOf("Bearer nobody")).isEmpty();
        assertThat(callers.tokens().toString()).doesNotContain(digest);
    }

    @Test
    void should_refuse_a_token_written_in_the_file_without_repeating_it() {
        assertThatThrownBy(() -> parse("""
                {"virtualKeys": {"alice": {"tools": ["crm.*"]}}, "tokens": {"alice": "s3cret-token-value"}}"""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the token of \"alice\" must not be written in the file")
                .hasMessageContaining("{\"env\": \"VARIABLE\"}")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("""
                {"virtualKeys": {"alice": {"tools": ["crm.*"]}}, "tokens": {"alice": {"sha256": "s3cret"}}}"""))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void should_name_the_unset_variable_not_a_value() {
        CallersConfig callers = parse("""
                {"virtualKeys": {"alice": {"tools": ["crm.*"]}}, "tokens": {"alice": {"env": "ALICE_TOKEN"}}}""");
        assertThatThrownBy(() -> callers.bearerTokens(FILE, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable ALICE_TOKEN, which is not set");
    }

    @Test
    void should_refuse_unknown_keys_groups_and_entries() {
        assertThatThrownBy(() -> parse("{\"virtualKeys\": {\"a\": {\"groups\": [\"nope\"]}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> parse("{\"virtualKeys\": {\"a\": {\"tools\": [\"crm.*\"]}}, \"defaultKey\": \"b\"}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("\"defaultKey\" must name one of");
        assertThatThrownBy(() -> parse("{\"virtualKeys\": {}, \"tokens\": {\"b\": {\"env\": \"B\"}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("which is not one of \"virtualKeys\"");
        assertThatThrownBy(() -> parse("{\"keys\": {}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("known: virtualKeys");
    }
}
