package dev.codemode.approval;

import java.security.Principal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is deciding an approval, as the adapter that received the click or the HTTP call knows them.
 * The {@link ApprovalAuthorizer} judges it; {@link #name} is what the store records as {@code decidedBy}.
 *
 * @param name      who decided, for the record: a user name, or the remote address of an anonymous request
 * @param principal the authenticated principal (e.g. Spring Security's), or {@code null} for none
 * @param keyId     the virtual key id the decider acts for, when the application knows it, or {@code null}
 * @param address   the remote address the decision came from, or {@code null} when not over a network
 */
public record Decider(String name, @Nullable Principal principal, @Nullable String keyId, @Nullable String address) {

    public Decider {
        Objects.requireNonNull(name, "name");
    }

    /** A decider known by name only (a console, a test). */
    public static Decider named(String name) {
        return new Decider(name, null, null, null);
    }

    /** True when the request came from this machine (a loopback address). */
    public boolean isLocal() {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return a.equals("::1") || a.equals("0:0:0:0:0:0:0:1") || a.startsWith("127.") || a.equals("localhost");
    }
}
