package dev.codemode.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a JSON value so that its JSON text fits a number of characters, keeping it valid JSON and
 * saying where something was cut:
 * <ul>
 *   <li>a string keeps its longest prefix that fits, followed by {@code …};</li>
 *   <li>a list keeps its first items (the first one that does not fit is cut in turn when there is room)
 *       and ends with a string {@code "… N more"};</li>
 *   <li>an object keeps its first entries the same way and ends with the entry {@code "…": "N more"};</li>
 *   <li>a number, boolean or {@code null} that does not fit becomes {@code null}.</li>
 * </ul>
 * A value without a JSON form is cut as its {@code toString()}; a list or map without one (too deep,
 * or holding such a value) as the reason it has none.
 */
final class JsonCap {

    static final String ELLIPSIS = "…";

    private JsonCap() {
    }

    /** {@code value} itself when its JSON fits {@code maxChars}, otherwise a cut copy whose JSON does. */
    static Object cap(Object value, int maxChars) {
        String json;
        try {
            json = JsonValues.write(value);
        } catch (IllegalArgumentException e) {
            return fit(text(value, e), maxChars);
        }
        return json.length() <= maxChars ? value : fit(value, maxChars);
    }

    private static int size(Object value) {
        try {
            return JsonValues.write(value).length();
        } catch (IllegalArgumentException e) {
            return JsonValues.write(text(value, e)).length();
        }
    }

    /**
     * The text of a value without a JSON form. A collection or map says why it has none instead:
     * its {@code toString()} recurses as deep as the value, and a hostile one is deeper than the stack.
     */
    private static String text(Object value, IllegalArgumentException noJsonForm) {
        return value instanceof java.util.Collection<?> || value instanceof Map<?, ?>
                ? noJsonForm.getMessage() : String.valueOf(value);
    }

    static Object fit(Object value, int budget) {
        if (size(value) <= budget) {
            return value;
        }
        if (value instanceof String s) {
            return fitString(s, budget);
        }
        if (value instanceof List<?> list) {
            return fitList(list, budget);
        }
        if (value instanceof Map<?, ?> map) {
            return fitMap(map, budget);
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return null;
        }
        return fitString(String.valueOf(value), budget);
    }

    private static Object fitString(String s, int budget) {
        if (budget < 3) {
            return null;
        }
        // The longest prefix whose JSON (escapes included) fits; never half a surrogate pair.
        int lo = 0;
        int hi = Math.min(s.length(), budget);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (JsonValues.write(s.substring(0, mid) + ELLIPSIS).length() <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo > 0 && Character.isHighSurrogate(s.charAt(lo - 1))) {
            lo--;
        }
        return s.substring(0, lo) + ELLIPSIS;
    }

    private static Object fitList(List<?> list, int budget) {
        // Room for the closing marker, sized for the worst case (nothing kept).
        int reserve = size(more(list.size())) + 1;
        if (budget < 2 + reserve) {
            return budget >= 2 ? List.of() : null;
        }
        List<Object> out = new ArrayList<>();
        int used = 2;
        for (Object item : list) {
            int comma = out.isEmpty() ? 0 : 1;
            int itemSize = size(item);
            if (used + comma + itemSize + reserve <= budget) {
                out.add(item);
                used += comma + itemSize;
                continue;
            }
            int room = budget - used - comma - reserve;
            if (room > 8) {
                Object cut = fit(item, room);
                if (cut != null || item == null) {
                    out.add(cut);
                }
            }
            break;
        }
        out.add(more(list.size() - out.size()));
        return out;
    }

    private static Object fitMap(Map<?, ?> map, int budget) {
        // Room for the closing "…": "N more" entry, sized for the worst case.
        int reserve = size(ELLIPSIS) + 1 + size(more(map.size())) + 1;
        if (budget < 2 + reserve) {
            return budget >= 2 ? Map.of() : null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int used = 2;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            int comma = out.isEmpty() ? 0 : 1;
            int keySize = size(key) + 1;
            int valueSize = size(e.getValue());
            if (used + comma + keySize + valueSize + reserve <= budget) {
                out.put(key, e.getValue());
                used += comma + keySize + valueSize;
                continue;
            }
            int room = budget - used - comma - keySize - reserve;
            if (room > 8) {
                out.put(key, fit(e.getValue(), room));
            }
            break;
        }
        out.put(ELLIPSIS, moreCount(map.size() - out.size()));
        return out;
    }

    private static String more(int n) {
        return ELLIPSIS + " " + n + " more";
    }

    private static String moreCount(int n) {
        return n + " more";
    }
}
