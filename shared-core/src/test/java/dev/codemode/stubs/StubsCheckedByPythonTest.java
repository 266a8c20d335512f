package dev.codemode.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every stub must be Python that {@code ast.parse} accepts, and must only use names it imports or
 * declares anywhere in the file (a .pyi may refer to a class declared further down). The stubs
 * of a test go to one {@code python3} process as a JSON list (see
 * {@code src/test/resources/stubs-python/check_stubs.py}); the test is skipped when python3 is absent.
 */
class StubsCheckedByPythonTest {

    /** Fixed so that failures reproduce; try others with {@code -Dstubs.seed=N}. */
    private static final long SEED = Long.getLong("stubs.seed", 20250131L);

    @BeforeAll
    static void python3IsThere() {
        PythonChecker.assumePython();
    }

    @Test
    void should_parse_every_golden_stub_when_rendered_per_server_and_per_tool() {
        // given the golden tool lists
        Map<String, String> stubs = new LinkedHashMap<>();
        for (Path json : SchemaCatalogs.goldenToolLists()) {
            stubs.putAll(allFiles(json.getFileName().toString(), SchemaCatalogs.catalog(SchemaCatalogs.read(json)).view()));
        }

        // when / then
        assertThat(stubs).hasSizeGreaterThan(20);
        assertThat(pythonProblems(stubs)).isEmpty();
    }

    @Test
    void should_parse_every_stub_when_200_schemas_are_random() {
        // given 200 seeded random tools over 10 servers
        CatalogView view = ToolCatalog.of(RandomSchemas.sources(new Random(SEED), 10, 20)).view();
        assertThat(view.toolCount()).isEqualTo(200);

        // when
        Map<String, String> stubs = allFiles("random", view);

        // then every stub parses, docs render, and rendering again gives the same text
        assertThat(pythonProblems(stubs)).isEmpty();
        for (CatalogTool tool : view.tools()) {
            assertThatCode(() -> ToolDocs.render(tool)).as(tool.id()).doesNotThrowAnyException();
        }
        CatalogView again = ToolCatalog.of(RandomSchemas.sources(new Random(SEED), 10, 20)).view();
        assertThat(allFiles("random", again)).isEqualTo(stubs);
    }

    @Test
    void should_parse_every_stub_when_schemas_are_garbage() {
        // given schemas no server should send
        String deep = "{\"type\": \"string\"}";
        for (int i = 0; i < 200; i++) {
            deep = "{\"type\": \"object\", \"properties\": {\"n" + i + "\": " + deep + "}}";
        }
        String hugeEnum = IntStream.range(0, 5000).mapToObj(i -> "\"v\\\"" + i + "\"").collect(Collectors.joining(","));
        List<String> schemas = List.of("{\"type\": 5}", "{\"properties\": \"x\"}", "{\"properties\": {\"a\": 7}}", deep,
                "{\"properties\": {\"e\": {\"enum\": [" + hugeEnum + "]}}}", "{\"type\": [5, null]}",
                "{\"properties\": {\"a\": {\"$ref\": \"#\"}}}", "{\"properties\": {\"\": {}, \"None\": {}, \"from\": {}}}",
                "{\"properties\": {\"a\": {\"type\": \"object\", \"properties\": {\"\": {}, \"\\\"\\\"\\\"\": {}, \"\\\\\": {}}}}}",
                "{\"$defs\": {\"A\": {\"$ref\": \"#/$defs/A\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/A\"}}}",
                "{\"properties\": {\"a\": {\"enum\": [\"]\", \"|\", \"[\", \"\\\"\"]}, \"b\": {\"oneOf\": [{\"const\": \"]\"}, {\"const\": \"a|b\"}]}}}",
                "{\"type\": [\"object\", \"object\"], \"properties\": {\"p0\": {\"$ref\": \"#\"}}}",
                "{\"anyOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}], \"properties\": {\"p0\": {\"$ref\": \"#\"}}}");
        FunctionToolSource.Builder builder = FunctionToolSource.builder("junk");
        for (int i = 0; i < schemas.size(); i++) {
            builder.tool(ToolDescriptor.of("junk", "t" + i, "Bad \"\"\" \\ \u0000 schema " + i, SchemaCatalogs.json(schemas.get(i)))
                    .withOutputSchema(SchemaCatalogs.json(schemas.get(schemas.size() - 1 - i))), args -> args);
        }

        // when
        Map<String, String> stubs = allFiles("junk", ToolCatalog.of(builder.build()).view());

        // then
        assertThat(pythonProblems(stubs)).isEmpty();
    }

    /** Server-level and tool-level files of a view, by a readable name. */
    private static Map<String, String> allFiles(String prefix, CatalogView view) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BindingLevel level : BindingLevel.values()) {
            StubGenerator generator = new StubGenerator(level);
            for (StubFile file : generator.files(view)) {
                out.put(prefix + ":" + file.path(), generator.render(file));
            }
        }
        return out;
    }

    private static List<String> pythonProblems(Map<String, String> stubs) {
        return PythonChecker.problems(stubs, false);
    }

    /** Seeded random tool lists: every JSON Schema keyword the generator reads, and nonsense. */
    static final class RandomSchemas {

        private static final List<String> NAMES = List.of("id", "name", "from", "class", "None", "True", "Any",
                "Literal", "TypedDict", "get-user", "user id", "2fa", "", "ünïcode", "a\"b", "\"\"\"", "back\\slash",
                "new\nline", "]", "[", "|", ",", "self", "kwargs", "lambda", "items", "children", "status", "_", "x");
        private static final List<String> TEXTS = List.of("Plain text.", "Quotes \"\"\" inside", "Ends with \"",
                "Back\\slash\\", "Two\nlines\r\nhere", "Tab\tand\u0000nul", "e.g. this. Then that.", "Ünïcödé ✓ 😀",
                "", "'single' and \"double\"", "\u2028separator\u2029", "x".repeat(300));

        private final Random random;
        private int defs;

        private RandomSchemas(Random random) {
            this.random = random;
        }

        static List<ToolSource> sources(Random random, int servers, int toolsPerServer) {
            RandomSchemas r = new RandomSchemas(random);
            List<ToolSource> out = new ArrayList<>();
            for (int s = 0; s < servers; s++) {
                String server = s % 3 == 0 ? "srv-" + s : r.pick(NAMES) + s;
                FunctionToolSource.Builder builder = FunctionToolSource.builder(server).description(r.pick(TEXTS));
                for (int t = 0; t < toolsPerServer; t++) {
                    ToolDescriptor tool = new ToolDescriptor(server, r.pick(NAMES) + "-" + t, r.pick(TEXTS),
                            r.inputSchema(), r.random.nextInt(3) == 0 ? null : r.outputSchema(),
                            new ToolAnnotations(r.maybe(), r.maybe(), r.maybe(), r.maybe()));
                    builder.tool(tool, args -> args);
                }
                out.add(builder.build());
            }
            return out;
        }

        private Boolean maybe() {
            int n = random.nextInt(3);
            return n == 0 ? null : n == 1;
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        private Map<String, Object> inputSchema() {
            int shape = random.nextInt(20);
            if (shape == 0) {
                return map("type", random.nextInt(10));
            }
            if (shape == 1) {
                return map("properties", "x");
            }
            Map<String, Object> schema = object(0);
            if (random.nextBoolean()) {
                schema.put(random.nextBoolean() ? "$defs" : "definitions", definitions());
            }
            return schema;
        }

        private Map<String, Object> outputSchema() {
            Object s = schema(0);
            Map<String, Object> out = s instanceof Map<?, ?> m ? new LinkedHashMap<>(castMap(m)) : object(0);
            if (random.nextBoolean()) {
                out.put("$defs", definitions());
            }
            return out;
        }

        /** Definitions D0.., some referring to themselves. */
        private Map<String, Object> definitions() {
            Map<String, Object> out = new LinkedHashMap<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String name = i == 0 ? "D" + i : pick(NAMES);
                Map<String, Object> def = object(2);
                if (random.nextBoolean()) {
                    castMap(def.get("properties")).put("self", random.nextBoolean() ? ref("D0")
                            : map("type", "array", "items", ref("D0")));
                }
                out.put(name, random.nextInt(5) == 0 ? map("anyOf", List.of(map("type", "string"), ref("D0"))) : def);
            }
            return out;
        }

        private Map<String, Object> ref(String name) {
            return map("$ref", random.nextInt(4) == 0 ? "#/definitions/" + name : "#/$defs/" + name);
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> props = new LinkedHashMap<>();
            int n = random.nextInt(5);
            List<String> required = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = random.nextInt(3) == 0 ? pick(NAMES) : "p" + defs++;
                props.put(key, schema(depth + 1));
                if (random.nextBoolean()) {
                    required.add(key);
                }
            }
            Map<String, Object> out = map("type", "object", "properties", props);
            if (!required.isEmpty()) {
                out.put("required", required);
            }
            if (random.nextInt(4) == 0) {
                out.put("title", pick(NAMES));
            }
            return out;
        }

        private Object schema(int depth) {
            if (depth > 5) {
                return map("type", "string");
            }
            Map<String, Object> s;
            switch (random.nextInt(16)) {
                case 0 -> s = map("type", pick(List.of("string", "integer", "number", "boolean", "null")));
                case 1 -> s = map("type", List.of(pick(List.of("string", "integer", "object")), "null"));
                case 2 -> s = map("enum", scalars(random.nextInt(8) == 0 ? 40 : 1 + random.nextInt(5)));
                case 3 -> s = map("const", scalar());
                case 4, 5 -> s = object(depth);
                case 6 -> s = map("type", "array", "items", schema(depth + 1));
                case 7 -> s = map(pick(List.of("oneOf", "anyOf")), List.of(schema(depth + 1), schema(depth + 1)));
                case 8 -> s = map("allOf", List.of(object(depth + 1), random.nextBoolean() ? ref("D0") : object(depth + 1)));
                case 9 -> s = ref(random.nextBoolean() ? "D0" : pick(NAMES));
                case 10 -> s = map("$ref", "#");
                case 11 -> s = map("type", "object", "additionalProperties", schema(depth + 1));
                case 12 -> {
                    return pick(List.of(5, "string", true, List.of(1, 2)));
                }
                case 13 -> s = map("oneOf", List.of(map("const", scalar()), map("const", scalar())));
                case 14 -> s = map("type", "string", "nullable", true);
                default -> s = map();
            }
            if (random.nextInt(4) == 0) {
                s.put("default", scalar());
            }
            if (random.nextInt(4) == 0) {
                s.put("description", pick(TEXTS));
            }
            return s;
        }

        private List<Object> scalars(int n) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(scalar());
            }
            return out;
        }

        private Object scalar() {
            return switch (random.nextInt(7)) {
                case 0 -> random.nextInt(100);
                case 1 -> random.nextBoolean();
                case 2 -> null;
                case 3 -> random.nextDouble();
                case 4 -> List.of(pick(NAMES), 1);
                default -> pick(NAMES);
            };
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Object m) {
            return (Map<String, Object>) m;
        }

        private static Map<String, Object> map(Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return m;
        }
    }
}
