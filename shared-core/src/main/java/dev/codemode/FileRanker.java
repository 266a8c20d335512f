package dev.codemode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * BM25 over tools: each tool is a document made of its identifier and original name (weighted
 * three times), its server, its parameter names and its description. Tokens split on case changes,
 * digits and punctuation, lower-cased, with a light plural strip so {@code customers} finds
 * {@code customer}.
 *
 * <p>The index (an inverted list per term, each tool's length) is built once per view and kept with
 * it ({@link #of}); a query touches only the tools that hold one of its terms, and yields them best
 * first without sorting the rest.
 */
final class FileRanker {

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Object KEY = new Object();
    /**
     * Per thread, a score per tool of the largest view ranked on it (all zero between queries) and the
     * tools a query touched.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(0));

    private static final class Scratch {
        final double[] scores;
        final int[] touched;

        Scratch(int tools) {
            scores = new double[tools];
            touched = new int[tools];
        }
    }

    private final List<CatalogTool> tools;
    /** Per term: the tools holding it (ascending catalog index) and its BM25 weight in each, before idf. */
    private final Map<String, Postings> postings;

    private record Postings(int[] docs, double[] weights) {
    }

    FileRanker(List<CatalogTool> tools) {
        this.tools = List.copyOf(tools);
        int[] lengths = new int[tools.size()];
        Map<String, List<int[]>> building = new HashMap<>();
        long totalLength = 0;
        for (int i = 0; i < tools.size(); i++) {
            CatalogTool tool = tools.get(i);
            Map<String, Integer> tf = new HashMap<>();
            for (int k = 0; k < 3; k++) {
                add(tf, tool.toolId());
                add(tf, tool.descriptor().name());
            }
            add(tf, tool.serverId());
            tool.parameterIds().keySet().forEach(p -> add(tf, p));
            add(tf, tool.descriptor().description());
            int length = 0;
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                building.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(new int[] {i, e.getValue()});
                length += e.getValue();
            }
            lengths[i] = length;
            totalLength += length;
        }
        double averageLength = tools.isEmpty() ? 1 : (double) totalLength / tools.size();
        Map<String, Postings> index = new HashMap<>();
        building.forEach((term, list) -> {
            int[] docs = new int[list.size()];
            double[] weights = new double[list.size()];
            for (int k = 0; k < docs.length; k++) {
                int doc = list.get(k)[0];
                int f = list.get(k)[1];
                docs[k] = doc;
                weights[k] = (f * (K1 + 1)) / (f + K1 * (1 - B + B * lengths[doc] / averageLength));
            }
            index.put(term, new Postings(docs, weights));
        });
        this.postings = index;
    }

    /** The ranker of {@code view}'s tools, built on first use and shared by every query on the view. */
    static FileRanker of(CatalogView view) {
        return view.derived(KEY, v -> new FileRanker(v.tools()));
    }

    /**
     * Tools with a positive score for {@code query}, best first (ties keep catalog order), ordered as
     * iterated; iterate once.
     */
    Iterable<CatalogTool> rank(String query) {
        List<String> terms = tokens(query);
        Scratch scratch = SCRATCH.get();
        if (scratch.scores.length < tools.size()) {
            scratch = new Scratch(tools.size());
            SCRATCH.set(scratch);
        }
        double[] scores = scratch.scores;
        int[] touched = scratch.touched;
        int count = 0;
        for (String term : terms) {
            Postings p = postings.get(term);
            if (p == null) {
                continue;
            }
            int df = p.docs().length;
            double idf = Math.log(1 + (tools.size() - df + 0.5) / (df + 0.5));
            int[] docs = p.docs();
            double[] weights = p.weights();
            for (int k = 0; k < df; k++) {
                int doc = docs[k];
                if (scores[doc] == 0) {
                    touched[count++] = doc;
                }
                scores[doc] += idf * weights[k];
            }
        }
        // The scratch array is left all zero for the next query on this thread.
        int[] docs = new int[count];
        double[] scored = new double[count];
        int size = 0;
        for (int k = 0; k < count; k++) {
            int doc = touched[k];
            if (scores[doc] > 0) {
                docs[size] = doc;
                scored[size++] = scores[doc];
            }
            scores[doc] = 0;
        }
        return new Best(docs, scored, size);
    }

    /**
     * The scored tools as a binary heap (built in linear time; best first: higher score, then catalog
     * order), popped as iterated: a listing that needs eight files sorts eight, not thousands.
     */
    private final class Best implements Iterable<CatalogTool> {
        private final int[] docs;
        private final double[] scores;
        private int size;

        Best(int[] docs, double[] scores, int size) {
            this.docs = docs;
            this.scores = scores;
            this.size = size;
            for (int i = size / 2 - 1; i >= 0; i--) {
                down(i);
            }
        }

        /** Whether heap slot {@code a} comes before slot {@code b}. */
        private boolean before(int a, int b) {
            int byScore = Double.compare(scores[a], scores[b]);
            return byScore != 0 ? byScore > 0 : docs[a] < docs[b];
        }

        private void swap(int a, int b) {
            int d = docs[a];
            docs[a] = docs[b];
            docs[b] = d;
            double s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int top = i;
                if (l < size && before(l, top)) {
                    top = l;
                }
                if (r < size && before(r, top)) {
                    top = r;
                }
                if (top == i) {
                    return;
                }
                swap(i, top);
                i = top;
            }
        }

        @Override
        public Iterator<CatalogTool> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return size > 0;
                }

                @Override
                public CatalogTool next() {
                    if (size == 0) {
                        throw new NoSuchElementException();
                    }
                    int doc = docs[0];
                    swap(0, --size);
                    down(0);
                    return tools.get(doc);
                }
            };
        }
    }

    private static void add(Map<String, Integer> tf, String text) {
        for (String t : tokens(text)) {
            tf.merge(t, 1, Integer::sum);
        }
    }

    /**
     * Lower-case words of {@code text} (camelCase split, then split on anything that is not an ASCII
     * letter or digit), stop words and one-letter words dropped, plurals stripped. No regex: this
     * runs over every description when a view's index is built.
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // Split camelCase before lower-casing: a space between [a-z0-9] and [A-Z].
        StringBuilder spaced = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (i > 0 && c >= 'A' && c <= 'Z') {
                char p = text.charAt(i - 1);
                if (p >= 'a' && p <= 'z' || p >= '0' && p <= '9') {
                    spaced.append(' ');
                }
            }
            spaced.append(c);
        }
        String lower = spaced.toString().toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                String raw = lower.substring(start, i);
                start = -1;
                if (raw.length() >= 2 && !STOP_WORDS.contains(raw)) {
                    out.add(stem(raw));
                }
            }
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

    /**
     * Words that say nothing about what a tool does. Models often pass the user's request as the
     * query, so question and function words are dropped: in BM25 a rare "how" or "many" in one
     * description would otherwise outrank the words that name the task.
     */
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "of", "to", "and", "or",
            "for", "in", "on", "by", "with", "is", "it", "be", "as", "at", "this", "that", "from", "all", "my", "me",
            "i", "tool", "tools", "how", "many", "much", "what", "which", "who", "whom", "whose", "when", "where",
            "why", "are", "was", "were", "do", "does", "did", "has", "have", "had", "their", "them", "they", "there",
            "these", "those", "its", "our", "your", "we", "you", "he", "she", "his", "her", "each", "every", "any",
            "some", "than", "then", "into", "but", "if", "not", "no", "so", "such", "can", "could", "would", "should",
            "will", "please", "give", "get", "tell", "show", "find", "also", "only");
}
