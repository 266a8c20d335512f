package dev.codemode.spring;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.codemode.CodeMode;
import dev.codemode.access.BearerTokens;
import dev.codemode.mcp.server.CodeModeMcpTools;
import dev.codemode.mcp.server.ElicitationApproval;
import dev.codemode.mcp.server.McpHttpGuard;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Serves Code Mode over MCP when {@code spring.ai.codemode.mcp-server.enabled=true}: the application becomes a
 * Code Mode gateway on Spring AI's MCP server endpoint (streamable HTTP, {@code /mcp} by default). Any MCP
 * client gets the meta-tools over the application's MCP connections, each caller its own virtual key's view,
 * told apart by its bearer token; scripts that need approval ask the caller's user through MCP elicitation.
 *
 * <p>Spring AI's server auto-configuration builds the server; this one supplies its tools, list filter and
 * timeouts (through a {@code @Primary} {@link McpSyncServerCustomizer} that runs every other customizer
 * first), its transport (with the caller's key in each request's context) and a servlet filter that
 * refuses requests without a known token before the MCP layer sees them.
 */
@AutoConfiguration(after = CodeModeAutoConfiguration.class, beforeName = {
        "org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration",
        "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration" })
@ConditionalOnClass(name = {
        "org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider",
        "org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(CodeModeMcpServerProperties.PREFIX + ".enabled")
@ConditionalOnBean(CodeMode.class)
@EnableConfigurationProperties({ CodeModeMcpServerProperties.class, McpServerStreamableHttpProperties.class })
public class CodeModeMcpServerAutoConfiguration {

    static final String SPRING_MCP_SERVER = "spring.ai.mcp.server";

    /**
     * The callers' tokens, each mapped to its virtual key: digests as configured, tokens read from the
     * environment variables named. Stops start-up, naming the property, on a token that cannot work.
     */
    @Bean
    @ConditionalOnMissingBean
    BearerTokens codeModeMcpServerTokens(CodeModeMcpServerProperties server, CodeModeProperties properties,
            Environment environment) {
        List<Problem> problems = new ArrayList<>();
        BearerTokens.Builder builder = BearerTokens.builder();
        List<byte[]> seen = new ArrayList<>();
        for (Map.Entry<String, CodeModeMcpServerProperties.Token> e : server.tokens().entrySet()) {
            String key = e.getKey();
            String property = CodeModeMcpServerProperties.tokenProperty(key);
            String shown = InvalidCodeModeSettingsException.shown(property);
            if (!properties.virtualKeys().isEmpty() && !properties.virtualKeys().containsKey(key)) {
                problems.add(new Problem(property, null, "the key is not one of "
                        + CodeModeProperties.PREFIX + ".virtual-keys", "Name a key that "
                        + CodeModeProperties.PREFIX + ".virtual-keys defines in " + shown + ", or define that key."));
                continue;
            }
            CodeModeMcpServerProperties.Token token = e.getValue();
            try {
                if (token.sha256() != null) {
                    builder.sha256(key, token.sha256());
                } else {
                    String value = environment.getProperty(token.env().strip());
                    if (value == null || value.isBlank()) {
                        problems.add(new Problem(property + ".env", token.env(), "the environment variable is not"
                                + " set or empty", "Set the environment variable " + token.env() + " to the token"
                                + " before starting, or give the token's digest in " + shown + ".sha256."));
                        continue;
                    }
                    builder.token(key, value);
                }
            } catch (IllegalArgumentException invalid) {
                // The core's message names the key: say it again here with the key masked, and no token.
                String reason = token.sha256() != null && !isDigest(token.sha256())
                        ? "not a SHA-256 digest (64 hex digits)"
                        : invalid.getMessage().contains("same token") ? "the same token as another key"
                        : "the token is empty or starts or ends with spaces";
                problems.add(new Problem(property + (token.sha256() != null ? ".sha256" : ".env"), null, reason,
                        "Give each key its own token: " + shown + ".sha256 is the output of"
                                + " `printf %s \"$TOKEN\" | sha256sum` (64 hex digits), " + shown + ".env the name"
                                + " of an environment variable holding a token without spaces."));
            }
        }
        if (server.tokens().isEmpty() && !server.allowAnonymous()) {
            problems.add(new Problem(CodeModeMcpServerProperties.PREFIX + ".tokens", null, "no caller has a token, so"
                    + " anyone who reaches the MCP endpoint would use Code Mode", "Give each virtual key a token ("
                    + CodeModeMcpServerProperties.PREFIX + ".tokens.<key>.sha256 or .env), or set "
                    + CodeModeMcpServerProperties.PREFIX + ".allow-anonymous=true to serve every caller as the"
                    + " anonymous caller (" + CodeModeProperties.PREFIX + ".default-key applies)."));
        }
        if (!server.tokens().isEmpty() && server.allowAnonymous()) {
            problems.add(new Problem(CodeModeMcpServerProperties.PREFIX + ".allow-anonymous", "true", "tokens are"
                    + " configured, and a caller without one would bypass them", "Remove "
                    + CodeModeMcpServerProperties.PREFIX + ".allow-anonymous, or the tokens."));
        }
        problems.addAll(springAiSettings(environment));
        InvalidCodeModeSettingsException.throwIfAny(problems);
        return builder.build();
    }

    private static boolean isDigest(String hex) {
        try {
            return HexFormat.of().parseHex(hex.strip()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Spring AI's server settings this route needs: a sync server over streamable HTTP, without the
     * converter that would expose the tool callbacks a second time (anonymously, errors as successes).
     * {@link CodeModeEnvironmentPostProcessor} makes these the defaults; these are set against them.
     */
    static List<Problem> springAiSettings(Environment environment) {
        List<Problem> problems = new ArrayList<>();
        String[][] required = {
                { "enabled", "true", "Spring AI's MCP server is off, so nothing would be served" },
                { "type", "SYNC", "Code Mode serves through Spring AI's sync server" },
                { "protocol", "STREAMABLE", "Code Mode is served over streamable HTTP only" },
                { "stdio", "false", "Code Mode is served over HTTP here (the CLI serves over stdio)" },
                { "tool-callback-converter", "false", "the converter would expose Code Mode's tool callbacks a"
                        + " second time, to every caller as anonymous tools whose errors read as successes" } };
        for (String[] r : required) {
            String property = SPRING_MCP_SERVER + "." + r[0];
            String value = environment.getProperty(property, r[1]);
            if (!value.strip().equalsIgnoreCase(r[1])) {
                problems.add(new Problem(property, value, r[2] + " (" + CodeModeMcpServerProperties.PREFIX
                        + ".enabled is true)", "Remove " + property + " (" + r[1].toLowerCase(Locale.ROOT)
                        + " is the default while Code Mode serves over MCP), or set "
                        + CodeModeMcpServerProperties.PREFIX + ".enabled=false."));
            }
        }
        return problems;
    }

    /** The meta-tools as MCP tools, each caller shown its own key's view. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    CodeModeMcpTools codeModeMcpTools(CodeMode codeMode, BearerTokens tokens, CodeModeMcpServerProperties server) {
        return CodeModeMcpTools.builder(codeMode)
                .callers(McpHttpGuard::keyId)
                .keyIds(tokens.keyIds())
                .approvalTimeout(server.approvalTimeout())
                .pingEvery(server.pingEvery())
                .pingTimeout(server.pingTimeout())
                .maxInFlight(server.maxInFlight())
                .build();
    }

    /**
     * Spring AI's server takes one customizer, and it defines one of its own for servlet applications
     * (immediate execution); this one is primary, runs every other customizer bean first, then adds the
     * meta-tools, the per-caller list filter, the approval timeout as the request timeout and the core's
     * own argument checks.
     */
    @Bean
    @Primary
    McpSyncServerCustomizer codeModeMcpServerCustomizer(ObjectProvider<McpSyncServerCustomizer> customizers,
            ObjectProvider<CodeModeMcpTools> tools, CodeModeMcpServerProperties server) {
        return new McpSyncServerCustomizer() {
            @Override
            public void customize(io.modelcontextprotocol.server.McpServer.SyncSpecification<?> spec) {
                customizers.orderedStream().filter(c -> c != this).forEach(c -> c.customize(spec));
                CodeModeMcpTools mcpTools = tools.getObject();
                spec.requestTimeout(server.approvalTimeout())
                        .validateToolInputs(false)
                        .addToolFilter(mcpTools.listFilter())
                        .tools(mcpTools.specifications());
            }
        };
    }

    /** Keeps the server's tools in step with the catalog: tools/list_changed after every upstream change. */
    @Bean
    SmartInitializingSingleton codeModeMcpServerToolChanges(ObjectProvider<McpSyncServer> server,
            ObjectProvider<CodeModeMcpTools> tools) {
        return () -> server.ifAvailable(s -> tools.getObject().attach(s));
    }

    /** Spring AI's streamable HTTP transport, with the caller's key (from the guard) in each request's context. */
    @Bean
    @ConditionalOnMissingBean
    WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
            @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerStreamableHttpProperties http) {
        return WebMvcStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
                .mcpEndpoint(http.getMcpEndpoint())
                .keepAliveInterval(http.getKeepAliveInterval())
                .disallowDelete(http.isDisallowDelete())
                .contextExtractor(request -> McpHttpGuard.context(request.servletRequest()))
                .build();
    }

    /**
     * The guard on the MCP endpoint: a request without a known token gets 401 before the MCP layer sees it;
     * a session stays with the key that opened it; error bodies carry no stack trace or class name.
     */
    @Bean
    FilterRegistrationBean<McpHttpGuard> codeModeMcpHttpGuard(BearerTokens tokens,
            CodeModeMcpServerProperties server, McpServerStreamableHttpProperties http) {
        McpHttpGuard guard = server.tokens().isEmpty() && server.allowAnonymous() ? McpHttpGuard.open()
                : McpHttpGuard.bearer(tokens);
        FilterRegistrationBean<McpHttpGuard> registration = new FilterRegistrationBean<>(guard);
        registration.setName("codeModeMcpHttpGuard");
        registration.addUrlPatterns(http.getMcpEndpoint(), http.getMcpEndpoint() + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setAsyncSupported(true);
        return registration;
    }

    /**
     * Scripts that need approval ask the calling client's user through MCP elicitation; chat requests, and
     * clients that cannot be asked, get the application's {@link ApprovalHandler} bean's decision (the
     * durable queue of {@code spring.ai.codemode.approvals}), else the usual denial. Order 0, like the
     * properties' customizer: a customizer of the application's own may still set another handler.
     */
    @Bean
    @Order(0)
    CodeModeBuilderCustomizer codeModeElicitationApproval(ObjectProvider<ApprovalHandler> approvalHandler) {
        return builder -> builder.approvalHandler(
                ElicitationApproval.orElse(approvalHandler.getIfAvailable(ApprovalHandler::deny)));
    }
}
