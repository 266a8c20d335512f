package dev.codemode;

import dev.codemode.catalog.CatalogTool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BM25 over tools: each tool is a document made of its identifier and original name (weighted
 * three times), its server, its parameter names and its description. Tokens split on case changes,
 * digits and punctuation, lower-cased, with a light plural strip so {@code customers} finds
 * {@code customer}.
 */
final class FileRanker {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final List<CatalogTool> tools;
    private final List<Map<String, Integer>> termFrequencies = new ArrayList<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double averageLength;

    FileRanker(List<CatalogTool> tools) {
        this.tools = tools;
        long totalLength = 0;
        for (CatalogTool tool : tools) {
            Map<String, Integer> tf = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                add(tf, tool.toolId());
                add(tf, tool.descriptor().name());
            }
            add(tf, tool.serverId());
            tool.parameterIds().keySet().forEach(p -> add(tf, p));
            add(tf, tool.descriptor().description());
            termFrequencies.add(tf);
            tf.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            totalLength += tf.values().stream().mapToInt(Integer::intValue).sum();
        }
        this.averageLength = tools.isEmpty() ? 1 : (double) totalLength / tools.size();
    }

    /** Tools with a positive score for {@code query}, best first (ties keep catalog order). */
    LinkedHashMap<CatalogTool, Double> rank(String query) {
        List<String> terms = tokens(query);
        List<Map.Entry<CatalogTool, Double>> scored = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Integer> tf = termFrequencies.get(i);
            int length = tf.values().stream().mapToInt(Integer::intValue).sum();
            double score = 0;
            for (String term : terms) {
                Integer f = tf.get(term);
                if (f == null) {
                    continue;
                }
                int df = documentFrequency.get(term);
                double idf = Math.log(1 + (tools.size() - df + 0.5) / (df + 0.5));
                score += idf * (f * (K1 + 1)) / (f + K1 * (1 - B + B * length / averageLength));
            }
            if (score > 0) {
                scored.add(Map.entry(tools.get(i), score));
            }
        }
        scored.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        LinkedHashMap<CatalogTool, Double> out = new LinkedHashMap<>();
        scored.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void add(Map<String, Integer> tf, String text) {
        for (String t : tokens(text)) {
            tf.merge(t, 1, Integer::sum);
        }
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // Split camelCase before lower-casing, then on anything that is not a letter or digit.
        String spaced = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        for (String raw : spaced.split("[^a-z0-9]+")) {
            if (raw.length() < 2 || STOP_WORDS.contains(raw)) {
                continue;
            }
            out.add(stem(raw));
        }
        return out;
    }

    private static String stem(String t) {
        if (t.length() > 4 && t.endsWith("ies")) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("the", "a", "an", "of", "to", "and", "or",
            "for", "in", "on", "by", "with", "is", "it", "be", "as", "at", "this", "that", "from", "all", "my", "me",
            "i", "tool", "tools");
}
