package dev.codemode.stubs;

import dev.codemode.json.JsonValues;
import java.util.List;
import java.util.Map;

/** Small text helpers shared by stubs and docs. */
final class Texts {

    private Texts() {
    }

    /** The first sentence of a description, white space folded, at most {@code max} characters. */
    static String firstSentence(String text, int max) {
        if (text == null) {
            return "";
        }
        String folded = text.strip().replaceAll("\\s+", " ");
        int end = folded.length();
        for (int i = 0; i < folded.length() - 1; i++) {
            char c = folded.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && folded.charAt(i + 1) == ' ') {
                end = i + 1;
                break;
            }
        }
        int newline = text.strip().indexOf('\n');
        String sentence = folded.substring(0, end);
        if (newline > 0 && newline < sentence.length()) {
            sentence = text.strip().substring(0, newline).strip().replaceAll("\\s+", " ");
        }
        return shorten(sentence, max);
    }

    static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 1);
        return (cut > max / 2 ? s.substring(0, cut) : s.substring(0, max - 1)).replaceAll("[ ,;:.]+$", "") + "…";
    }

    /** Folds white space of a whole description. */
    static String fold(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** A JSON value as a Python literal. */
    static String python(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return JsonValues.write(s);
        }
        if (v instanceof Number n) {
            String s = n.toString();
            return s.equals("NaN") || s.contains("Infinity") ? "None" : s;
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : list) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(python(item));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(JsonValues.write(String.valueOf(e.getKey()))).append(": ").append(python(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return JsonValues.write(String.valueOf(v));
    }

    /** {@code customer_id} or {@code customer-id} to {@code CustomerId}. */
    static String pascal(String s) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, 'T');
        }
        return sb.toString();
    }
}
