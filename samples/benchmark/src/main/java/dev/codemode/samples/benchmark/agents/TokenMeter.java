package dev.codemode.samples.benchmark.agents;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts o200k_base tokens (jtokkit), remembering texts it has counted: tool lists repeat on every request. */
public final class TokenMeter {

    public static final String ENCODING = "o200k_base";
    private static final int MAX_REMEMBERED = 20_000;

    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private final Map<String, Integer> counted = new ConcurrentHashMap<>();

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < 64) {
            return encoding.countTokensOrdinary(text);
        }
        Integer known = counted.get(text);
        if (known != null) {
            return known;
        }
        int n = encoding.countTokensOrdinary(text);
        if (counted.size() < MAX_REMEMBERED) {
            counted.put(text, n);
        }
        return n;
    }
}
