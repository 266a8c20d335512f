package dev.codemode.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spring.ai.codemode.mcp-server.*}: serve Code Mode's meta-tools over MCP (streamable HTTP) through
 * Spring AI's MCP server starter, so any MCP client gets Code Mode over this application's MCP connections.
 * Callers are told apart by {@code Authorization: Bearer} tokens, each mapped to a virtual key.
 *
 * @param enabled         serve the meta-tools on Spring AI's MCP endpoint (needs spring-ai-starter-mcp-server-webmvc)
 * @param tokens          per virtual key (a key of spring.ai.codemode.virtual-keys): its bearer token, as a SHA-256
 *                        digest or the name of the environment variable that holds it; never the token itself
 * @param allowAnonymous  serve callers without a token (all as the anonymous caller, spring.ai.codemode.default-key
 *                        applying); only when no tokens are configured
 * @param approvalTimeout how long a question to the user (MCP elicitation) may wait before the script is denied; also
 *                        the MCP server's request timeout. Clients must allow tool calls longer than this
 * @param pingEvery       how often a running call pings its client; a client that stops answering gets its script
 *                        cancelled
 * @param pingTimeout     how long a ping may wait for its answer
 * @param maxInFlight     calls running at once; beyond it a call gets a "busy" tool error. Keep it below the servlet
 *                        container's thread count (server.tomcat.threads.max, 200 by default)
 */
@ConfigurationProperties(CodeModeMcpServerProperties.PREFIX)
public record CodeModeMcpServerProperties(@DefaultValue("false") boolean enabled, Map<String, Token> tokens,
        @DefaultValue("false") boolean allowAnonymous, @DefaultValue("50s") Duration approvalTimeout,
        @DefaultValue("5s") Duration pingEvery, @DefaultValue("5s") Duration pingTimeout,
        @DefaultValue("64") int maxInFlight) {

    public static final String PREFIX = CodeModeProperties.PREFIX + ".mcp-server";

    /**
     * One key's bearer token: exactly one of the two.
     *
     * @param sha256 the SHA-256 digest of the token, 64 hex digits ({@code printf %s "$TOKEN" | sha256sum})
     * @param env    the name of the environment variable (or any property of the application's environment)
     *               that holds the token
     */
    public record Token(@Nullable String sha256, @Nullable String env) {
    }

    public CodeModeMcpServerProperties {
        tokens = tokens == null ? Map.of() : new LinkedHashMap<>(tokens);
        List<Problem> problems = new ArrayList<>();
        positive(problems, "approval-timeout", approvalTimeout, "50s");
        positive(problems, "ping-every", pingEvery, "5s");
        positive(problems, "ping-timeout", pingTimeout, "5s");
        if (maxInFlight < 1) {
            problems.add(new Problem(PREFIX + ".max-in-flight", String.valueOf(maxInFlight), "must be at least 1",
                    "Set " + PREFIX + ".max-in-flight to how many calls may run at once, e.g. 64, or remove it to"
                            + " keep the default (64)."));
        }
        for (Map.Entry<String, Token> e : tokens.entrySet()) {
            Token token = e.getValue();
            boolean digest = token != null && token.sha256() != null && !token.sha256().isBlank();
            boolean env = token != null && token.env() != null && !token.env().isBlank();
            if (digest == env) {
                problems.add(new Problem(tokenProperty(e.getKey()), null, digest ? "has both sha256 and env"
                        : "has neither sha256 nor env", "Give " + InvalidCodeModeSettingsException.shown(
                                tokenProperty(e.getKey())) + " exactly one of .sha256 (the SHA-256 digest of the"
                                + " token, 64 hex digits) or .env (the name of the environment variable holding it)."));
            }
        }
        InvalidCodeModeSettingsException.throwIfAny(problems);
    }

    /** The property of one key's token, e.g. {@code spring.ai.codemode.mcp-server.tokens.alice}. */
    static String tokenProperty(String key) {
        return PREFIX + ".tokens." + key;
    }

    private static void positive(List<Problem> problems, String name, Duration value, String standard) {
        if (value.isNegative() || value.isZero()) {
            problems.add(new Problem(PREFIX + "." + name, value.toString(), "must be positive", "Set " + PREFIX + "."
                    + name + " to a duration such as " + standard + ", or remove it to keep the default ("
                    + standard + ")."));
        }
    }
}
