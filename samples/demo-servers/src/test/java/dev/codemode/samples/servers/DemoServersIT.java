package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.json.JsonValues;
import dev.codemode.mcp.McpToolSource;
import dev.codemode.policy.ApprovalPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The four demo servers over stdio (child JVMs) and streamable HTTP, driven through Code Mode. */
class DemoServersIT {

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        final List<McpToolSource> sources = new ArrayList<>();
        CodeMode codeMode;

        abstract McpToolSource open(String server);

        @BeforeAll
        void start() {
            for (String name : DemoServers.NAMES) {
                sources.add(open(name));
            }
            codeMode = CodeMode.builder().toolSources(sources).approvalPolicy(ApprovalPolicy.autoExecuteAll()).build();
        }

        @AfterAll
        void stop() {
            if (codeMode != null) {
                codeMode.close();
            }
            sources.forEach(McpToolSource::close);
        }

        Map<?, ?> run(String code) {
            return (Map<?, ?>) JsonValues.parse(codeMode.call("executeToolCode", Map.of("code", code)).text());
        }

        @Test
        void should_list_the_four_servers() {
            String tree = codeMode.call("listToolFiles", Map.of()).text();
            assertThat(tree).contains("servers/billing.pyi  4 tools  Discount codes, refunds and billing customers")
                    .contains("servers/crm.pyi      4 tools  Customer records: lookup, search, update, delete")
                    .contains("servers/email.pyi").contains("servers/orders.pyi");
        }

        @Test
        void should_show_typed_stubs_and_destructive_tools() {
            String crm = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text();
            assertThat(crm).contains("class Customer(TypedDict):")
                    .contains("tier: Literal[\"free\", \"pro\", \"enterprise\"]")
                    .contains("def lookup_customer(customer_id: str) -> Customer:")
                    .contains("def delete_customer(customer_id: str) -> Any:\n    \"\"\"Delete a customer and all their data."
                            + " Destructive.\"\"\"");
            assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/billing.pyi")).text())
                    .contains("def refund(").contains("Destructive.");
        }

        @Test
        void should_issue_one_refund_for_a_refund_inside_an_augmented_target() {
            // The target of an augmented assignment is evaluated once: one refund, not two.
            Map<?, ?> out = run("""
                    oid = orders.order_history(customer_id="c7")["orders"][0]["order_id"]
                    counts = {oid: 1}
                    counts[[billing.refund(order_id=oid)][0]["refunded"]] *= 2
                    again, err = try_call(billing.refund, order_id=oid)
                    result = {"count": counts[oid], "again": err}
                    """);
            Map<?, ?> result = (Map<?, ?>) out.get("result");
            assertThat(result).as(out.toString()).isNotNull();
            assertThat(((Number) result.get("count")).intValue()).isEqualTo(2);
            assertThat((String) result.get("again")).contains("was already refunded");
        }

        @Test
        void should_run_the_seed_workflow_as_one_script() {
            Map<?, ?> out = run("""
                    c = crm.lookup_customer(customer_id="c42")
                    history = orders.order_history(customer_id=c["id"])["orders"]
                    spent = sum([o["total"] for o in history])
                    percent = 10 if spent > 500 else 5
                    d = billing.apply_discount(customer_id=c["id"], percent=percent, reason="loyalty")
                    m = email.send_confirmation(to=c["email"], subject="A %d%% discount" % percent,
                                                body="Your code: %s" % d["code"])
                    result = {"email": c["email"], "orders": len(history), "spent": round(spent, 2),
                              "code": d["code"], "message": m["message_id"]}
                    """);
            assertThat(out.get("error")).isNull();
            Map<?, ?> r = (Map<?, ?>) out.get("result");
            double spent = DemoData.spent("c42");
            int percent = spent > 500 ? 10 : 5;
            assertThat(r.get("email")).isEqualTo(DemoData.customer("c42").get("email"));
            assertThat(((Number) r.get("orders")).intValue()).isEqualTo(DemoData.orders("c42").size());
            assertThat(((Number) r.get("spent")).doubleValue()).isEqualTo(spent);
            assertThat(r.get("code")).isEqualTo("SAVE" + percent + "-C42");
            assertThat(out.get("toolCalls")).isEqualTo(4);

            Map<?, ?> sent = run("result = email.list_sent()[\"emails\"][-1]");
            assertThat(((Map<?, ?>) sent.get("result")).get("to")).isEqualTo(DemoData.customer("c42").get("email"));
        }

        @Test
        void should_report_unknown_ids_as_tool_errors() {
            assertThat(run("crm.lookup_customer(customer_id=\"c999\")").get("error"))
                    .isEqualTo("crm.lookup_customer failed: no customer c999; ids run from c1 to c300");
            // arguments outside the input schema are answered before the call, in one line, not by the server
            assertThat(run("billing.apply_discount(customer_id=\"c1\", percent=90)").get("error"))
                    .isEqualTo("billing.apply_discount: percent must be at most 50, got 90");
        }
    }

    @Nested
    class Stdio extends Contract {
        @Override
        McpToolSource open(String server) {
            List<String> command = DemoServers.stdioCommand(server);
            return McpToolSource.stdio(server, command.get(0), command.subList(1, command.size()), Map.of());
        }
    }

    @Nested
    class Http extends Contract {
        DemoServers.Http http;

        @Override
        McpToolSource open(String server) {
            if (http == null) {
                try {
                    http = DemoServers.startHttp(0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return McpToolSource.streamableHttp(server, "http://127.0.0.1:" + http.port(), "/" + server + "/mcp");
        }

        @AfterAll
        void stopServers() {
            if (http != null) {
                http.close();
            }
        }
    }
}
