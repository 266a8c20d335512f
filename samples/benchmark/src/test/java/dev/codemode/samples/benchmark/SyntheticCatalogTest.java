package dev.codemode.samples.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated catalog behind the core table's token rows writes its schemas as a server's JSON
 * does, keys in the order written: the definitions' token count, the stubs and the docs are then the
 * same in every run (with a key order drawn per JVM, six runs put the "all tool definitions" row
 * anywhere from 9,850 to 9,990 tokens).
 */
class SyntheticCatalogTest {

    @Test
    void should_write_every_schema_type_first_and_properties_in_the_order_written() {
        // given
        List<ToolSource> sources = SyntheticCatalog.of(10, 100);

        // when / then
        for (ToolSource source : sources) {
            for (ToolDescriptor tool : source.listTools()) {
                assertTypeFirst(tool.qualifiedName(), tool.inputSchema());
            }
        }
        ToolDescriptor create = sources.get(0).listTools().stream().filter(t -> t.name().equals("create_issue"))
                .findFirst().orElseThrow();
        assertThat(create.inputSchema().keySet()).containsExactly("type", "properties", "required");
        Map<?, ?> owner = (Map<?, ?>) ((Map<?, ?>) create.inputSchema().get("properties")).get("owner");
        assertThat(keys(owner.get("properties"))).containsExactly("user_id", "notify");
    }

    private static List<String> keys(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    /** Every schema object with a {@code type} names it first, at every depth. */
    private static void assertTypeFirst(String where, Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("type")) {
                assertThat(map.keySet().iterator().next()).as(where + " " + map.keySet()).isEqualTo("type");
            }
            map.forEach((key, value) -> assertTypeFirst(where + "." + key, value));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> assertTypeFirst(where, item));
        }
    }
}
