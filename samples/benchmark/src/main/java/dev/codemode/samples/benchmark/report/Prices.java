package dev.codemode.samples.benchmark.report;

import java.util.List;

/**
 * Prices in USD per million tokens, and the prompt-cache multipliers of the providers priced. The
 * defaults are an example (a typical list price of a general-purpose model), to be replaced with the
 * model's own on the command line.
 *
 * @param caches the cache price profiles; the first is the one the headline figures use
 */
public record Prices(double inputPerMillion, double outputPerMillion, List<Cache> caches) {

    /**
     * A provider's prompt-cache pricing, as multipliers of the input price.
     *
     * @param write for input tokens not read from the cache (written to it)
     * @param read  for input tokens read from the cache
     */
    public record Cache(String provider, double write, double read) {
    }

    /** Anthropic: cache writes 1.25x (5-minute cache), cache reads 0.1x. */
    public static final Cache ANTHROPIC = new Cache("anthropic", 1.25, 0.10);
    /** OpenAI: no write surcharge, cached input at half price (GPT-4o, the price class of the defaults). */
    public static final Cache OPENAI = new Cache("openai", 1.00, 0.50);

    public static final Prices EXAMPLE = new Prices(2.50, 10.00);

    public Prices(double inputPerMillion, double outputPerMillion) {
        this(inputPerMillion, outputPerMillion, List.of(ANTHROPIC, OPENAI));
    }

    public Prices {
        caches = List.copyOf(caches);
        if (caches.isEmpty()) {
            throw new IllegalArgumentException("at least one cache price profile");
        }
    }

    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }

    /**
     * The cost with {@code cachedInputTokens} of the input read from the cache, {@code writtenTokens}
     * written to it, and the rest (requests too short to cache) at the plain input price.
     */
    public double cachedCost(Cache cache, long inputTokens, long cachedInputTokens, long writtenTokens,
            long outputTokens) {
        double input = (inputTokens - cachedInputTokens - writtenTokens) + writtenTokens * cache.write()
                + cachedInputTokens * cache.read();
        return (input * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }

    /** The headline cache profile. */
    public Cache primaryCache() {
        return caches.get(0);
    }
}
