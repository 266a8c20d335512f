package dev.codemode.samples.benchmark.tasks;

import dev.codemode.samples.servers.DemoData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repeat round: one chore of the demo shop asked several times with different arguments, each in
 * a fresh conversation. The chore is a realistic multi-step one: look up a customer, summarise their
 * open orders (processing or shipped) and email them the summary, then answer with what was sent.
 *
 * <p>Every agent answers each task by the same policy as the main suite ({@link Task#script()}). Code
 * Mode with skills has two more scripts per task: {@link RepeatTask#saving()}, the same work written as
 * a function with a docstring and called once, which it sends with {@code saveAs} when it has no skill
 * to use; and {@link RepeatTask#reuse()}, one call of the saved skill, which it sends only once a
 * listing has shown it the skill. Expected answers come from {@link DemoData}, never from a tool.
 */
public final class RepeatSuite {

    /** The name the function is saved under, and so the skill's name. */
    public static final String SKILL = "open_orders_summary";

    /** The customers the chore is asked for, in order: 1 to 5 orders, 0 to 3 of them open. */
    public static final List<String> CUSTOMERS = List.of("c42", "c7", "c64", "c99", "c150");

    private static final Set<String> OPEN = Set.of("processing", "shipped");
    private static final String JSON = " Reply with only JSON ";

    /** The function a model writes once it means to keep it: the steps of {@link Task#script()}, parameterised. */
    public static final String FUNCTION = """
            def open_orders_summary(customer_id):
                \"""Email a customer how many open orders (processing or shipped) they have and their total in EUR.

                Args:
                    customer_id (str): the customer's id, e.g. c42
                \"""
                c = crm.lookup_customer(customer_id=customer_id)
                history = orders.order_history(customer_id=customer_id)["orders"]
                pending = [o for o in history if o["status"] in ("processing", "shipped")]
                total = round(sum([o["total"] for o in pending]), 2)
                email.send_confirmation(to=c["email"], subject="Your open orders",
                                        body="You have %d open orders, %s EUR in total." % (len(pending), total))
                return {"to": c["email"], "open_orders": len(pending), "total": total}
            """;

    private RepeatSuite() {
    }

    /**
     * One task of the round with the skills agent's two scripts.
     *
     * @param task   the task every agent runs, graded as any other
     * @param saving the function and one call of it: sent with {@code saveAs} {@value #SKILL}
     * @param reuse  one call of the saved skill
     */
    public record RepeatTask(Task task, String saving, String reuse) {
    }

    /** The open-orders chore for each of {@link #CUSTOMERS}, ids {@code R01}... in order. */
    public static List<RepeatTask> openOrders() {
        List<RepeatTask> out = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            String id = CUSTOMERS.get(i);
            Task task = new Task("R%02d".formatted(i + 1), "repeat", "Email customer " + id + " a summary of their open"
                    + " orders (status processing or shipped): how many there are and their total in EUR, with the"
                    + " subject \"Your open orders\"." + JSON + "{\"to\": string, \"open_orders\": number, \"total\":"
                    + " number}.",
                    List.of(new Capability("crm.lookup_customer", List.of("customer email address", "look up customer by id")),
                            new Capability("orders.order_history", List.of("customer orders status total",
                                    "customer order history")),
                            new Capability("email.send_confirmation", List.of("send an email to a customer",
                                    "email customer"))),
                    List.of(), """
                    c = crm.lookup_customer(customer_id="%1$s")
                    history = orders.order_history(customer_id="%1$s")["orders"]
                    pending = [o for o in history if o["status"] in ("processing", "shipped")]
                    total = round(sum([o["total"] for o in pending]), 2)
                    email.send_confirmation(to=c["email"], subject="Your open orders",
                                            body="You have %%d open orders, %%s EUR in total." %% (len(pending), total))
                    result = {"to": c["email"], "open_orders": len(pending), "total": total}
                    """.formatted(id), null, false, expected(id));
            out.add(new RepeatTask(task, FUNCTION + "\nresult = " + SKILL + "(customer_id=\"" + id + "\")\n",
                    "result = skills." + SKILL + "(customer_id=\"" + id + "\")\n"));
        }
        return List.copyOf(out);
    }

    private static Map<String, Object> expected(String customerId) {
        List<Map<String, Object>> pending = DemoData.orders(customerId).stream()
                .filter(o -> OPEN.contains(o.get("status").toString())).toList();
        BigDecimal total = BigDecimal.ZERO;
        for (Map<String, Object> o : pending) {
            total = total.add(BigDecimal.valueOf((Double) o.get("total")));
        }
        return Map.of("to", DemoData.customer(customerId).get("email"), "open_orders", pending.size(),
                "total", total.setScale(2, RoundingMode.HALF_UP).doubleValue());
    }
}
