package dev.codemode.samples.webchat;

import java.util.Map;

import dev.codemode.samples.servers.DemoServers;
import org.apache.catalina.LifecycleException;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the demo MCP servers in this JVM before any bean exists, so that Spring AI's MCP client
 * starter finds them at the URLs configured under
 * {@code spring.ai.mcp.client.streamable-http.connections}. With port 0 the servers take a free port
 * and {@code chatbot.demo-servers.port} is set to it. The servers stop with the context, also when
 * start-up fails.
 */
public final class DemoServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String START = "chatbot.demo-servers.start";
    static final String PORT = "chatbot.demo-servers.port";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.getProperty(START, Boolean.class, true)) {
            return;
        }
        int port = environment.getProperty(PORT, Integer.class, 0);
        DemoServers.Http servers;
        try {
            servers = DemoServers.startHttp(port);
        } catch (LifecycleException e) {
            throw new IllegalStateException("could not start the demo MCP servers: " + e.getMessage()
                    + "; stop what holds it, or set " + PORT + " to a free port (0 picks one)", e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("demoServers", Map.of(PORT, servers.port())));
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
            beans.registerDisposableBean("demoServers", servers::close);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close));
        }
    }
}
