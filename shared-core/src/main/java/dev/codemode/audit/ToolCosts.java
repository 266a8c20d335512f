package dev.codemode.audit;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolPattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A price per call for tools that front paid APIs. The currency (or unit) is whatever the prices are
 * written in; totals add them up as they are.
 *
 * <p>A price is keyed by a pattern:
 * <ul>
 *   <li>{@code server.tool}: one tool, named either by its script identifiers ({@code crm.lookup_customer})
 *       or by its original names ({@code crm.lookup-customer});</li>
 *   <li>{@code server.*}: every tool of a server, by identifier or original name;</li>
 *   <li>{@code *}: every tool.</li>
 * </ul>
 * The most specific pattern wins: an exact tool beats its server's pattern, which beats {@code *}.
 * A tool no pattern matches costs {@link BigDecimal#ZERO}. Immutable and thread-safe.
 */
public final class ToolCosts {

    private static final ToolCosts NONE = new ToolCosts(Map.of());

    private final Map<String, BigDecimal> prices;
    private final List<Map.Entry<ToolPattern, BigDecimal>> patterns;

    private ToolCosts(Map<String, BigDecimal> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        List<Map.Entry<ToolPattern, BigDecimal>> parsed = new ArrayList<>();
        prices.forEach((pattern, price) -> parsed.add(Map.entry(ToolPattern.parse(pattern), price)));
        this.patterns = List.copyOf(parsed);
    }

    /** Every tool is free. */
    public static ToolCosts none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The price of one call of {@code tool}; zero when no pattern matches. */
    public BigDecimal costOf(CatalogTool tool) {
        BigDecimal price = BigDecimal.ZERO;
        int best = -1;
        for (Map.Entry<ToolPattern, BigDecimal> e : patterns) {
            if (e.getKey().specificity() > best && e.getKey().matches(tool)) {
                best = e.getKey().specificity();
                price = e.getValue();
            }
        }
        return price;
    }

    /** The prices as configured, pattern to price, in the order given. */
    public Map<String, BigDecimal> prices() {
        return prices;
    }

    @Override
    public String toString() {
        return "ToolCosts" + prices;
    }

    /** Collects prices; a later price for the same pattern replaces the earlier one. */
    public static final class Builder {

        private final Map<String, BigDecimal> prices = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The price per call of the tools {@code pattern} names: {@code server.tool}, {@code server.*} or
         * {@code *}.
         */
        public Builder price(String pattern, BigDecimal pricePerCall) {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(pricePerCall, "price of " + pattern);
            String p = pattern.strip();
            try {
                ToolPattern.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("price pattern '" + pattern + "' must be server.tool, server.* or *", e);
            }
            if (pricePerCall.signum() < 0) {
                throw new IllegalArgumentException("price of " + pattern + " must not be negative: " + pricePerCall);
            }
            prices.put(p, pricePerCall);
            return this;
        }

        /** Every entry of {@code pricesByPattern}, as {@link #price} would add it (handy for configuration). */
        public Builder prices(Map<String, BigDecimal> pricesByPattern) {
            pricesByPattern.forEach(this::price);
            return this;
        }

        public ToolCosts build() {
            return prices.isEmpty() ? NONE : new ToolCosts(prices);
        }
    }
}
