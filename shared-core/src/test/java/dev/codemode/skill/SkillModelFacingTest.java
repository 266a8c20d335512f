package dev.codemode.skill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.json.JsonValues;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code model-facing-skills/*.star} file is a script calling a skill, with the error the model
 * gets written at the end of the line it is reported on ({@code ### message}), as in
 * {@code ModelFacingTest}. Every answer is free of Java names and traces, and every error carries a
 * hint of at most two lines.
 */
class SkillModelFacingTest {

    static CodeMode codeMode;

    @BeforeAll
    static void setUp() {
        SkillFixtures f = new SkillFixtures();
        codeMode = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*")
                .skills(Skills.builder().registerClasspath("model-facing-skills/registered").build()).build();
    }

    @AfterAll
    static void tearDown() {
        codeMode.close();
    }

    static Stream<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(SkillModelFacingTest.class.getResource("/model-facing-skills").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".star")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    @SuppressWarnings("unchecked")
    void the_model_gets_the_answer_the_file_states(Path file) throws IOException {
        String code = Files.readString(file);
        List<String> lines = code.lines().toList();
        String answer = codeMode.call(CodeMode.EXECUTE_TOOL_CODE, Map.of("code", code), CallContext.anonymous()).text();
        if (Boolean.getBoolean("modelFacing.print")) {
            System.out.println(file.getFileName() + "\n" + answer + "\n");
        }
        Map<String, Object> got = (Map<String, Object>) JsonValues.parse(answer);
        assertThat(answer).as("no host names or traces")
                .doesNotContainPattern("\\b(java|javax|jdk|sun|dev\\.codemode|net\\.starlark)\\.[a-z]")
                .doesNotContainPattern("[A-Z][A-Za-z]+(Exception|Error)\\b")
                .doesNotContain("\tat ").doesNotContain("_cm_skill");
        assertThat(got.get("hint")).as("an error names its fix: " + answer).isInstanceOf(String.class);
        assertThat(((String) got.get("hint")).lines().count()).isLessThanOrEqualTo(2);
        boolean expected = false;
        for (int i = 0; i < lines.size(); i++) {
            int marker = lines.get(i).indexOf("###");
            if (marker >= 0) {
                expected = true;
                assertThat(got.get("error")).as(answer).isEqualTo(lines.get(i).substring(marker + 3).strip());
                assertThat(got.get("line")).as(answer).isEqualTo(i + 1);
            }
        }
        assertThat(expected).as("a file states a ### marker").isTrue();
    }
}
