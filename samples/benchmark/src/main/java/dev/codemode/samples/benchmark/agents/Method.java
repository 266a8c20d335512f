package dev.codemode.samples.benchmark.agents;

import dev.codemode.stubs.BindingLevel;
import java.util.List;

/**
 * How the agents behave in one run of the benchmark. Each switch is one row of the ablation table;
 * {@link #DEFAULTS} is the headline: what a user gets from the product, against baselines that do
 * what real agents and providers do.
 *
 * @param name          the row's name in the ablation table
 * @param queryRule     queries come from the task's text by one rule ({@link Queries}) for every agent;
 *                      otherwise each capability's hand-written words are used (the first published method)
 * @param parallel      the independent calls of one step go in one model response, for every agent
 * @param knowledge     a script may use only names and fields the agent was shown ({@link Knowledge});
 *                      Code Mode reads files and docs only when what it saw does not cover its script
 * @param binding       Code Mode's stub files: one per server (the product default) or one per tool
 * @param firstListing  Code Mode first lists its files without a query, as a model exploring does
 */
public record Method(String name, boolean queryRule, boolean parallel, boolean knowledge, BindingLevel binding,
        boolean firstListing) {

    /** The method published before this one: sequential calls, hand-written queries, no knowledge rule. */
    public static final Method PUBLISHED = new Method("as published", false, false, false, BindingLevel.TOOL, false);

    /** The headline: product defaults, parallel calls, queries by rule, the knowledge rule. */
    public static final Method DEFAULTS = new Method("+ default binding (product defaults)", true, true, true,
            BindingLevel.SERVER, false);

    /** The row after which the ablation table prices costs with prompt caching. */
    public static final String CACHING_FROM = "+ knowledge rule";

    /** The ablation, from the published method to the defaults and one step beyond, in table order. */
    public static final List<Method> ABLATION = List.of(PUBLISHED,
            new Method("+ queries by rule", true, false, false, BindingLevel.TOOL, false),
            new Method("+ parallel calls", true, true, false, BindingLevel.TOOL, false),
            new Method(CACHING_FROM, true, true, true, BindingLevel.TOOL, false),
            DEFAULTS,
            new Method("+ first unqueried listing", true, true, true, BindingLevel.SERVER, true));
}
