package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.resilience.Resilience;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every call's path, in the order CallPath states: audit, view, approval, resilience, upstream. */
class CallPathTest {

    @Test
    void should_record_calls_the_view_or_the_approval_refused_and_send_them_nowhere() {
        // given: two tools; the caller sees one; the run approved only the other
        AtomicInteger upstream = new AtomicInteger();
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup", "Look up.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .tool("delete", "Delete.", Map.of("type", "object"), a -> upstream.incrementAndGet())
                .build();
        ToolCatalog catalog = ToolCatalog.of(crm);
        CatalogTool lookup = catalog.view().tool("crm", "lookup").orElseThrow();
        CatalogTool delete = catalog.view().tool("crm", "delete").orElseThrow();
        CatalogView seesLookup = catalog.view(t -> t.equals(lookup));
        InMemoryAuditSink sink = AuditSink.inMemory();
        try (Resilience resilience = Resilience.ofDefaults();
                AuditLog log = AuditLog.builder().sink(sink).build()) {
            AuditLog.Execution run = log.begin("e1", CallContext.anonymous());
            ToolInvoker path = new CallPath(catalog, resilience).forRun(seesLookup,
                    new ApprovalGate.Decision(Set.of("crm.delete"), "approved", null, null), run,
                    Observations.Run.NONE);

            // when / then: outside the view, and not approved: both refused, neither reaches the tool
            assertThatThrownBy(() -> path.invoke(delete, Map.of())).isInstanceOf(ToolRefusedException.class)
                    .hasMessage("no tool crm.delete");
            assertThatThrownBy(() -> path.invoke(lookup, Map.of())).isInstanceOf(ToolRefusedException.class)
                    .hasMessage("crm.lookup is not approved for this script");
            log.flush();
        }
        assertThat(upstream).hasValue(0);
        assertThat(sink.toolCalls()).extracting(c -> c.tool() + ": " + c.error())
                .containsExactly("delete: no tool crm.delete", "lookup: crm.lookup is not approved for this script");
    }

    @Test
    void should_reach_the_tool_once_in_view_and_approved() {
        AtomicInteger upstream = new AtomicInteger();
        FunctionToolSource crm = FunctionToolSource.builder("crm")
                .tool("lookup", "Look up.", Map.of("type", "object"), a -> List.of(upstream.incrementAndGet()))
                .build();
        ToolCatalog catalog = ToolCatalog.of(crm);
        CatalogTool lookup = catalog.view().tools().get(0);
        try (Resilience resilience = Resilience.ofDefaults()) {
            ToolInvoker path = new CallPath(catalog, resilience).forRun(catalog.view(),
                    new ApprovalGate.Decision(Set.of("crm.lookup"), "auto", null, null), AuditLog.none().begin("e2", null),
                    Observations.Run.NONE);

            assertThat(path.invoke(lookup, Map.of()).value()).isEqualTo(List.of(1));
        }
        assertThat(upstream).hasValue(1);
    }
}
