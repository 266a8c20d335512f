package dev.codemode.samples.benchmark.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The knowledge rule reads what a script uses from its syntax tree and finds what was never shown. */
class KnowledgeTest {

    static final List<String> SERVERS = List.of("crm", "orders");

    static final String SCRIPT = """
            c = crm.lookup_customer(customer_id="c42")
            total = 0
            for o in orders.order_history(customer_id="c42")["orders"]:
                total += o["total"]
            result = {"email": c["email"], "spent": total}
            """;

    @Test
    void should_catch_a_result_field_the_agent_was_never_shown() {
        String shown = "def lookup_customer(customer_id: str) -> Customer  # crm\n"
                + "class Customer(TypedDict):\n    id: str\n    name: str\n"
                + "def order_history(customer_id: str) -> Any  # orders: returns {orders: [{order_id, total}]}";

        List<Knowledge.Gap> gaps = Knowledge.gaps(SCRIPT, SERVERS, shown);

        // "email" is a key of the answer the script builds, and a word of the user's request: neither counts
        assertThat(gaps).extracting(Knowledge.Gap::toString)
                .containsExactly("result field 'email' of crm.lookup_customer never shown");
        assertThat(Knowledge.gaps(SCRIPT, SERVERS, shown + "\n    email: str")).isEmpty();
    }

    @Test
    void should_attribute_fields_read_through_variables_loops_and_comprehensions_to_their_tool() {
        Knowledge.Uses uses = Knowledge.of("""
                def date(o):
                    return o["date"]
                history = orders.order_history(customer_id="c1")["orders"]
                latest = sorted(history, key=date)[0]
                ids = [o["order_id"] for o in history if o["status"] == "open"]
                c = crm.lookup_customer(customer_id=latest["customer_id"]).get("tier")
                result = {"ids": ids, "tier": c}
                """, SERVERS);

        assertThat(uses.tools()).containsExactly("orders.order_history", "crm.lookup_customer");
        assertThat(uses.fields().get("orders.order_history")).containsExactlyInAnyOrder("orders", "order_id",
                "status", "customer_id");
        assertThat(uses.fields().get("crm.lookup_customer")).containsExactly("tier");
        // a function's parameter is not followed: its field is read from an unknown tool
        assertThat(uses.fields().get(Knowledge.UNKNOWN_TOOL)).containsExactly("date");
        assertThat(uses.ownKeys()).containsExactlyInAnyOrder("ids", "tier");
    }

    @Test
    void should_catch_an_unseen_tool_and_parameter_but_not_a_name_that_is_shown() {
        String script = "x = crm.search_customers(query=\"grace\", tier=\"pro\")\nresult = {\"n\": x[\"total\"]}\n";

        assertThat(Knowledge.gaps(script, SERVERS, "crm_lookup_customer(customer_id)"))
                .extracting(Knowledge.Gap::kind).containsExactlyInAnyOrder("tool", "parameter", "parameter",
                        "result field");
        assertThat(Knowledge.gaps(script, SERVERS, "{\"name\":\"crm_search_customers\",\"parameters\":"
                + "{\"query\":{},\"tier\":{}}} {\"customers\":[],\"total\":0}")).isEmpty();
    }
}
