package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.skill.SkillSharing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code "skills"} object of the config's {@code "codemode"} section, and the masking of scopes. */
class SkillsConfigTest {

    private static final Path FILE = Path.of("/home/ada/project/mcp.json");

    private static SkillsConfig parse(String skills) {
        return SkillsConfig.parse(FILE, "{\"mcpServers\": {}, \"codemode\": {\"skills\": " + skills + "}}");
    }

    @Test
    void should_have_no_skills_without_the_object() {
        assertThat(SkillsConfig.parse(FILE, "{\"mcpServers\": {}}")).isNull();
        assertThat(SkillsConfig.parse(FILE, "{\"mcpServers\": {}, \"codemode\": {\"defaultKey\": null}}")).isNull();
    }

    @Test
    void should_default_to_an_h2_file_next_to_the_config_shared_per_key_with_saving() {
        SkillsConfig c = parse("{}");
        assertThat(c.store()).isEqualTo("jdbc:h2:file:/home/ada/project/.codemode/skills");
        assertThat(c.sharing()).isEqualTo(SkillSharing.PER_KEY);
        assertThat(c.saving()).isTrue();
        assertThat(c.maxSkills()).isNull();
    }

    @Test
    void should_resolve_relative_h2_paths_against_the_config_folder_and_keep_the_rest() {
        assertThat(parse("{\"store\": \"jdbc:h2:./db/skills;AUTO_SERVER=TRUE\"}").store())
                .isEqualTo("jdbc:h2:file:/home/ada/project/db/skills;AUTO_SERVER=TRUE");
        assertThat(parse("{\"store\": \"jdbc:h2:file:../shared/skills\"}").store())
                .isEqualTo("jdbc:h2:file:/home/ada/shared/skills");
        assertThat(parse("{\"store\": \"jdbc:h2:file:/var/lib/skills\"}").store()).isEqualTo("jdbc:h2:file:/var/lib/skills");
        assertThat(parse("{\"store\": \"memory\", \"sharing\": \"shared\", \"saving\": false, \"maxSkills\": 5,"
                + " \"maxSourceChars\": 900}")).isEqualTo(new SkillsConfig("memory", SkillSharing.SHARED, false, 5, 900));
    }

    @Test
    void should_hide_the_options_of_the_url_when_showing_it() {
        assertThat(parse("{\"store\": \"jdbc:h2:file:/var/lib/skills;PASSWORD=secret\"}").shown())
                .isEqualTo("jdbc:h2:file:/var/lib/skills");
    }

    @Test
    void should_refuse_what_it_cannot_use_with_the_fix() {
        assertThatThrownBy(() -> parse("{\"store\": \"jdbc:postgresql://db/skills\"}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("\"store\" must be \"memory\" or an H2");
        assertThatThrownBy(() -> parse("{\"sharing\": \"everyone\"}"))
                .hasMessageContaining("\"sharing\" must be \"per-key\"");
        assertThatThrownBy(() -> parse("{\"saving\": \"yes\"}")).hasMessageContaining("\"saving\" must be true or false");
        assertThatThrownBy(() -> parse("{\"maxSkills\": 0}")).hasMessageContaining("\"maxSkills\" must be a positive");
        assertThatThrownBy(() -> parse("{\"path\": \"x\"}")).hasMessageContaining("has \"path\"; known: store");
        assertThatThrownBy(() -> parse("true")).hasMessageContaining("must be an object");
    }

    @Test
    void should_let_the_callers_section_hold_skills() {
        CallersConfig callers = CallersConfig.parse(FILE, "{\"mcpServers\": {}, \"codemode\": {\"virtualKeys\":"
                + " {\"support-7f3a\": {\"tools\": [\"crm.*\"]}}, \"skills\": {}}}");
        assertThat(callers.keyIds()).containsExactly("support-7f3a");
    }

    @Test
    void should_show_scopes_with_keys_masked() {
        assertThat(SkillsCommand.shown("*")).isEqualTo("shared");
        assertThat(SkillsCommand.shown("anonymous")).isEqualTo("anonymous");
        assertThat(SkillsCommand.shown("support-7f3a")).isEqualTo("sup***");
        assertThat(SkillsCommand.shown("ab")).isEqualTo("***");
        assertThat(SkillsCommand.names("sup***", "support-7f3a")).isTrue();
        assertThat(SkillsCommand.names("support-7f3a", "support-7f3a")).isTrue();
        assertThat(SkillsCommand.names("shared", "*")).isTrue();
        assertThat(SkillsCommand.names("sup", "support-7f3a")).isFalse();
    }
}
