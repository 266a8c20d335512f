package dev.codemode.samples.chatbot;

import dev.codemode.json.JsonValues;
import java.util.Map;

/** The demo task as one script, and the answer the replay model gives from its result. */
final class SeedScript {

    private SeedScript() {
    }

    static String forCustomer(String customerId) {
        return """
                c = crm.lookup_customer(customer_id="%s")
                history = orders.order_history(customer_id=c["id"])["orders"]
                spent = round(sum([o["total"] for o in history]), 2)
                percent = 10 if spent > 500 else 5
                d = billing.apply_discount(customer_id=c["id"], percent=percent, reason="loyalty")
                email.send_confirmation(to=c["email"], subject="A %%d%%%% discount for you" %% percent,
                                        body="Hello %%s, your code is %%s." %% (c["name"], d["code"]))
                result = {"customer": c["id"], "name": c["name"], "spent": spent, "discount": d["code"],
                          "percent": percent, "emailed": True}
                """.formatted(customerId);
    }

    /** What the replay model says after the script: the facts of the result, or what went wrong. */
    static String summarise(String executeToolCodeOutput) {
        Object parsed;
        try {
            parsed = JsonValues.parse(executeToolCodeOutput);
        } catch (IllegalArgumentException e) {
            return "(replay) the script returned something I cannot read: " + executeToolCodeOutput;
        }
        if (!(parsed instanceof Map<?, ?> out)) {
            return "(replay) unexpected result: " + executeToolCodeOutput;
        }
        if (out.get("error") != null) {
            return "I could not do it: " + out.get("error") + (out.get("hint") == null ? "" : " (" + out.get("hint") + ")");
        }
        Map<?, ?> r = (Map<?, ?>) out.get("result");
        return "Done. %s (%s) has spent %s; I gave them a %s%% loyalty discount, code %s, and emailed them."
                .formatted(r.get("name"), r.get("customer"), r.get("spent"), r.get("percent"), r.get("discount"));
    }
}
