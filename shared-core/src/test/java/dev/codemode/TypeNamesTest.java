package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import dev.codemode.stubs.BindingLevel;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each tool's types carry its own names, and the stub and the docs name them the same. Modelled on
 * npm's filesystem server, whose tools declare the same output shape ({@code {content: string}}), plus
 * two tools whose results share a title but not a shape, and two whose list items have one shape under
 * different property names.
 */
class TypeNamesTest {

    static final Map<String, Object> STR = Map.of("type", "string");
    static final Map<String, Object> CONTENT = object(Map.of("content", STR), "content");

    static Map<String, Object> object(Map<String, Object> properties, String... required) {
        return MetaToolHandler.schema(properties, List.of(required));
    }

    static ToolSource filesystem() {
        Map<String, Object> path = object(Map.of("path", STR), "path");
        Map<String, Object> entry = object(MetaToolHandler.props("name", STR, "size", Map.of("type", "integer")), "name");
        FunctionToolSource.Builder fs = FunctionToolSource.builder("filesystem");
        for (String name : List.of("read_text_file", "write_file", "edit_file", "create_directory", "move_file")) {
            fs.tool(new ToolDescriptor("filesystem", name, name.replace('_', ' ') + ".", path, CONTENT,
                    ToolAnnotations.NONE), a -> Map.of("content", ""));
        }
        Map<String, Object> titled = new java.util.LinkedHashMap<>(object(Map.of("total", Map.of("type", "integer")),
                "total"));
        titled.put("title", "Result");
        Map<String, Object> titledToo = new java.util.LinkedHashMap<>(object(Map.of("lines", STR), "lines"));
        titledToo.put("title", "Result");
        return fs
                .tool(new ToolDescriptor("filesystem", "count_files", "Count files.", path, titled, ToolAnnotations.NONE),
                        a -> Map.of())
                .tool(new ToolDescriptor("filesystem", "head_file", "First lines.", path, titledToo,
                        ToolAnnotations.NONE), a -> Map.of())
                .tool(new ToolDescriptor("filesystem", "list_directory", "List a directory.", path,
                        object(Map.of("entries", Map.of("type", "array", "items", entry)), "entries"),
                        ToolAnnotations.NONE), a -> Map.of())
                .tool(new ToolDescriptor("filesystem", "search_files", "Find files by name.",
                        object(MetaToolHandler.props("path", STR, "pattern", STR), "path", "pattern"),
                        object(Map.of("matches", Map.of("type", "array", "items", entry)), "matches"),
                        ToolAnnotations.NONE), a -> Map.of())
                .build();
    }

    @Test
    void should_name_each_tools_result_after_the_tool_even_when_tools_share_a_shape() {
        try (CodeMode cm = CodeMode.builder().toolSources(filesystem()).build()) {
            String stub = cm.call("readToolFile", Map.of("fileName", "servers/filesystem.pyi")).text();

            assertThat(stub).contains("def read_text_file(path: str) -> ReadTextFileResult:")
                    .contains("def write_file(path: str) -> WriteFileResult:")
                    .contains("def edit_file(path: str) -> EditFileResult:")
                    .contains("class WriteFileResult(TypedDict):\n    content: str\n")
                    // one title, two shapes: two names, each tool keeps its own
                    .contains("def count_files(path: str) -> Result:").contains("def head_file(path: str) -> Result2:")
                    // one item shape under two properties: each tool names its items after its own field
                    .contains("class Entry(TypedDict):").contains("class Match(TypedDict):");
            assertThat(cm.call("getToolDocs", Map.of("server", "filesystem", "tool", "write_file")).text())
                    .startsWith("filesystem.write_file(path: str) -> WriteFileResult\n");
        }
    }

    @Test
    void should_show_the_same_signature_and_class_names_in_the_stub_and_the_docs_of_every_tool() {
        for (BindingLevel level : BindingLevel.values()) {
            try (CodeMode cm = CodeMode.builder().toolSources(filesystem(), DiscoveryTest.crm()).bindingLevel(level)
                    .build()) {
                for (CatalogTool tool : cm.view().tools()) {
                    String file = level == BindingLevel.SERVER ? "servers/" + tool.serverId() + ".pyi"
                            : "servers/" + tool.serverId() + "/" + tool.toolId() + ".pyi";
                    String stub = cm.call("readToolFile", Map.of("fileName", file)).text();
                    String docs = cm.call("getToolDocs", Map.of("server", tool.serverId(), "tool", tool.toolId())).text();
                    String def = stub.lines().filter(l -> l.startsWith("def " + tool.toolId() + "(")).findFirst()
                            .orElseThrow();
                    String signature = def.substring("def ".length(), def.lastIndexOf(':'));
                    // the docs' first line is the stub's def line, called as the script calls it
                    assertThat(docs.lines().findFirst().orElseThrow()).as(level + " " + tool.id())
                            .isEqualTo(tool.serverId() + "." + signature);
                    // every class the docs name is a class of the stub file
                    Matcher names = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\b").matcher(docs.substring(0,
                            docs.indexOf("\nExample:")).replaceAll("\"[^\"]*\"", ""));
                    while (names.find()) {
                        String name = names.group();
                        if (stub.contains(name + "(TypedDict") || stub.contains("\n" + name + " = ")) {
                            continue;
                        }
                        assertThat(List.of("Any", "None", "JSON", "Literal", "Parameters", "Returns", "Hints", "Needs", "Runs",
                                "One", "Look", "Fails", "Customers", "Find", "Order", "Count", "First", "List"))
                                .as(level + " " + tool.id() + " names " + name + " that the stub does not define:\n"
                                        + docs + "\n" + stub)
                                .anySatisfy(w -> assertThat(name).startsWith(w));
                    }
                }
            }
        }
    }
}
