package dev.codemode.samples.benchmark.report;

/**
 * Prices in USD per million tokens. The defaults are an example (a typical list price of a
 * general-purpose model), to be replaced with the model's own on the command line.
 */
public record Prices(double inputPerMillion, double outputPerMillion) {

    public static final Prices EXAMPLE = new Prices(2.50, 10.00);

    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }
}
