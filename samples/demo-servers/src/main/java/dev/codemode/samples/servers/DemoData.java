package dev.codemode.samples.servers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo business, computed from fixed formulas: 300 customers ({@code c1}..{@code c300}) and
 * their orders. The same in every process, so tests and benchmarks can compute expected answers.
 */
public final class DemoData {

    public static final int CUSTOMERS = 300;
    static final String[] TIERS = {"free", "pro", "enterprise"};
    static final String[] STATUSES = {"delivered", "shipped", "processing", "returned"};
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Linus",
            "Radia", "Ken", "Frances", "John"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton",
            "Torvalds", "Perlman", "Thompson", "Allen", "Backus"};
    private static final String[] CITIES = {"Lisbon", "Berlin", "Austin", "Osaka", "Nairobi", "Lyon", "Toronto"};
    private static final String[][] PRODUCTS = {{"SKU-100", "Keyboard", "49.00"}, {"SKU-200", "Monitor", "219.00"},
            {"SKU-300", "Desk lamp", "24.50"}, {"SKU-400", "Headset", "89.90"}, {"SKU-500", "Webcam", "64.00"}};

    private DemoData() {
    }

    /** Customer {@code c<n>}, or {@code null} when there is none. */
    public static Map<String, Object> customer(String id) {
        int n = number(id);
        if (n < 1 || n > CUSTOMERS) {
            return null;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        String first = FIRST[n % FIRST.length];
        String last = LAST[(n * 7) % LAST.length];
        c.put("id", "c" + n);
        c.put("name", first + " " + last);
        c.put("email", first.toLowerCase() + "." + last.toLowerCase() + n + "@example.com");
        c.put("tier", TIERS[n % 3]);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", CITIES[n % CITIES.length]);
        address.put("country", n % 2 == 0 ? "PT" : "DE");
        c.put("address", Collections.unmodifiableMap(address));
        c.put("signup_date", LocalDate.of(2020, 1, 1).plusDays(n * 5L).toString());
        return Collections.unmodifiableMap(c);
    }

    /** Every customer, in id order. */
    public static List<Map<String, Object>> customers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 1; n <= CUSTOMERS; n++) {
            all.add(customer("c" + n));
        }
        return all;
    }

    /** The orders of a customer, newest first (1 to 5 of them). */
    public static List<Map<String, Object>> orders(String customerId) {
        int n = number(customerId);
        if (n < 1 || n > CUSTOMERS) {
            return List.of();
        }
        List<Map<String, Object>> orders = new ArrayList<>();
        int count = 1 + n % 5;
        for (int k = 0; k < count; k++) {
            orders.add(order("o" + n + "-" + (k + 1)));
        }
        return orders;
    }

    /** Order {@code o<customer>-<k>}, or {@code null} when there is none. */
    public static Map<String, Object> order(String orderId) {
        String[] parts = orderId.startsWith("o") ? orderId.substring(1).split("-") : new String[0];
        if (parts.length != 2) {
            return null;
        }
        int n;
        int k;
        try {
            n = Integer.parseInt(parts[0]);
            k = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 1 || n > CUSTOMERS || k < 1 || k > 1 + n % 5) {
            return null;
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int line = 0; line < 1 + (n + k) % 3; line++) {
            String[] p = PRODUCTS[(n * 3 + k + line) % PRODUCTS.length];
            int qty = 1 + (n + line) % 3;
            BigDecimal price = new BigDecimal(p[2]);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("sku", p[0]);
            l.put("name", p[1]);
            l.put("qty", qty);
            l.put("unit_price", price.doubleValue());
            lines.add(Collections.unmodifiableMap(l));
            total = total.add(price.multiply(BigDecimal.valueOf(qty)));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("order_id", orderId);
        o.put("customer_id", "c" + n);
        o.put("date", LocalDate.of(2025, 12, 31).minusDays(k * 17L + n % 30).toString());
        o.put("status", STATUSES[(n + k) % STATUSES.length]);
        o.put("lines", lines);
        o.put("total", total.setScale(2, RoundingMode.HALF_UP).doubleValue());
        return Collections.unmodifiableMap(o);
    }

    /**
     * The billing account of customer {@code c<n>} (1 to {@link #CUSTOMERS}): what a payments provider
     * keeps, with its own id. {@code balance} is owed, in cents of {@code currency}; {@code delinquent}
     * says the latest invoice payment failed.
     */
    public static Map<String, Object> billingCustomer(int n) {
        if (n < 1 || n > CUSTOMERS) {
            return null;
        }
        int balance = n % 4 == 0 ? (n * 7919) % 40_000 + 500 : 0;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", "cus_" + (10_000 + n * 37));
        b.put("customer_id", "c" + n);
        b.put("email", customer("c" + n).get("email"));
        b.put("balance", balance);
        b.put("currency", "eur");
        b.put("delinquent", balance > 0 && n % 3 == 0);
        b.put("created", customer("c" + n).get("signup_date"));
        return Collections.unmodifiableMap(b);
    }

    /** Every billing account, oldest first (customer c1 first). */
    public static List<Map<String, Object>> billingCustomers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 1; n <= CUSTOMERS; n++) {
            all.add(billingCustomer(n));
        }
        return all;
    }

    /** What a customer has spent over all orders, rounded to cents. */
    public static double spent(String customerId) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, Object> o : orders(customerId)) {
            sum = sum.add(BigDecimal.valueOf((Double) o.get("total")));
        }
        return sum.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static int number(String id) {
        if (id == null || !id.startsWith("c")) {
            return -1;
        }
        try {
            return Integer.parseInt(id.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
