package dev.codemode.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void should_sanitise_names_scripts_cannot_write() {
        assertThat(Identifiers.sanitize("get-user")).isEqualTo("get_user");
        assertThat(Identifiers.sanitize("list.items")).isEqualTo("list_items");
        assertThat(Identifiers.sanitize("3d-render")).isEqualTo("_3d_render");
        assertThat(Identifiers.sanitize("from")).isEqualTo("from_");
        assertThat(Identifiers.sanitize("lambda")).isEqualTo("lambda_");
        assertThat(Identifiers.sanitize("--")).isEqualTo("tool");
        assertThat(Identifiers.sanitize("héllo wörld")).isEqualTo("h_llo_w_rld");
        assertThat(Identifiers.sanitize("getUser")).isEqualTo("getUser");
    }

    @Test
    void should_resolve_collisions_deterministically_whatever_the_order() {
        Map<String, String> a = Identifiers.assign(List.of("get-user", "get_user", "get.user"), Set.of());
        Map<String, String> b = Identifiers.assign(List.of("get.user", "get_user", "get-user"), Set.of());
        assertThat(a).isEqualTo(b);
        assertThat(a.get("get_user")).isEqualTo("get_user");
        assertThat(a.values()).containsExactlyInAnyOrder("get_user", "get_user_2", "get_user_3");
    }

    @Test
    void should_keep_servers_from_shadowing_builtins() {
        Map<String, String> ids = Identifiers.assign(List.of("json", "print", "sum", "_cm_mul", "crm"),
                Identifiers.RESERVED_GLOBALS);
        assertThat(ids).containsEntry("json", "json_").containsEntry("print", "print_").containsEntry("sum", "sum_")
                .containsEntry("_cm_mul", "cm_mul").containsEntry("crm", "crm");
    }
}
