package dev.codemode.samples.cli;

import dev.codemode.access.AccessControl;
import dev.codemode.access.ToolGroup;
import dev.codemode.access.VirtualKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optional {@code "codemode"} section of an mcpServers file: who may call, and what each caller sees.
 *
 * <pre>
 * {"mcpServers": {...},
 *  "codemode": {
 *    "toolGroups":  {"readers": ["crm.lookup_customer", "orders.*"]},
 *    "virtualKeys": {"alice": {"groups": ["readers"], "tools": ["crm.delete_customer"]}, "bob": {"groups": ["readers"]}},
 *    "defaultKey":  "bob",
 *    "tokens":      {"alice": {"env": "CODEMODE_TOKEN_ALICE"}, "bob": {"sha256": "9f86d08..."}},
 *    "skills":      {"store": "jdbc:h2:file:./.codemode/skills", "sharing": "per-key"}
 *  }}
 * </pre>
 *
 * Virtual keys here are names (ids), never credentials: the id is what the audit records. A bearer
 * token (for {@code serve --http}) is given by the name of an environment variable that holds it, or
 * by the SHA-256 digest of the token in hex; a token written in the file itself is refused. Without
 * the section every caller sees every tool. {@code "skills"} is read by {@link SkillsConfig}.
 *
 * @param keys        virtual keys in file order; empty: no access control
 * @param groups      tool groups
 * @param defaultKey  the key of a caller that names none, or null
 * @param tokens      per key id, where its bearer token comes from
 */
record CallersConfig(List<VirtualKey> keys, List<ToolGroup> groups, String defaultKey, Map<String, TokenSource> tokens) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Where one key's bearer token comes from: an environment variable's name, or a SHA-256 hex digest. */
    record TokenSource(String env, String sha256) {

        @Override
        public String toString() {
            return env != null ? "env " + env : "sha256";
        }
    }

    static final CallersConfig NONE = new CallersConfig(List.of(), List.of(), null, Map.of());

    boolean hasKeys() {
        return !keys.isEmpty();
    }

    /** The access control for these keys; open (every tool, every caller) when there are none. */
    AccessControl accessControl() {
        if (!hasKeys()) {
            return AccessControl.open();
        }
        return AccessControl.builder().groups(groups).keys(keys).defaultKey(defaultKey).build();
    }

    List<String> keyIds() {
        return keys.stream().map(VirtualKey::id).toList();
    }

    /** The tokens of every key that has one: plain tokens read from the environment, or digests. */
    dev.codemode.access.BearerTokens bearerTokens(Path file, Function<String, String> environment) {
        dev.codemode.access.BearerTokens.Builder b = dev.codemode.access.BearerTokens.builder();
        tokens.forEach((keyId, source) -> {
            if (source.env() != null) {
                String token = environment.apply(source.env());
                if (token == null || token.isBlank()) {
                    throw new ConfigException("config file " + file + ": the token of virtual key \"" + keyId
                            + "\" comes from environment variable " + source.env() + ", which is not set");
                }
                b.token(keyId, token.strip());
            } else {
                b.sha256(keyId, source.sha256());
            }
        });
        return b.build();
    }

    static CallersConfig read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    static CallersConfig parse(Path file, String text) {
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            return NONE; // McpServersConfig reports the syntax error
        }
        if (!(root instanceof Map<?, ?> top) || !top.containsKey("codemode")) {
            return NONE;
        }
        if (!(top.get("codemode") instanceof Map<?, ?> section)) {
            throw new ConfigException(at(file) + " must be an object with \"virtualKeys\", \"toolGroups\","
                    + " \"defaultKey\" and \"tokens\"");
        }
        for (Object name : section.keySet()) {
            if (!List.of("virtualKeys", "toolGroups", "defaultKey", "tokens", "skills").contains(name)) {
                throw new ConfigException(at(file) + " has \"" + name + "\"; known: virtualKeys, toolGroups,"
                        + " defaultKey, tokens, skills");
            }
        }
        List<ToolGroup> groups = new ArrayList<>();
        for (Map.Entry<?, ?> e : object(file, section, "toolGroups").entrySet()) {
            groups.add(new ToolGroup(String.valueOf(e.getKey()),
                    strings(file, "toolGroups." + e.getKey(), e.getValue())));
        }
        List<VirtualKey> keys = new ArrayList<>();
        for (Map.Entry<?, ?> e : object(file, section, "virtualKeys").entrySet()) {
            String id = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> key)) {
                throw new ConfigException(at(file) + ": virtual key \"" + id + "\" must be an object with \"tools\""
                        + " and/or \"groups\"");
            }
            keys.add(new VirtualKey(id, strings(file, "virtualKeys." + id + ".tools", key.get("tools")),
                    strings(file, "virtualKeys." + id + ".groups", key.get("groups"))));
        }
        Object defaultKey = section.get("defaultKey");
        if (defaultKey != null && (!(defaultKey instanceof String d) || keys.stream().noneMatch(k -> k.id().equals(d)))) {
            throw new ConfigException(at(file) + ": \"defaultKey\" must name one of \"virtualKeys\"");
        }
        Map<String, TokenSource> tokens = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object(file, section, "tokens").entrySet()) {
            String id = String.valueOf(e.getKey());
            if (keys.stream().noneMatch(k -> k.id().equals(id))) {
                throw new ConfigException(at(file) + ": \"tokens\" names \"" + id + "\", which is not one of"
                        + " \"virtualKeys\"");
            }
            tokens.put(id, tokenSource(file, id, e.getValue()));
        }
        CallersConfig callers = new CallersConfig(List.copyOf(keys), List.copyOf(groups), (String) defaultKey,
                Map.copyOf(tokens));
        try {
            callers.accessControl();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at(file) + ": " + e.getMessage());
        }
        return callers;
    }

    private static TokenSource tokenSource(Path file, String id, Object value) {
        String fix = "write {\"env\": \"VARIABLE\"} (the variable holds the token) or {\"sha256\": \"<hex digest of"
                + " the token>\"}";
        if (!(value instanceof Map<?, ?> m) || m.size() != 1) {
            // Not the value itself: it may be the token.
            throw new ConfigException(at(file) + ": the token of \"" + id + "\" must not be written in the file; " + fix);
        }
        if (m.get("env") instanceof String env && env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return new TokenSource(env, null);
        }
        if (m.get("sha256") instanceof String hex && hex.matches("[0-9a-fA-F]{64}")) {
            return new TokenSource(null, hex.toLowerCase(java.util.Locale.ROOT));
        }
        throw new ConfigException(at(file) + ": the token of \"" + id + "\" is neither an environment variable name"
                + " nor a 64-digit SHA-256 hex digest; " + fix);
    }

    private static Map<?, ?> object(Path file, Map<?, ?> section, String name) {
        Object value = section.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(at(file) + ": \"" + name + "\" must be an object");
        }
        return m;
    }

    private static List<String> strings(Path file, String where, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new ConfigException(at(file) + ": \"" + where + "\" must be an array of tool patterns"
                    + " (server.tool, server.* or *)");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String at(Path file) {
        return "config file " + file + ": \"codemode\"";
    }
}
