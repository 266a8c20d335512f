package dev.codemode.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolDescriptor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tools a policy auto-executes, decided per tool: the allowlist, and trust named per server. */
class ApprovalPolicyTest {

    static final ToolAnnotations READ_ONLY = new ToolAnnotations(true, null, null, null);
    static final ToolAnnotations READ_ONLY_AND_DESTRUCTIVE = new ToolAnnotations(true, true, null, null);

    static CatalogTool tool(String server, String name, ToolAnnotations hints) {
        ToolCatalog catalog = ToolCatalog.of(FunctionToolSource.builder(server)
                .tool(new ToolDescriptor(server, name, "", Map.of("type", "object"), null, hints), a -> null).build());
        return catalog.view().tools().get(0);
    }

    @Test
    void should_auto_execute_nothing_by_default_whatever_the_hints_say() {
        ApprovalPolicy policy = ApprovalPolicy.allowlist();
        assertThat(policy.isAutoExecuted(tool("everything", "get_env", READ_ONLY))).isFalse();
        assertThat(policy.isAutoExecuted(tool("crm", "lookup", ToolAnnotations.readOnly()))).isFalse();
        assertThat(policy.isAutoExecuted(tool("crm", "lookup", ToolAnnotations.NONE))).isFalse();
        assertThat(ApprovalPolicy.builder().build().isAutoExecuted(tool("crm", "lookup", READ_ONLY))).isFalse();
        assertThat(policy.trustedServers()).isEmpty();
        assertThat(policy.autoExecute()).isEmpty();
    }

    @Test
    void should_auto_execute_exactly_the_allowlist() {
        ApprovalPolicy policy = ApprovalPolicy.allowlist("crm.lookup", "orders.*");
        assertThat(policy.isAutoExecuted(tool("crm", "lookup", ToolAnnotations.NONE))).isTrue();
        assertThat(policy.isAutoExecuted(tool("orders", "cancel", ToolAnnotations.destructive()))).isTrue();
        assertThat(policy.isAutoExecuted(tool("crm", "search", READ_ONLY))).isFalse();
        assertThat(ApprovalPolicy.autoExecuteAll().isAutoExecuted(tool("x", "y", ToolAnnotations.NONE))).isTrue();
    }

    @Test
    void should_trust_a_read_only_hint_only_of_a_named_server_and_never_with_a_destructive_one() {
        ApprovalPolicy policy = ApprovalPolicy.builder().trustReadOnlyHints("docs", "my-fs").build();
        assertThat(policy.isAutoExecuted(tool("docs", "read", READ_ONLY))).isTrue();
        assertThat(policy.trustsReadOnlyHint(tool("docs", "read", READ_ONLY))).isTrue();
        assertThat(policy.isAutoExecuted(tool("my-fs", "stat", READ_ONLY))).as("by configured name").isTrue();
        assertThat(policy.isAutoExecuted(tool("docs", "write", ToolAnnotations.NONE))).isFalse();
        assertThat(policy.isAutoExecuted(tool("docs", "write", new ToolAnnotations(false, false, true, null)))).isFalse();
        assertThat(policy.isAutoExecuted(tool("docs", "purge", READ_ONLY_AND_DESTRUCTIVE))).isFalse();
        assertThat(policy.trustsReadOnlyHint(tool("docs", "purge", READ_ONLY_AND_DESTRUCTIVE))).isFalse();
        assertThat(policy.isAutoExecuted(tool("everything", "get_env", READ_ONLY))).isFalse();
        assertThat(policy.isAutoExecuted(tool("docs2", "read", READ_ONLY))).as("no prefix match").isFalse();
        assertThat(policy.trustedServers()).containsExactly("docs", "my-fs");
    }

    @Test
    void should_let_the_allowlist_name_a_tool_its_hints_alone_would_not_run() {
        ApprovalPolicy policy = ApprovalPolicy.builder().autoExecute("docs.purge").trustReadOnlyHints("docs").build();
        assertThat(policy.isAutoExecuted(tool("docs", "purge", READ_ONLY_AND_DESTRUCTIVE))).isTrue();
        assertThat(policy.trustsReadOnlyHint(tool("docs", "purge", READ_ONLY_AND_DESTRUCTIVE))).isFalse();
    }

    @Test
    void should_refuse_wildcards_and_tool_names_as_trusted_servers() {
        assertThatThrownBy(() -> ApprovalPolicy.builder().trustReadOnlyHints("*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name each server whose read-only hints you trust");
        assertThatThrownBy(() -> ApprovalPolicy.builder().trustReadOnlyHints(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a server name");
        assertThatThrownBy(() -> ApprovalPolicy.builder().trustReadOnlyHints("crm.lookup_customer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name the server (\"crm\"), or put single tools on the auto-execute list");
    }

    @Test
    void should_read_conflicting_hints_the_cautious_way() {
        assertThat(READ_ONLY_AND_DESTRUCTIVE.isDestructive()).isTrue();
        assertThat(READ_ONLY_AND_DESTRUCTIVE.isIdempotent()).as("not retried on a read-only claim").isFalse();
        assertThat(READ_ONLY.isIdempotent()).isTrue();
    }
}
