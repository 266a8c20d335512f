package dev.codemode.access;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling, per request: the virtual key that scopes the caller's tools and the id of the
 * parent request (the chat turn) for the audit log. Adapters fill it from their framework's
 * per-request context. It never travels upstream: tool sources never see it.
 *
 * @param virtualKey      the caller's virtual key id, or {@code null} when the caller has none
 * @param parentRequestId the id of the request that led to this call, or {@code null}
 */
public record CallContext(@Nullable String virtualKey, @Nullable String parentRequestId) {

    private static final CallContext ANONYMOUS = new CallContext(null, null);

    /** No key, no parent request. */
    public static CallContext anonymous() {
        return ANONYMOUS;
    }

    public static CallContext of(@Nullable String virtualKey) {
        return new CallContext(virtualKey, null);
    }

    /** Keys are secrets: never printed. */
    @Override
    public String toString() {
        return "CallContext[virtualKey=" + (virtualKey == null ? "none" : "***") + ", parentRequestId="
                + parentRequestId + "]";
    }
}
