package dev.codemode.samples.benchmark.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated business domain (support tickets, invoices, calendar events, ...): its vocabulary and
 * its records, computed from fixed formulas so tasks can predict every answer. Records link to the
 * demo customers ({@code c1}..{@code c300}), so tasks can chain a generated server with the demo ones.
 *
 * @param server      server name, e.g. {@code support}
 * @param description one line on the server
 * @param entity      the record noun, e.g. {@code ticket}
 * @param idPrefix    record ids are {@code idPrefix + (1000 + n)}, e.g. {@code T-1001}
 * @param records     how many records there are
 * @param container   what groups records, e.g. {@code queue}
 * @param containers  the containers' ids
 * @param sub         what hangs off a record, e.g. {@code comment}
 * @param statuses    the status values
 * @param kindField   a domain-specific enum field, e.g. {@code priority}
 * @param kinds       its values
 * @param numberField a domain-specific number, e.g. {@code amount}
 * @param numberDoc   what that number is
 * @param cents       whether the number has two decimals (money) or is whole
 * @param words       title vocabulary
 */
public record Domain(String server, String description, String entity, String idPrefix, int records,
        String container, List<String> containers, String sub, List<String> statuses, String kindField,
        List<String> kinds, String numberField, String numberDoc, boolean cents, List<String> words) {

    static final List<String> PEOPLE = List.of("ana.silva", "ben.okafor", "chen.wei", "dana.kowalski", "eli.haddad",
            "fatima.noor", "gus.larsen", "hana.sato", "ivan.petrov", "julia.costa", "kofi.mensah", "lena.muller");

    public String plural() {
        return entity.endsWith("y") ? entity.substring(0, entity.length() - 1) + "ies"
                : entity.endsWith("s") ? entity + "es" : entity + "s";
    }

    /** Record number {@code n} (1-based) as the list tools return it. */
    public Map<String, Object> summary(int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id(n));
        r.put("title", title(n));
        r.put("status", statuses.get((n * 7 + 3) % statuses.size()));
        r.put(kindField, kinds.get((n * 3 + n / 5) % kinds.size()));
        r.put(container, containers.get((n * 5) % containers.size()));
        r.put("customer_id", "c" + ((n * 37) % 300 + 1));
        r.put("owner", PEOPLE.get((n * 11) % PEOPLE.size()) + "@acme.test");
        r.put(numberField, number(n));
        r.put("created_at", LocalDate.of(2025, 1, 1).plusDays(n * 2L) + "T" + two(8 + n % 10) + ":"
                + two((n * 17) % 60) + ":00Z");
        return r;
    }

    /** Record number {@code n} in full, as {@code get_<entity>} returns it. */
    public Map<String, Object> full(int n) {
        Map<String, Object> r = summary(n);
        r.put("description", "Reported via " + (n % 2 == 0 ? "email" : "web form") + ". " + title(n) + " affects "
                + (1 + n % 9) + " users since the last release; steps to reproduce and logs are attached. Expected"
                + " behaviour is described in the linked " + container + " guidelines.");
        r.put("tags", List.of(words.get(n % words.size()), n % 3 == 0 ? "customer-facing" : "internal"));
        r.put("updated_at", "2025-12-" + two(1 + n % 28) + "T10:00:00Z");
        r.put("url", "https://" + server + ".acme.test/" + plural() + "/" + id(n));
        r.put(sub + "_count", n % 6);
        return r;
    }

    public String id(int n) {
        return idPrefix + (1000 + n);
    }

    /** The record number of an id, or -1. */
    public int number(String id) {
        if (id == null || !id.startsWith(idPrefix)) {
            return -1;
        }
        try {
            int n = Integer.parseInt(id.substring(idPrefix.length())) - 1000;
            return n >= 1 && n <= records ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Object number(int n) {
        int raw = (n * 7919 + 113) % 90_000 + 1_000;
        return cents ? raw / 100.0 : (Object) (raw / 100);
    }

    public String title(int n) {
        String a = words.get((n * 3) % words.size());
        String b = words.get((n * 7 + 1) % words.size());
        return a.substring(0, 1).toUpperCase() + a.substring(1) + " " + b + " #" + n;
    }

    /** All records, newest id first: the order list tools use. */
    public List<Map<String, Object>> all() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = records; n >= 1; n--) {
            all.add(summary(n));
        }
        return all;
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }
}
