package dev.codemode.observation;

import io.micrometer.observation.Observation;

/**
 * One meta-tool call: {@code executeToolCode} (observed as {@code codemode.execution}) or one of the
 * three read-only meta-tools ({@code codemode.meta_tool}). Holds only bounded values: the meta-tool's
 * name, the kind of caller, the outcome, the limit hit and the approval label, plus the number of
 * tool calls. Never the script, its arguments or results, nor the caller's virtual key (key ids are
 * the secrets callers present).
 */
public class MetaToolContext extends Observation.Context {

    private final String metaTool;
    private final String caller;
    private String outcome = "ok";
    private String limit = "none";
    private String approval = "none";
    private int toolCalls;

    public MetaToolContext(String metaTool, String caller) {
        this.metaTool = metaTool;
        this.caller = caller;
    }

    /** {@code listToolFiles}, {@code readToolFile}, {@code getToolDocs} or {@code executeToolCode}. */
    public String getMetaTool() {
        return metaTool;
    }

    /** {@code anonymous} (no virtual key) or {@code virtual_key}. */
    public String getCaller() {
        return caller;
    }

    /**
     * {@code ok}, or the error kind: {@code syntax}, {@code runtime}, {@code limit}, {@code timeout},
     * {@code denied}, {@code access}, {@code internal}, {@code invalid_arguments} (no script, or one over
     * the source size limit), {@code error} (a read-only meta-tool's error answer).
     */
    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    /**
     * The limit a script hit: {@code tool_calls}, {@code steps}, {@code memory}, {@code nesting},
     * {@code value_size}, {@code timeout}; {@code none} otherwise.
     */
    public String getLimit() {
        return limit;
    }

    public void setLimit(String limit) {
        this.limit = limit;
    }

    /** The approval gate's label for the script ({@code not needed}, {@code auto}, {@code approved}, ...); {@code none} for the read-only meta-tools. */
    public String getApproval() {
        return approval;
    }

    public void setApproval(String approval) {
        this.approval = approval;
    }

    /** Tool calls the script made (refused ones included). */
    public int getToolCalls() {
        return toolCalls;
    }

    public void setToolCalls(int toolCalls) {
        this.toolCalls = toolCalls;
    }
}
