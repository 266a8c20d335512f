package dev.codemode.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolRefusedException;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.catalog.ToolInvoker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second line of defence: whatever route a script takes to a tool, a call the invoker refuses
 * stops the script; try_call and parallel do not turn a refusal into a value.
 */
class RuntimeEnforcementTest {

    static StarlarkInterpreter interpreter;
    static ToolCatalog catalog;
    static final AtomicInteger deletes = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        interpreter = StarlarkInterpreter.create();
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("customer_id", Map.of("type", "string")));
        catalog = ToolCatalog.of(FunctionToolSource.builder("crm")
                .tool("lookup_customer", "", schema, a -> Map.of("id", "c1"))
                .tool("delete_customer", "", schema, a -> {
                    deletes.incrementAndGet();
                    return "deleted";
                })
                .build());
    }

    @AfterAll
    static void tearDown() {
        interpreter.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "crm.delete_customer(customer_id=\"c1\")",
            "g = crm\ng.delete_customer(customer_id=\"c1\")",
            "getattr(crm, \"delete_\" + \"customer\")(customer_id=\"c1\")",
            "fns = [crm.delete_customer]\nfns[0](customer_id=\"c1\")",
            "def f(s):\n    return s.delete_customer(customer_id=\"c1\")\n\nf(crm)",
            "v, err = try_call(crm.delete_customer, customer_id=\"c1\")\nresult = err",
            "r = parallel([(crm.lookup_customer, {}), (crm.delete_customer, {\"customer_id\": \"c1\"})])\nresult = r",
    })
    void should_stop_the_script_on_a_refused_call_however_it_was_reached(String script) {
        CatalogView view = catalog.view();
        ToolInvoker onlyLookup = (tool, args) -> {
            if (!tool.id().equals("crm.lookup_customer")) {
                throw new ToolRefusedException(tool.id() + " is not approved for this script");
            }
            return catalog.source(tool.serverId()).orElseThrow().callTool(tool.descriptor().name(), args);
        };
        int before = deletes.get();
        ExecutionResult r = interpreter.execute(script + "\nprint(\"after\")", view, onlyLookup);
        assertThat(r.error()).isNotNull();
        assertThat(r.error().kind()).isEqualTo("denied");
        assertThat(r.error().message()).isEqualTo("crm.delete_customer is not approved for this script");
        assertThat(r.logs()).as("the script stopped at the refusal").doesNotContain("after");
        assertThat(deletes.get()).isEqualTo(before);
        assertThat(r.result()).isNull();
        assertThat(List.of(r.error().line())).doesNotContainNull();
    }
}
