package dev.codemode.catalog;

/**
 * The MCP behaviour hints of a tool. Each hint is {@code null} when the server did not say.
 *
 * <p>Hints are advice from the server, not guarantees; the core uses them for the wording of stubs
 * and (in governance) for allowlisting read-only tools and retrying idempotent ones.
 */
public record ToolAnnotations(Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
        Boolean openWorldHint) {

    /** No hints given. */
    public static final ToolAnnotations NONE = new ToolAnnotations(null, null, null, null);

    public static ToolAnnotations readOnly() {
        return new ToolAnnotations(true, false, true, null);
    }

    public static ToolAnnotations destructive() {
        return new ToolAnnotations(false, true, false, null);
    }

    /** True only when the server said the tool does not modify anything. */
    public boolean isReadOnly() {
        return Boolean.TRUE.equals(readOnlyHint);
    }

    /** True only when the server said the tool may destroy data (and did not also call it read-only). */
    public boolean isDestructive() {
        return !isReadOnly() && Boolean.TRUE.equals(destructiveHint);
    }

    public boolean isIdempotent() {
        return isReadOnly() || Boolean.TRUE.equals(idempotentHint);
    }
}
