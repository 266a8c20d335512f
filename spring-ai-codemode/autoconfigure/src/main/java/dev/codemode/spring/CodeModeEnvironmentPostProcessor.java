package dev.codemode.spring;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring AI's raw MCP tool callbacks off by default while Code Mode is on: otherwise every MCP
 * tool definition would reach the model next to the four meta-tools, which defeats the purpose. While
 * Code Mode is served over MCP ({@code spring.ai.codemode.mcp-server.enabled=true}), it also makes Spring
 * AI's MCP server default to streamable HTTP ({@value #MCP_SERVER_PROTOCOL}) and turns off the server's
 * converter of tool callbacks ({@value #MCP_SERVER_CONVERTER}), which would expose the meta-tools a second
 * time, to every caller alike, with errors reported as successes. The defaults are added as the last
 * property source, so any setting of these properties (application properties, environment, command
 * line) still wins; {@link CodeModeMcpServerAutoConfiguration} then refuses the values it cannot serve with.
 */
public final class CodeModeEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** Spring AI's switch for the {@code ToolCallbackProvider} of raw MCP tools. */
    public static final String MCP_TOOL_CALLBACKS = "spring.ai.mcp.client.toolcallback.enabled";
    /** Spring AI's MCP server protocol ({@code SSE} unless set, whatever its documentation says). */
    public static final String MCP_SERVER_PROTOCOL = "spring.ai.mcp.server.protocol";
    /** Spring AI's MCP server switch that exposes every tool callback bean as an MCP tool. */
    public static final String MCP_SERVER_CONVERTER = "spring.ai.mcp.server.tool-callback-converter";
    static final String SOURCE_NAME = "codemodeDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Through the binder, so a value that is not true or false fails naming the property (a BindException).
        boolean codeModeOn = Binder.get(environment).bind(CodeModeProperties.PREFIX + ".enabled", Boolean.class)
                .orElse(true);
        if (codeModeOn && !environment.getPropertySources().contains(SOURCE_NAME)) {
            boolean served = Binder.get(environment).bind(CodeModeMcpServerProperties.PREFIX + ".enabled",
                    Boolean.class).orElse(false);
            Map<String, Object> defaults = new java.util.LinkedHashMap<>();
            defaults.put(MCP_TOOL_CALLBACKS, "false");
            if (served) {
                defaults.put(MCP_SERVER_PROTOCOL, "STREAMABLE");
                defaults.put(MCP_SERVER_CONVERTER, "false");
            }
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
        }
    }
}
