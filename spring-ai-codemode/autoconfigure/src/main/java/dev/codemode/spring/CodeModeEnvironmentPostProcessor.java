package dev.codemode.spring;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring AI's raw MCP tool callbacks off by default while Code Mode is on: otherwise every MCP
 * tool definition would reach the model next to the four meta-tools, which defeats the purpose. The
 * default is added as the last property source, so any setting of
 * {@value #MCP_TOOL_CALLBACKS} (application properties, environment, command line) still wins.
 */
public final class CodeModeEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** Spring AI's switch for the {@code ToolCallbackProvider} of raw MCP tools. */
    public static final String MCP_TOOL_CALLBACKS = "spring.ai.mcp.client.toolcallback.enabled";
    static final String SOURCE_NAME = "codemodeDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Through the binder, so a value that is not true or false fails naming the property (a BindException).
        boolean codeModeOn = Binder.get(environment).bind(CodeModeProperties.PREFIX + ".enabled", Boolean.class)
                .orElse(true);
        if (codeModeOn && !environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                    Map.of(MCP_TOOL_CALLBACKS, "false")));
        }
    }
}
