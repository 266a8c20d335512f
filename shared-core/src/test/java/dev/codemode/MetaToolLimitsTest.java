package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.sandbox.Limits;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or huge server sends (names of 45,000 characters, a description of 2 MB, thousands
 * of tools) and what a model passes (a path of 400,000 characters) never makes a meta-tool answer
 * longer than the output limit, and a cut answer says how to get the rest.
 */
class MetaToolLimitsTest {

    static final int LIMIT = Limits.DEFAULTS.maxOutputChars();
    static final Map<String, Object> OPEN = Map.of("type", "object");
    static CodeMode serverLevel;
    static CodeMode toolLevel;

    @BeforeAll
    static void setUp() {
        FunctionToolSource.Builder hostile = FunctionToolSource.builder("hostile").description("Untrusted server");
        for (int i = 0; i < 4; i++) {
            String longName = ("n" + i).repeat(1) + "x".repeat(45_000);
            Map<String, Object> schema = Map.of("type", "object", "properties",
                    Map.of("p".repeat(45_000), Map.of("type", "string")));
            hostile.tool(new ToolDescriptor("hostile", longName, "Long name " + i + ".", schema, null, null),
                    a -> "called");
        }
        hostile.tool(new ToolDescriptor("hostile", "verbose", "D".repeat(2_000_000), OPEN, null, null), a -> "ok");
        FunctionToolSource.Builder big = FunctionToolSource.builder("big").description("Two thousand tools");
        for (int i = 0; i < 2_000; i++) {
            big.tool("tool_" + i, "Tool number " + i + " of the big server, with a sentence of description.", OPEN,
                    a -> "ok");
        }
        List<ToolSource> sources = List.of(hostile.build(), big.build());
        serverLevel = CodeMode.builder().toolSources(sources).autoExecute("*").build();
        toolLevel = CodeMode.builder().toolSources(sources).bindingLevel(BindingLevel.TOOL).autoExecute("*").build();
    }

    @AfterAll
    static void tearDown() {
        serverLevel.close();
        toolLevel.close();
    }

    @Test
    void should_cut_docs_of_a_huge_description() {
        MetaToolResult docs = serverLevel.call("getToolDocs", Map.of("server", "hostile", "tool", "verbose"));

        assertThat(docs.isError()).isFalse();
        assertThat(docs.text().length()).isLessThanOrEqualTo(LIMIT);
        assertThat(docs.text()).contains("(cut: the docs have ");
    }

    @Test
    void should_keep_identifiers_of_long_names_short_and_callable() {
        MetaToolResult stub = serverLevel.call("readToolFile", Map.of("fileName", "servers/hostile.pyi"));

        assertThat(stub.text().length()).isLessThan(3_000);
        Matcher def = Pattern.compile("def (n0x+)\\(").matcher(stub.text());
        assertThat(def.find()).as(stub.text()).isTrue();
        assertThat(def.group(1)).hasSize(64);
        MetaToolResult call = serverLevel.call("executeToolCode", Map.of("code", "result = hostile." + def.group(1) + "()"));
        assertThat(call.text()).contains("\"result\":\"called\"");
    }

    @Test
    void should_cut_a_long_stub_file_and_say_where_to_read_on() {
        MetaToolResult first = serverLevel.call("readToolFile", Map.of("fileName", "servers/big.pyi"));

        assertThat(first.text().length()).isLessThanOrEqualTo(LIMIT);
        Matcher next = Pattern.compile("read on with readToolFile\\(fileName=\"servers/big.pyi\", startLine=(\\d+)\\)")
                .matcher(first.text());
        assertThat(next.find()).as(first.text().substring(first.text().length() - 300)).isTrue();
        int line = Integer.parseInt(next.group(1));
        MetaToolResult second = serverLevel.call("readToolFile", Map.of("fileName", "servers/big.pyi",
                "startLine", line));
        assertThat(second.text().length()).isLessThanOrEqualTo(LIMIT);
        String lastShown = first.text().lines().filter(l -> l.startsWith("def ")).reduce((a, b) -> b).orElseThrow();
        assertThat(second.text()).doesNotContain(lastShown).contains("def tool_");
    }

    @Test
    void should_summarise_a_long_listing_and_point_to_queries() {
        MetaToolResult list = toolLevel.call("listToolFiles", Map.of());

        assertThat(list.text().length()).isLessThanOrEqualTo(LIMIT);
        assertThat(list.text()).startsWith("big ").contains("2000 tools")
                .endsWith("call listToolFiles(query=\"...\") with words for what you need to get their signatures.");
        assertThat(toolLevel.call("listToolFiles", Map.of("query", "tool number 1999")).text())
                .startsWith("servers/big/\n").contains("\n  big.tool_1999(");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fileName", "query", "server", "code"})
    void should_refuse_oversized_arguments_at_once(String argument) {
        String value = "/".repeat(400_000);
        Map<String, Object> args = switch (argument) {
            case "fileName" -> Map.of("fileName", value);
            case "query" -> Map.of("query", value);
            case "server" -> Map.of("server", value, "tool", "x");
            default -> Map.of("code", "x = 1\n".repeat(5_000));
        };
        String tool = switch (argument) {
            case "fileName" -> "readToolFile";
            case "query" -> "listToolFiles";
            case "server" -> "getToolDocs";
            default -> "executeToolCode";
        };
        long t0 = System.nanoTime();

        MetaToolResult r = serverLevel.call(tool, args);

        assertThat(System.nanoTime() - t0).as("ns").isLessThan(1_000_000_000L);
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).startsWith(tool + ": " + argument + " has ").contains("characters, over the limit of ")
                .hasSizeLessThan(300);
    }

    @Test
    void should_normalise_a_path_of_many_prefixes_up_to_the_argument_limit() {
        // The argument limit (512 characters) bounds the work; the normalised path is still found.
        MetaToolResult r = serverLevel.call("readToolFile", Map.of("fileName", "./".repeat(150) + "/".repeat(100)
                + "servers/big.py"));

        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.text()).contains("def tool_0(");
    }

    @Test
    void should_cut_unknown_tool_names_on_every_path() {
        String name = "a__" + "x".repeat(100_000);
        for (CodeMode codeMode : List.of(serverLevel, toolLevel)) {
            assertThat(codeMode.call(name, Map.of()).text().length()).isLessThan(2_000);
            assertThat(codeMode.call("zz" + "y".repeat(100_000), "{not json").text().length()).isLessThan(2_000);
            assertThat(codeMode.call("m" + "y".repeat(100_000), Map.of()).text().length()).isLessThan(2_000);
        }
    }

    @Test
    void should_explain_bad_json_arguments_without_the_parsers_names() {
        List<String> texts = List.of(
                serverLevel.call("listToolFiles", "{\"" + "k".repeat(60_000) + "\": 1}").text(),
                serverLevel.call("listToolFiles", "{\"query\": NaN}").text(),
                serverLevel.call("listToolFiles", "{\"query\": " + "1".repeat(2_000) + "}").text(),
                serverLevel.call("listToolFiles", "[".repeat(2_000)).text(),
                serverLevel.call("listToolFiles", "{\"query\": \"a\",}").text());

        for (String text : texts) {
            assertThat(text).startsWith("arguments of listToolFiles are not valid JSON: ").doesNotContain("`")
                    .doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*\\.").doesNotContain("Stream")
                    .doesNotContain("Feature").hasSizeLessThan(400);
        }
    }

    @Test
    void should_cut_unknown_names_in_errors() {
        List<String> texts = new ArrayList<>();
        texts.add(serverLevel.call("getToolDocs", Map.of("server", "s".repeat(256), "tool", "x")).text());
        texts.add(serverLevel.call("getToolDocs", Map.of("server", "big", "tool", "t".repeat(256))).text());
        texts.add(serverLevel.call("readToolFile", Map.of("fileName", "f".repeat(512))).text());
        for (String text : texts) {
            assertThat(text.length()).isLessThanOrEqualTo(LIMIT);
        }
    }
}
