package dev.codemode.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    static final String TOKEN = "tok-3b9e1c";

    @Test
    void should_map_a_token_or_its_stored_digest_to_the_key_id() {
        String digest = HexFormat.of().formatHex(BearerTokens.sha256("other-token"));
        BearerTokens tokens = BearerTokens.builder().token("alice", TOKEN).sha256("bob", digest.toUpperCase()).build();
        assertThat(tokens.keyIdOf("Bearer " + TOKEN)).contains("alice");
        assertThat(tokens.keyIdOf("BEARER " + TOKEN)).contains("alice");
        assertThat(tokens.keyIdOf("Bearer other-token")).contains("bob");
        assertThat(tokens.keyIds()).containsExactly("alice", "bob");
    }

    @Test
    void should_refuse_everything_else() {
        BearerTokens tokens = BearerTokens.builder().token("alice", TOKEN).build();
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer  ", TOKEN, "Basic " + TOKEN,
                "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN + "0", "Bearer " + TOKEN.toUpperCase(),
                "Bearer " + HexFormat.of().formatHex(BearerTokens.sha256(TOKEN))}) {
            assertThat(tokens.keyIdOf(header)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void should_refuse_bad_configuration_without_showing_a_token() {
        assertThatThrownBy(() -> BearerTokens.builder().sha256("bob", "abc"))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> BearerTokens.builder().token("a", TOKEN).token("b", TOKEN).build())
                .hasMessageContaining("same token").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> BearerTokens.builder().token("a", " " + TOKEN))
                .hasMessageNotContaining(TOKEN);
        assertThat(BearerTokens.builder().token("alice", TOKEN).build().toString()).doesNotContain(TOKEN)
                .contains("alice");
    }
}
