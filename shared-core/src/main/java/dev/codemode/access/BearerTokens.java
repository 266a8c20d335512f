package dev.codemode.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code Authorization: Bearer} tokens mapped to virtual key ids, for callers over HTTP. A token is not a
 * virtual key: the audit stores the key id (a name such as {@code alice}), never the token.
 *
 * <p>Only SHA-256 digests of the tokens are kept. A presented token is hashed and compared with every
 * stored digest through {@link MessageDigest#isEqual} (constant time for equal lengths, and every digest is
 * 32 bytes), with no early exit: how long an answer takes says nothing about how much of a token was right.
 * {@link #toString()} names the key ids only.
 */
public final class BearerTokens {

    private record Entry(byte[] digest, String keyId) {
    }

    private final List<Entry> entries;
    private final Set<String> keyIds;

    private BearerTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.keyId()));
        this.keyIds = Collections.unmodifiableSet(ids);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key id of the token in an {@code Authorization} header value ({@code Bearer <token>}, the scheme in
     * any case), or empty for a missing header, another scheme, an empty or unknown token.
     */
    public Optional<String> keyIdOf(@Nullable String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 7
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(7).strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        String found = null;
        for (Entry entry : entries) {           // every entry, no early exit
            if (MessageDigest.isEqual(presented, entry.digest())) {
                found = entry.keyId();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The key ids that have a token, in the order they were given. */
    public Set<String> keyIds() {
        return keyIds;
    }

    /** Names the key ids, never a token or a digest. */
    @Override
    public String toString() {
        return "BearerTokens[keys=" + keyIds + "]";
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** A plain token (e.g. read from an environment variable) for the key {@code keyId}. */
        public Builder token(String keyId, String token) {
            Objects.requireNonNull(token, "token");
            if (token.isBlank() || !token.strip().equals(token)) {
                throw new IllegalArgumentException("the token of key '" + keyId
                        + "' is empty or has leading/trailing spaces");
            }
            return add(keyId, BearerTokens.sha256(token));
        }

        /** A stored SHA-256 digest of the token (64 hex digits) for the key {@code keyId}. */
        public Builder sha256(String keyId, String hexDigest) {
            Objects.requireNonNull(hexDigest, "hexDigest");
            byte[] digest;
            try {
                digest = HexFormat.of().parseHex(hexDigest.strip());
            } catch (IllegalArgumentException e) {
                digest = new byte[0];
            }
            if (digest.length != 32) {
                throw new IllegalArgumentException("the sha256 of key '" + keyId
                        + "' is not a SHA-256 digest: give 64 hex digits (sha256sum of the token)");
            }
            return add(keyId, digest);
        }

        private Builder add(String keyId, byte[] digest) {
            Objects.requireNonNull(keyId, "keyId");
            if (keyId.isBlank()) {
                throw new IllegalArgumentException("a token needs a key id");
            }
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.digest(), digest)) {
                    throw new IllegalArgumentException("keys '" + e.keyId() + "' and '" + keyId
                            + "' have the same token: give each key its own");
                }
            }
            entries.add(new Entry(digest, keyId));
            return this;
        }

        public BearerTokens build() {
            return new BearerTokens(entries);
        }
    }
}
