package dev.codemode.samples.servers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps in the order their keys are written. Schemas, results and reports built with them serialise
 * the same in every JVM: {@code Map.of} iterates in an order salted per JVM, which moved token counts
 * between benchmark runs.
 */
public final class Ordered {

    private Ordered() {
    }

    /** A map of the key/value pairs {@code kv}, in order. */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
