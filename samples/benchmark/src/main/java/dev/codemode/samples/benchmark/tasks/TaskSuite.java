package dev.codemode.samples.benchmark.tasks;

import dev.codemode.samples.benchmark.catalog.Domain;
import dev.codemode.samples.benchmark.catalog.DomainServers;
import dev.codemode.samples.servers.DemoData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The graded tasks: single calls, chains of 2 to 5 tools, loops over lists, aggregation, branches,
 * large intermediate results, tasks whose first attempt fails, near-duplicate tools where only one is
 * right, paging past one page with a cursor, and a result field that only the tool's docs explain.
 * They use the demo servers (crm, orders, billing, email) and the generated {@code support} and
 * {@code payments} servers, present in every round but the one-server round, which runs the tasks
 * that need crm alone; T40 needs the {@code issues} server, present from the 251-tool round up.
 * Expected answers come from {@link DemoData}, {@link Domain}, {@link DomainServers#articles()} and
 * {@link DomainServers#pullRequests()}, never from a tool.
 */
public final class TaskSuite {

    private static final Domain SUPPORT = DomainServers.domain("support");
    private static final Domain PAYMENTS = DomainServers.domain("payments");
    private static final String JSON = " Reply with only JSON ";

    private TaskSuite() {
    }

    public static List<Task> all() {
        List<Draft> t = new ArrayList<>();
        // ---- single calls ----
        t.add(task("T01", "single", "What is the email address of customer c42?" + JSON + "{\"email\": string}.",
                needs(need("crm.lookup_customer", "customer email address", "look up customer by id")),
                """
                c = crm.lookup_customer(customer_id="c42")
                result = {"email": c["email"]}
                """, Map.of("email", customer("c42").get("email"))));
        t.add(task("T02", "single", "In which city and country does customer c7 live?" + JSON
                        + "{\"city\": string, \"country\": string}.",
                needs(need("crm.lookup_customer", "customer address city country", "look up customer by id")),
                """
                c = crm.lookup_customer(customer_id="c7")
                result = {"city": c["address"]["city"], "country": c["address"]["country"]}
                """, Map.of("city", address("c7").get("city"), "country", address("c7").get("country"))));
        t.add(task("T03", "single", "What is the status and the total of order o42-2?" + JSON
                        + "{\"status\": string, \"total\": number}.",
                needs(need("orders.order_details", "order status and total", "order details by order id")),
                """
                o = orders.order_details(order_id="o42-2")
                result = {"status": o["status"], "total": o["total"]}
                """, Map.of("status", DemoData.order("o42-2").get("status"), "total", DemoData.order("o42-2").get("total"))));
        t.add(task("T04", "single", "What are the priority and the status of support ticket T-1017?" + JSON
                        + "{\"priority\": string, \"status\": string}.",
                needs(need("support.get_ticket", "support ticket priority status", "get one ticket by id")),
                """
                ticket = support.get_ticket(ticket_id="T-1017")
                result = {"priority": ticket["priority"], "status": ticket["status"]}
                """, Map.of("priority", SUPPORT.summary(17).get("priority"), "status", SUPPORT.summary(17).get("status"))));
        t.add(task("T05", "single", "How many invoices are overdue?" + JSON + "{\"overdue\": number}.",
                needs(need("payments.count_invoices", "count overdue invoices", "number of invoices by status")),
                """
                result = {"overdue": payments.count_invoices(status="overdue")["count"]}
                """, Map.of("overdue", where(PAYMENTS, "status", "overdue").size())));
        t.add(task("T06", "single", "How many customers have \"hopper\" in their name or email?" + JSON
                        + "{\"count\": number}.",
                needs(need("crm.search_customers", "search customers by name or email", "find customers")),
                """
                found = crm.search_customers(query="hopper")
                result = {"count": found["total"]}
                """, Map.of("count", DemoData.customers().stream()
                        .filter(c -> c.get("name").toString().toLowerCase().contains("hopper")
                                || c.get("email").toString().contains("hopper")).count())));
        // ---- chains ----
        t.add(task("T07", "chain", "How many orders has customer c42 placed, and what is their email address?" + JSON
                        + "{\"email\": string, \"orders\": number}.",
                needs(need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("orders.order_history", "orders placed by a customer", "customer order history")),
                """
                c = crm.lookup_customer(customer_id="c42")
                history = orders.order_history(customer_id="c42")["orders"]
                result = {"email": c["email"], "orders": len(history)}
                """, Map.of("email", customer("c42").get("email"), "orders", DemoData.orders("c42").size())));
        double spent42 = DemoData.spent("c42");
        int loyalty = spent42 > 500 ? 10 : 5;
        t.add(task("T08", "branch", "Give customer c42 a loyalty discount: 10% if they have spent more than 500 EUR"
                        + " over all their orders, otherwise 5%." + JSON + "{\"percent\": number, \"code\": string}.",
                needs(need("orders.order_history", "customer orders total spent", "customer order history"),
                        need("billing.apply_discount", "loyalty discount code for a customer", "create discount")),
                """
                history = orders.order_history(customer_id="c42")["orders"]
                spent = sum([o["total"] for o in history])
                percent = 10 if spent > 500 else 5
                d = billing.apply_discount(customer_id="c42", percent=percent, reason="loyalty")
                result = {"percent": percent, "code": d["code"]}
                """, Map.of("percent", loyalty, "code", "SAVE" + loyalty + "-C42")).docs("billing.apply_discount"));
        Map<String, Object> latest17 = DemoData.orders("c17").get(0);
        t.add(task("T09", "chain", "Email customer c17 the status of their most recent order (subject \"Your order\")."
                        + JSON + "{\"to\": string, \"order_id\": string, \"status\": string}.",
                needs(need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("orders.order_history", "most recent order of a customer", "customer order history"),
                        need("email.send_confirmation", "send an email to a customer", "email customer")),
                """
                c = crm.lookup_customer(customer_id="c17")
                latest = orders.order_history(customer_id="c17")["orders"][0]
                email.send_confirmation(to=c["email"], subject="Your order",
                                        body="Order %s is %s." % (latest["order_id"], latest["status"]))
                result = {"to": c["email"], "order_id": latest["order_id"], "status": latest["status"]}
                """, Map.of("to", customer("c17").get("email"), "order_id", latest17.get("order_id"),
                        "status", latest17.get("status"))));
        Map<String, Object> c1005 = customer(SUPPORT.summary(5).get("customer_id").toString());
        t.add(task("T10", "chain", "Who is the customer behind support ticket T-1005, and which plan are they on?"
                        + JSON + "{\"customer_id\": string, \"name\": string, \"tier\": string}.",
                needs(need("support.get_ticket", "support ticket customer", "get one ticket by id"),
                        need("crm.lookup_customer", "customer name and plan", "look up customer by id")),
                """
                ticket = support.get_ticket(ticket_id="T-1005")
                c = crm.lookup_customer(customer_id=ticket["customer_id"])
                result = {"customer_id": c["id"], "name": c["name"], "tier": c["tier"]}
                """, Map.of("customer_id", c1005.get("id"), "name", c1005.get("name"), "tier", c1005.get("tier"))));
        Map<String, Object> latest1010 = DemoData.orders(SUPPORT.summary(10).get("customer_id").toString()).get(0);
        t.add(task("T11", "chain", "For support ticket T-1010, what is the total of the customer's most recent order?"
                        + JSON + "{\"order_id\": string, \"total\": number}.",
                needs(need("support.get_ticket", "support ticket customer", "get one ticket by id"),
                        need("orders.order_history", "most recent order of a customer", "customer order history")),
                """
                ticket = support.get_ticket(ticket_id="T-1010")
                latest = orders.order_history(customer_id=ticket["customer_id"])["orders"][0]
                result = {"order_id": latest["order_id"], "total": latest["total"]}
                """, Map.of("order_id", latest1010.get("order_id"), "total", latest1010.get("total"))));
        Map<String, Object> inv40 = PAYMENTS.summary(40);
        t.add(task("T12", "chain", "Send a payment reminder for invoice INV-1040 to the customer's email address."
                        + JSON + "{\"invoice\": string, \"to\": string, \"amount\": number}.",
                needs(need("payments.get_invoice", "invoice details", "get one invoice by id"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("email.send_confirmation", "send a payment reminder email", "email customer")),
                """
                inv = payments.get_invoice(invoice_id="INV-1040")
                c = crm.lookup_customer(customer_id=inv["customer_id"])
                email.send_confirmation(to=c["email"], subject="Payment reminder",
                                        body="Invoice %s of %s EUR is due." % (inv["id"], inv["amount"]))
                result = {"invoice": inv["id"], "to": c["email"], "amount": inv["amount"]}
                """, Map.of("invoice", "INV-1040", "to", customer(inv40.get("customer_id").toString()).get("email"),
                        "amount", inv40.get("amount"))));
        String cust1020 = SUPPORT.summary(20).get("customer_id").toString();
        t.add(task("T13", "chain", "Support ticket T-1020 is a complaint. Find the customer and their most expensive"
                        + " order, give them a 5% apology discount and email them the code." + JSON
                        + "{\"customer_id\": string, \"order_id\": string, \"code\": string}.",
                needs(need("support.get_ticket", "support ticket customer", "get one ticket by id"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("orders.order_history", "customer orders", "customer order history"),
                        need("billing.apply_discount", "apology discount code for a customer", "create discount"),
                        need("email.send_confirmation", "send an email to a customer", "email customer")),
                """
                ticket = support.get_ticket(ticket_id="T-1020")
                c = crm.lookup_customer(customer_id=ticket["customer_id"])
                history = orders.order_history(customer_id=c["id"])["orders"]
                top = history[0]
                for o in history:
                    if o["total"] > top["total"]:
                        top = o
                d = billing.apply_discount(customer_id=c["id"], percent=5, reason="apology")
                email.send_confirmation(to=c["email"], subject="Sorry about ticket T-1020",
                                        body="Your discount code: %s" % d["code"])
                result = {"customer_id": c["id"], "order_id": top["order_id"], "code": d["code"]}
                """, Map.of("customer_id", cust1020, "order_id", mostExpensive(cust1020).get("order_id"),
                        "code", "SAVE5-" + cust1020.toUpperCase())));
        String cust1077 = PAYMENTS.summary(77).get("customer_id").toString();
        int orders1077 = DemoData.orders(cust1077).size();
        t.add(task("T14", "chain", "For invoice INV-1077, look up the customer, count their orders and give them a"
                        + " promotion discount of 2% per order." + JSON
                        + "{\"name\": string, \"orders\": number, \"code\": string}.",
                needs(need("payments.get_invoice", "invoice details", "get one invoice by id"),
                        need("crm.lookup_customer", "customer name", "look up customer by id"),
                        need("orders.order_history", "customer orders count", "customer order history"),
                        need("billing.apply_discount", "promotion discount for a customer", "create discount")),
                """
                inv = payments.get_invoice(invoice_id="INV-1077")
                c = crm.lookup_customer(customer_id=inv["customer_id"])
                n = len(orders.order_history(customer_id=c["id"])["orders"])
                d = billing.apply_discount(customer_id=c["id"], percent=2 * n, reason="promotion")
                result = {"name": c["name"], "orders": n, "code": d["code"]}
                """, Map.of("name", customer(cust1077).get("name"), "orders", orders1077,
                        "code", "SAVE" + 2 * orders1077 + "-" + cust1077.toUpperCase())));
        // ---- loops ----
        BigDecimal spent10 = BigDecimal.ZERO;
        for (int i = 1; i <= 10; i++) {
            spent10 = spent10.add(BigDecimal.valueOf(DemoData.spent("c" + i)));
        }
        t.add(task("T15", "loop", "How much have customers c1 to c10 spent in total, over all their orders?" + JSON
                        + "{\"total\": number}.",
                needs(need("orders.order_history", "customer orders spent", "customer order history")),
                """
                total = 0
                for i in range(1, 11):
                    for o in orders.order_history(customer_id="c%d" % i)["orders"]:
                        total += o["total"]
                result = {"total": round(total, 2)}
                """, Map.of("total", spent10.setScale(2, RoundingMode.HALF_UP).doubleValue())));
        List<String> returned = new ArrayList<>();
        for (int i = 20; i < 30; i++) {
            if (DemoData.orders("c" + i).stream().anyMatch(o -> o.get("status").equals("returned"))) {
                returned.add("c" + i);
            }
        }
        returned.sort(null);
        t.add(task("T16", "loop", "Which of the customers c20 to c29 have at least one returned order?" + JSON
                        + "{\"customers\": [id, ...]} sorted.",
                needs(need("orders.order_history", "customer orders returned status", "customer order history")),
                """
                found = []
                for i in range(20, 30):
                    cid = "c%d" % i
                    for o in orders.order_history(customer_id=cid)["orders"]:
                        if o["status"] == "returned" and cid not in found:
                            found.append(cid)
                result = {"customers": sorted(found)}
                """, Map.of("customers", returned)));
        List<Object> billingEmails = where(SUPPORT, "queue", "billing").stream().limit(8)
                .map(r -> customer(r.get("customer_id").toString()).get("email")).toList();
        t.add(task("T17", "loop", "List the email addresses of the customers of the 8 newest tickets in the billing"
                        + " queue, newest ticket first." + JSON + "{\"emails\": [string, ...]}.",
                needs(need("support.list_tickets", "newest tickets in the billing queue", "list support tickets"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id")),
                """
                tickets = support.list_tickets(queue="billing", limit=8)["items"]
                emails = []
                for ticket in tickets:
                    emails.append(crm.lookup_customer(customer_id=ticket["customer_id"])["email"])
                result = {"emails": emails}
                """, Map.of("emails", billingEmails)));
        Map<String, Object> tiers = new LinkedHashMap<>(Map.of("free", 0, "pro", 0, "enterprise", 0));
        for (Map<String, Object> r : where(where(SUPPORT, "status", "open"), "priority", "urgent")) {
            tiers.merge(customer(r.get("customer_id").toString()).get("tier").toString(), 1, (a, b) -> (int) a + (int) b);
        }
        t.add(task("T18", "loop", "For the open urgent tickets, how many of their customers are on each plan tier?"
                        + JSON + "{\"free\": number, \"pro\": number, \"enterprise\": number}.",
                needs(need("support.list_tickets", "open urgent tickets", "list support tickets"),
                        need("crm.lookup_customer", "customer plan tier", "look up customer by id")),
                """
                tickets = support.list_tickets(status="open", priority="urgent", limit=100)["items"]
                tiers = {"free": 0, "pro": 0, "enterprise": 0}
                for ticket in tickets:
                    c = crm.lookup_customer(customer_id=ticket["customer_id"])
                    tiers[c["tier"]] += 1
                result = tiers
                """, tiers));
        List<Object> reminded = where(PAYMENTS, "status", "overdue").stream()
                .sorted(Comparator.comparingDouble((Map<String, Object> r) -> (Double) r.get("amount")).reversed())
                .limit(3).map(r -> customer(r.get("customer_id").toString()).get("email")).toList();
        t.add(task("T19", "loop", "Send a payment reminder email to the customers of the 3 largest overdue invoices."
                        + JSON + "{\"reminded\": [email, ...]} largest invoice first.",
                needs(need("payments.list_invoices", "overdue invoices with amount", "list invoices"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("email.send_confirmation", "send a payment reminder email", "email customer")),
                """
                def amount(invoice):
                    return invoice["amount"]

                overdue = payments.list_invoices(status="overdue", limit=100)["items"]
                reminded = []
                for inv in sorted(overdue, key=amount, reverse=True)[:3]:
                    c = crm.lookup_customer(customer_id=inv["customer_id"])
                    email.send_confirmation(to=c["email"], subject="Payment reminder",
                                            body="Invoice %s of %s EUR is overdue." % (inv["id"], inv["amount"]))
                    reminded.append(c["email"])
                result = {"reminded": reminded}
                """, Map.of("reminded", reminded)));
        List<Object> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(customer("c" + i).get("email"));
        }
        t.add(task("T20", "loop", "What are the email addresses of customers c1, c2, c3, c4 and c5?" + JSON
                        + "{\"emails\": [string, ...]} in that order.",
                needs(need("crm.lookup_customer", "customer email address", "look up customer by id")),
                """
                result = {"emails": [crm.lookup_customer(customer_id="c%d" % i)["email"] for i in range(1, 6)]}
                """, Map.of("emails", five)));
        // ---- aggregation ----
        List<Map<String, Object>> overdue = where(PAYMENTS, "status", "overdue");
        t.add(task("T21", "aggregate", "How many invoices are overdue, and what do they add up to?" + JSON
                        + "{\"count\": number, \"total\": number}.",
                needs(need("payments.list_invoices", "overdue invoices with amount", "list invoices")),
                """
                items = payments.list_invoices(status="overdue", limit=100)["items"]
                result = {"count": len(items), "total": round(sum([i["amount"] for i in items]), 2)}
                """, Map.of("count", overdue.size(), "total", sum(overdue, "amount"))));
        List<Map<String, Object>> graces = DemoData.customers().stream()
                .filter(c -> c.get("name").toString().toLowerCase().contains("grace") && c.get("tier").equals("enterprise"))
                .toList();
        BigDecimal graceSpent = BigDecimal.ZERO;
        for (Map<String, Object> c : graces) {
            graceSpent = graceSpent.add(BigDecimal.valueOf(DemoData.spent(c.get("id").toString())));
        }
        t.add(task("T22", "aggregate", "What is the average spend over all orders of the enterprise customers named"
                        + " Grace?" + JSON + "{\"customers\": number, \"average\": number}.",
                needs(need("crm.search_customers", "search enterprise customers by name", "find customers"),
                        need("orders.order_history", "customer orders spend", "customer order history")),
                """
                found = crm.search_customers(query="grace", tier="enterprise", limit=100)["customers"]
                total = 0
                for c in found:
                    total += sum([o["total"] for o in orders.order_history(customer_id=c["id"])["orders"]])
                result = {"customers": len(found), "average": round(total / len(found), 2)}
                """, Map.of("customers", graces.size(), "average",
                        graceSpent.divide(BigDecimal.valueOf(graces.size()), 2, RoundingMode.HALF_UP).doubleValue())));
        Map<String, Object> perStatus = new TreeMap<>();
        for (Map<String, Object> r : where(SUPPORT, "queue", "technical")) {
            perStatus.merge(r.get("status").toString(), 1, (a, b) -> (int) a + (int) b);
        }
        t.add(task("T23", "aggregate", "How many tickets of the technical queue are there per status?" + JSON
                        + "{status: count, ...}.",
                needs(need("support.list_tickets", "tickets in the technical queue by status", "list support tickets")),
                """
                counts = {}
                for ticket in support.list_tickets(queue="technical", limit=100)["items"]:
                    counts[ticket["status"]] = counts.get(ticket["status"], 0) + 1
                result = counts
                """, perStatus));
        Map<String, Object> units = new TreeMap<>();
        for (Map<String, Object> o : DemoData.orders("c64")) {
            for (Object line : (List<?>) o.get("lines")) {
                Map<?, ?> l = (Map<?, ?>) line;
                units.merge(l.get("name").toString(), l.get("qty"), (a, b) -> (int) a + (int) b);
            }
        }
        t.add(task("T24", "aggregate", "How many units of each product has customer c64 bought over all orders?" + JSON
                        + "{product name: units, ...}.",
                needs(need("orders.order_history", "customer orders products units", "customer order history")),
                """
                units = {}
                for o in orders.order_history(customer_id="c64")["orders"]:
                    for line in o["lines"]:
                        units[line["name"]] = units.get(line["name"], 0) + line["qty"]
                result = units
                """, units));
        List<Map<String, Object>> linus = DemoData.customers().stream()
                .filter(c -> c.get("name").toString().toLowerCase().contains("linus")
                        || c.get("email").toString().contains("linus")).toList();
        t.add(task("T25", "aggregate", "Of the customers matching \"linus\", how many live in Berlin?" + JSON
                        + "{\"matching\": number, \"berlin\": number}.",
                needs(need("crm.search_customers", "search customers by name", "find customers")),
                """
                found = crm.search_customers(query="linus", limit=100)["customers"]
                result = {"matching": len(found), "berlin": len([c for c in found if c["address"]["city"] == "Berlin"])}
                """, Map.of("matching", linus.size(), "berlin", linus.stream()
                        .filter(c -> ((Map<?, ?>) c.get("address")).get("city").equals("Berlin")).count())));
        // ---- branches ----
        List<Map<String, Object>> orders45 = DemoData.orders("c45");
        Map<String, Object> processing45 = orders45.stream().filter(o -> o.get("status").equals("processing"))
                .findFirst().orElse(null);
        t.add(task("T26", "branch", "If customer c45 has an order that is still processing, give its id; otherwise"
                        + " give the date of their latest order." + JSON
                        + "{\"kind\": \"processing\" or \"latest_date\", \"value\": string}.",
                needs(need("orders.order_history", "customer orders processing status and date",
                        "customer order history")),
                """
                history = orders.order_history(customer_id="c45")["orders"]
                open_orders = [o for o in history if o["status"] == "processing"]
                if open_orders:
                    result = {"kind": "processing", "value": open_orders[0]["order_id"]}
                else:
                    result = {"kind": "latest_date", "value": history[0]["date"]}
                """, processing45 != null ? Map.of("kind", "processing", "value", processing45.get("order_id"))
                        : Map.of("kind", "latest_date", "value", orders45.get(0).get("date"))));
        Map<String, Object> t1033 = SUPPORT.summary(33);
        int apology = List.of("urgent", "high").contains(t1033.get("priority")) ? 10 : 5;
        t.add(task("T27", "branch", "Ticket T-1033: if its priority is urgent or high, give its customer a 10% apology"
                        + " discount, otherwise 5%." + JSON + "{\"percent\": number, \"code\": string}.",
                needs(need("support.get_ticket", "support ticket priority", "get one ticket by id"),
                        need("billing.apply_discount", "apology discount code for a customer", "create discount")),
                """
                ticket = support.get_ticket(ticket_id="T-1033")
                percent = 10 if ticket["priority"] in ["urgent", "high"] else 5
                d = billing.apply_discount(customer_id=ticket["customer_id"], percent=percent, reason="apology")
                result = {"percent": percent, "code": d["code"]}
                """, Map.of("percent", apology, "code", "SAVE" + apology + "-"
                        + t1033.get("customer_id").toString().toUpperCase())).docs("billing.apply_discount"));
        Map<String, Object> inv60 = PAYMENTS.summary(60);
        boolean overdue60 = inv60.get("status").equals("overdue");
        Map<String, Object> branch60 = new LinkedHashMap<>();
        branch60.put("overdue", overdue60);
        branch60.put("reminded", overdue60 ? customer(inv60.get("customer_id").toString()).get("email") : null);
        t.add(task("T28", "branch", "If invoice INV-1060 is overdue, email its customer a reminder." + JSON
                        + "{\"overdue\": boolean, \"reminded\": email or null}.",
                needs(need("payments.get_invoice", "invoice status", "get one invoice by id"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("email.send_confirmation", "send a reminder email to a customer", "email customer")),
                """
                inv = payments.get_invoice(invoice_id="INV-1060")
                reminded = None
                if inv["status"] == "overdue":
                    c = crm.lookup_customer(customer_id=inv["customer_id"])
                    email.send_confirmation(to=c["email"], subject="Payment reminder",
                                            body="Invoice %s is overdue." % inv["id"])
                    reminded = c["email"]
                result = {"overdue": inv["status"] == "overdue", "reminded": reminded}
                """, branch60));
        Map<String, Object> c99 = customer("c99");
        boolean enterprise99 = c99.get("tier").equals("enterprise");
        t.add(task("T29", "branch", "Is customer c99 on the enterprise plan? If so give their email, otherwise their"
                        + " name." + JSON + "{\"enterprise\": boolean, \"contact\": string}.",
                needs(need("crm.lookup_customer", "customer plan email name", "look up customer by id")),
                """
                c = crm.lookup_customer(customer_id="c99")
                enterprise = c["tier"] == "enterprise"
                result = {"enterprise": enterprise, "contact": c["email"] if enterprise else c["name"]}
                """, Map.of("enterprise", enterprise99, "contact", enterprise99 ? c99.get("email") : c99.get("name"))));
        // ---- large intermediate results ----
        long ptEnterprise = DemoData.customers().stream().limit(100)
                .filter(c -> c.get("tier").equals("enterprise") && ((Map<?, ?>) c.get("address")).get("country").equals("PT"))
                .count();
        t.add(task("T30", "large", "Of the first 100 customers matching \"example.com\", how many are enterprise"
                        + " customers living in Portugal (PT)?" + JSON + "{\"count\": number}.",
                needs(need("crm.search_customers", "search customers by email", "find customers")),
                """
                found = crm.search_customers(query="example.com", limit=100)["customers"]
                result = {"count": len([c for c in found if c["tier"] == "enterprise" and c["address"]["country"] == "PT"])}
                """, Map.of("count", ptEnterprise)));
        Map<String, BigDecimal> perCustomer = new TreeMap<>();
        for (Map<String, Object> r : PAYMENTS.all().subList(0, 100)) {
            perCustomer.merge(r.get("customer_id").toString(), BigDecimal.valueOf((Double) r.get("amount")), BigDecimal::add);
        }
        Map.Entry<String, BigDecimal> top = perCustomer.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        t.add(task("T31", "large", "Among the 100 most recent invoices, which customer has been invoiced the most in"
                        + " total?" + JSON + "{\"customer_id\": string, \"total\": number}.",
                needs(need("payments.list_invoices", "most recent invoices per customer", "list invoices")),
                """
                totals = {}
                for inv in payments.list_invoices(limit=100)["items"]:
                    totals[inv["customer_id"]] = totals.get(inv["customer_id"], 0) + inv["amount"]
                best = None
                for cid in totals:
                    if best == None or totals[cid] > totals[best]:
                        best = cid
                result = {"customer_id": best, "total": round(totals[best], 2)}
                """, Map.of("customer_id", top.getKey(), "total", top.getValue().setScale(2, RoundingMode.HALF_UP)
                        .doubleValue())));
        Map<String, Object> minutes = new TreeMap<>();
        for (Map<String, Object> r : SUPPORT.all().subList(0, 100)) {
            minutes.merge(r.get("queue").toString(), r.get("minutes_spent"), (a, b) -> (int) a + (int) b);
        }
        t.add(task("T32", "large", "How many minutes were spent on the 100 newest support tickets, per queue?" + JSON
                        + "{queue: minutes, ...}.",
                needs(need("support.list_tickets", "newest support tickets minutes spent", "list support tickets")),
                """
                minutes = {}
                for ticket in support.list_tickets(limit=100)["items"]:
                    minutes[ticket["queue"]] = minutes.get(ticket["queue"], 0) + ticket["minutes_spent"]
                result = minutes
                """, minutes));
        // ---- first attempt fails ----
        List<Map<String, Object>> paid = where(PAYMENTS, "status", "paid");
        t.add(task("T33", "retry", "What do all paid invoices add up to?" + JSON
                        + "{\"count\": number, \"total\": number}.",
                needs(need("payments.list_invoices", "paid invoices with amount", "list invoices")),
                """
                items = payments.list_invoices(status="paid", limit=100)["items"]
                result = {"count": len(items), "total": round(sum([i["amount"] for i in items]), 2)}
                """, Map.of("count", paid.size(), "total", sum(paid, "amount")))
                .firstTry("""
                        items = payments.list_invoices(status="paid", limit=1000)["items"]
                        result = {"count": len(items), "total": round(sum([i["amount"] for i in items]), 2)}
                        """, false));
        t.add(task("T34", "retry", "Which customer does invoice 1040 belong to, and what is their email address?"
                        + JSON + "{\"customer_id\": string, \"email\": string}.",
                needs(need("payments.get_invoice", "invoice customer", "get one invoice by id"),
                        need("crm.lookup_customer", "customer email address", "look up customer by id")),
                """
                inv = payments.get_invoice(invoice_id="INV-1040")
                c = crm.lookup_customer(customer_id=inv["customer_id"])
                result = {"customer_id": c["id"], "email": c["email"]}
                """, Map.of("customer_id", inv40.get("customer_id"), "email",
                        customer(inv40.get("customer_id").toString()).get("email")))
                .firstTry("""
                        inv = payments.get_invoice(invoice_id="1040")
                        c = crm.lookup_customer(customer_id=inv["customer_id"])
                        result = {"customer_id": c["id"], "email": c["email"]}
                        """, true));
        t.add(task("T35", "retry", "Give customer c9 a 60% promotion discount, or the largest discount allowed if 60%"
                        + " is too much." + JSON + "{\"percent\": number, \"code\": string}.",
                needs(need("billing.apply_discount", "promotion discount for a customer", "create discount")),
                """
                d = billing.apply_discount(customer_id="c9", percent=50, reason="promotion")
                result = {"percent": d["percent"], "code": d["code"]}
                """, Map.of("percent", 50, "code", "SAVE50-C9"))
                .firstTry("""
                        d = billing.apply_discount(customer_id="c9", percent=60, reason="promotion")
                        result = {"percent": d["percent"], "code": d["code"]}
                        """, false));
        // ---- near-duplicate tools: the right one of several that look alike ----
        Map<String, Object> b84 = DemoData.billingCustomer(84);
        t.add(task("T36", "duplicate", "Is the customer with email address " + b84.get("email") + " delinquent on"
                        + " billing, and what is their billing customer id?" + JSON
                        + "{\"billing_id\": string, \"delinquent\": boolean}.",
                needs(need("billing.find_customer", "billing customer by email address delinquent",
                        "find billing account by email")),
                """
                b = billing.find_customer(email="%s")
                result = {"billing_id": b["id"], "delinquent": b["delinquent"]}
                """.formatted(b84.get("email")), Map.of("billing_id", b84.get("id"), "delinquent", b84.get("delinquent"))));
        Map<String, Object> passwordTop = DomainServers.articles().stream()
                .filter(a -> a.get("title").toString().toLowerCase().contains("password"))
                .max(Comparator.comparingInt((Map<String, Object> a) -> (Integer) a.get("votes"))).orElseThrow();
        t.add(task("T37", "duplicate", "Which help-center article about passwords has the most helpful votes?" + JSON
                        + "{\"id\": string, \"votes\": number}.",
                needs(need("support.search_articles", "help center articles about passwords votes",
                        "knowledge base article search")),
                """
                best = None
                for a in support.search_articles(query="password", limit=100)["items"]:
                    if best == None or a["votes"] > best["votes"]:
                        best = a
                result = {"id": best["id"], "votes": best["votes"]}
                """, Map.of("id", passwordTop.get("id"), "votes", passwordTop.get("votes"))));
        List<Map<String, Object>> mergedCheckout = DomainServers.pullRequests().stream()
                .filter(p -> p.get("state").equals("merged") && p.get("title").toString().toLowerCase().contains("checkout"))
                .toList();
        t.add(task("T40", "duplicate", "Which merged pull requests are about checkout, and which issues do they fix?"
                        + JSON + "{\"pull_requests\": [id, ...], \"fixes\": [issue id, ...]} in the same order.",
                needs(need("issues.search_pull_requests", "merged pull requests about checkout",
                        "search pull requests")),
                """
                prs = issues.search_pull_requests(query="checkout", state="merged", limit=100)["items"]
                result = {"pull_requests": [p["id"] for p in prs], "fixes": [p["fixes"] for p in prs]}
                """, Map.of("pull_requests", mergedCheckout.stream().map(p -> p.get("id")).toList(),
                        "fixes", mergedCheckout.stream().map(p -> p.get("fixes")).toList())));
        // ---- paging: more rows than one page holds ----
        List<Map<String, Object>> accounts = DemoData.billingCustomers();
        t.add(task("T38", "paging", "How many billing customers are there, and how many of them are delinquent?" + JSON
                        + "{\"customers\": number, \"delinquent\": number}.",
                needs(need("billing.list_customers", "list all billing customers delinquent", "billing customers")),
                """
                page = billing.list_customers(limit=100)
                rows = list(page["data"])
                for _ in range(20):
                    if not page["has_more"]:
                        break
                    page = billing.list_customers(limit=100, cursor=page["next_cursor"])
                    rows.extend(page["data"])
                result = {"customers": len(rows), "delinquent": len([b for b in rows if b["delinquent"]])}
                """, Map.of("customers", accounts.size(), "delinquent", where(accounts, "delinquent", true).size())));
        // ---- a result field only the docs explain ----
        Map<String, Object> b64 = DemoData.billingCustomer(64);
        t.add(task("T39", "docs", "What does customer c64 currently owe on their billing account, in EUR?" + JSON
                        + "{\"owed_eur\": number}.",
                needs(need("crm.lookup_customer", "customer email address", "look up customer by id"),
                        need("billing.find_customer", "billing balance owed by a customer",
                                "find billing account by email")),
                """
                c = crm.lookup_customer(customer_id="c64")
                b = billing.find_customer(email=c["email"])
                result = {"owed_eur": b["balance"] / 100}
                """, Map.of("owed_eur", BigDecimal.valueOf((Integer) b64.get("balance"), 2).doubleValue()))
                .docs("billing.find_customer"));
        return t.stream().map(Draft::build).toList();
    }

    // ---- building ----

    private static final class Draft {
        final String id;
        final String category;
        final String prompt;
        final List<Capability> needs;
        final String script;
        final Map<String, Object> expected;
        final List<String> docs = new ArrayList<>();
        String firstTry;
        boolean firstTryAll;

        Draft(String id, String category, String prompt, List<Capability> needs, String script,
                Map<String, Object> expected) {
            this.id = id;
            this.category = category;
            this.prompt = prompt;
            this.needs = needs;
            this.script = script;
            this.expected = expected;
        }

        Draft docs(String... tools) {
            docs.addAll(List.of(tools));
            return this;
        }

        Draft firstTry(String failing, boolean everyAgent) {
            this.firstTry = failing;
            this.firstTryAll = everyAgent;
            return this;
        }

        Task build() {
            return new Task(id, category, prompt, needs, docs, script, firstTry, firstTryAll, expected);
        }
    }

    private static Draft task(String id, String category, String prompt, List<Capability> needs, String script,
            Map<String, Object> expected) {
        return new Draft(id, category, prompt, needs, script, expected);
    }

    private static List<Capability> needs(Capability... caps) {
        return List.of(caps);
    }

    private static Capability need(String tool, String... queries) {
        return new Capability(tool, List.of(queries));
    }

    private static Map<String, Object> customer(String id) {
        return DemoData.customer(id);
    }

    private static Map<?, ?> address(String id) {
        return (Map<?, ?>) customer(id).get("address");
    }

    private static Map<String, Object> mostExpensive(String customerId) {
        Map<String, Object> top = null;
        for (Map<String, Object> o : DemoData.orders(customerId)) {
            if (top == null || (Double) o.get("total") > (Double) top.get("total")) {
                top = o;
            }
        }
        return top;
    }

    private static List<Map<String, Object>> where(Domain d, String field, Object value) {
        return where(d.all(), field, value);
    }

    private static List<Map<String, Object>> where(List<Map<String, Object>> records, String field, Object value) {
        return records.stream().filter(r -> value.equals(r.get(field))).toList();
    }

    private static double sum(List<Map<String, Object>> records, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (Map<String, Object> r : records) {
            total = total.add(BigDecimal.valueOf(((Number) r.get(field)).doubleValue()));
        }
        return total.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
