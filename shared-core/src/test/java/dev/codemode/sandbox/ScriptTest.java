package dev.codemode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code scripts/*.star} fixture against the sandbox fixtures' catalog. Each file states
 * its expected outcome in header comments, so adding a case is adding a file:
 *
 * <pre>
 * # expect-result: {"n": 3}          the result, as JSON
 * # expect-error: limit              the error kind (syntax, runtime, tool, limit, timeout)
 * # expect-message: repetition       a part of the error message
 * # expect-hint: range               a part of the hint
 * # expect-line: 2                   the user's line of the error
 * # expect-logs: ["a", "b"]          the captured print lines, as JSON
 * </pre>
 */
class ScriptTest extends SandboxTest {

    static Stream<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(ScriptTest.class.getResource("/scripts").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".star")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void script_behaves_as_its_header_says(Path file) throws IOException {
        String code = Files.readString(file);
        List<String> header = code.lines().takeWhile(l -> l.startsWith("#")).toList();
        assertThat(header).as("a fixture states at least one expectation").anyMatch(l -> l.startsWith("# expect-"));
        ExecutionResult r = run(code);
        for (String line : header) {
            int colon = line.indexOf(':');
            if (!line.startsWith("# expect-") || colon < 0) {
                continue;
            }
            String key = line.substring(2, colon).strip();
            String expected = line.substring(colon + 1).strip();
            switch (key) {
                case "expect-result" -> {
                    assertThat(r.error()).as("error").isNull();
                    assertThat(JsonValues.write(r.result())).isEqualTo(JsonValues.write(JsonValues.parse(expected)));
                }
                case "expect-error" -> {
                    assertThat(r.error()).as("an error is expected").isNotNull();
                    assertThat(r.error().kind()).as(r.error().toString()).isEqualTo(expected);
                }
                case "expect-message" -> assertThat(r.error().message()).contains(expected);
                case "expect-hint" -> assertThat(r.error().hint()).as(r.error().toString()).contains(expected);
                case "expect-line" -> assertThat(r.error().line()).as(r.error().toString())
                        .isEqualTo(Integer.parseInt(expected));
                case "expect-logs" -> assertThat(JsonValues.write(r.logs()))
                        .isEqualTo(JsonValues.write(JsonValues.parse(expected)));
                case "expect-calls" -> assertThat(r.toolCalls()).isEqualTo(Integer.parseInt(expected));
                default -> throw new AssertionError("unknown expectation " + key + " in " + file);
            }
        }
    }
}
