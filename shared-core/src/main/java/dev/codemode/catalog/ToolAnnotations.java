package dev.codemode.catalog;

import org.jspecify.annotations.Nullable;

/**
 * The MCP behaviour hints of a tool. Each hint is {@code null} when the server did not say.
 *
 * <p>Hints are claims made by the server, not guarantees (the MCP specification says to treat them
 * as untrusted unless the server is trusted). The core uses them for the wording of stubs and docs,
 * for retrying idempotent tools, and, only for servers the application names as trusted, to let a
 * read-only tool run without approval ({@code ApprovalPolicy}). Where the hints contradict each other,
 * the cautious reading wins: a tool that says both read-only and destructive is destructive.
 */
public record ToolAnnotations(@Nullable Boolean readOnlyHint, @Nullable Boolean destructiveHint,
        @Nullable Boolean idempotentHint, @Nullable Boolean openWorldHint) {

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

    /** True when the server said the tool may destroy data, even if it also called it read-only. */
    public boolean isDestructive() {
        return Boolean.TRUE.equals(destructiveHint);
    }

    /** Said idempotent, or read-only and not destructive: safe to call again after a failure. */
    public boolean isIdempotent() {
        return (isReadOnly() && !isDestructive()) || Boolean.TRUE.equals(idempotentHint);
    }
}
