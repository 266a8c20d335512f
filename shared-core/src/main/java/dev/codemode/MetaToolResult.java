package dev.codemode;

/**
 * What a meta-tool returns to the model: the text, and whether it reports an error (adapters may
 * mark the tool result as an error where the framework has that notion).
 */
public record MetaToolResult(String text, boolean isError) {

    static MetaToolResult ok(String text) {
        return new MetaToolResult(text, false);
    }

    static MetaToolResult error(String text) {
        return new MetaToolResult(text, true);
    }
}
