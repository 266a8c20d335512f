package dev.codemode.skill;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What skills cost in tokens (o200k_base), measured: {@code saveAs} on executeToolCode against a fifth
 * meta-tool {@code saveSkill(name, code)}, and each new text the model reads. docs/skills.md states
 * these figures; run with {@code -Dskills.print=true} to print them.
 */
class SkillTokensTest {

    static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    static int tokens(String text) {
        return O200K.countTokensOrdinary(text);
    }

    /** The fifth meta-tool the issue allows if tokens justify it, as compact as the four. */
    static MetaToolSpec saveSkillSpec() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string", "description", "a top-level def of code"));
        properties.put("code", Map.of("type", "string", "description", "the script that just worked"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("name", "code"));
        return new MetaToolSpec("saveSkill", "Save a def (docstring with Args:) from a script that worked as"
                + " skills.<name>; checked, never run.", schema);
    }

    @Test
    void should_cost_fewer_tokens_with_saveAs_than_with_a_fifth_meta_tool() {
        SkillFixtures f = new SkillFixtures();
        try (CodeMode plain = CodeMode.builder().toolSources(f.crm(), f.orders()).build();
                CodeMode skills = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*")
                        .skills(Skills.builder().register(SkillFixtures.SUMMARIZE).build()).build()) {
            int before = MetaToolSpec.definitionTokens(plain.specs());
            int withSaveAs = MetaToolSpec.definitionTokens(skills.specs());
            int fifth = MetaToolSpec.definitionTokens(List.of(saveSkillSpec()));
            CallContext a = CallContext.anonymous();
            String row = skills.call("listToolFiles", Map.of(), a).text().lines()
                    .filter(l -> l.startsWith("skills.pyi")).findFirst().orElseThrow();
            String stub = skills.call("readToolFile", Map.of("fileName", "skills.pyi"), a).text();
            String docs = skills.call("getToolDocs", Map.of("server", "skills", "tool", "summarize_orders"), a).text();
            String saved = SkillFixtures.save(skills, SkillFixtures.SUMMARIZE.replace("summarize_orders", "summary2")
                    + "\nresult = summary2(\"c1\")\n", "summary2", a).text().lines().reduce((x, y) -> y).orElseThrow();
            if (Boolean.getBoolean("skills.print")) {
                System.out.printf("four meta-tools %d, with saveAs %d (+%d), saveSkill alone %d%n", before, withSaveAs,
                        withSaveAs - before, fifth);
                System.out.printf("row %d, skills.pyi (1 skill) %d, getToolDocs %d, saved line %d%n", tokens(row),
                        tokens(stub), tokens(docs), tokens(saved));
            }
            assertThat(withSaveAs - before).as("saveAs costs less than a fifth meta-tool").isLessThan(fifth);
            assertThat(withSaveAs - before).isLessThanOrEqualTo(30);
            assertThat(tokens(row)).isLessThanOrEqualTo(20);
            assertThat(tokens(stub)).isLessThanOrEqualTo(110);
            assertThat(tokens(saved)).isLessThanOrEqualTo(40);
        }
    }
}
