package dev.codemode.samples.benchmark.agents;

import dev.codemode.catalog.ToolDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * BM25 over what a tool search implementation indexes: each tool's name, and its description with
 * its parameter names, as two fields (the name weighs {@value #NAME_WEIGHT} times as much, as
 * field-boosted search engines commonly set it). Nothing else: no knowledge of tasks, servers or the
 * Code Mode ranker.
 */
public final class ToolIndex {

    static final double NAME_WEIGHT = 3.0;
    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "to", "in", "on", "for", "by", "and", "or",
            "with", "is", "are", "be", "it", "its", "this", "that", "from", "as", "at", "e", "g");

    private final List<String> names = new ArrayList<>();
    private final Field nameField = new Field();
    private final Field textField = new Field();

    /** Indexes tools by the function names they are offered under. */
    public ToolIndex(Map<String, ToolDescriptor> tools) {
        for (Map.Entry<String, ToolDescriptor> e : tools.entrySet()) {
            ToolDescriptor d = e.getValue();
            StringBuilder text = new StringBuilder(d.description());
            if (d.inputSchema().get("properties") instanceof Map<?, ?> props) {
                props.keySet().forEach(k -> text.append(' ').append(k));
            }
            names.add(e.getKey());
            nameField.add(terms(e.getKey()));
            textField.add(terms(text.toString()));
        }
    }

    /** The names of the best {@code max} tools for {@code query}, best first; ties keep catalog order. */
    public List<String> search(String query, int max) {
        List<String> q = terms(query);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            double score = NAME_WEIGHT * nameField.score(i, q) + textField.score(i, q);
            if (score > 0) {
                scores.put(names.get(i), score);
            }
        }
        return scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(max).map(Map.Entry::getKey).toList();
    }

    /** One field's term frequencies and BM25 statistics. */
    private static final class Field {
        private final List<Map<String, Integer>> docs = new ArrayList<>();
        private final List<Integer> lengths = new ArrayList<>();
        private final Map<String, Integer> documentFrequency = new HashMap<>();
        private long totalLength;

        void add(List<String> terms) {
            Map<String, Integer> tf = new HashMap<>();
            terms.forEach(t -> tf.merge(t, 1, Integer::sum));
            tf.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            docs.add(tf);
            lengths.add(terms.size());
            totalLength += terms.size();
        }

        double score(int doc, List<String> query) {
            double average = Math.max(1, (double) totalLength / docs.size());
            Map<String, Integer> tf = docs.get(doc);
            double score = 0;
            for (String term : query) {
                Integer f = tf.get(term);
                if (f == null) {
                    continue;
                }
                int df = documentFrequency.get(term);
                double idf = Math.log(1 + (docs.size() - df + 0.5) / (df + 0.5));
                score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * lengths.get(doc) / average));
            }
            return score;
        }
    }

    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.isEmpty() || STOP.contains(w)) {
                continue;
            }
            out.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
        }
        return out;
    }
}
