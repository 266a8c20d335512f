package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

class DemoServersInitializerTest {

    @Test
    void should_refuse_to_start_on_a_taken_port_naming_it_and_the_property_to_change() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                GenericApplicationContext context = new GenericApplicationContext()) {
            int port = held.getLocalPort();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
                    java.util.Map.of(DemoServersInitializer.PORT, port)));

            assertThatThrownBy(() -> new DemoServersInitializer().initialize(context))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("could not start the demo MCP servers: cannot listen on 127.0.0.1:" + port
                            + ": the port is in use; stop what holds it, or set chatbot.demo-servers.port to a free port"
                            + " (0 picks one)");
        }
    }

    @Test
    void should_start_them_on_a_free_port_and_publish_it() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            new DemoServersInitializer().initialize(context);
            context.refresh();
            assertThat(context.getEnvironment().getProperty(DemoServersInitializer.PORT, Integer.class)).isPositive();
        }
    }
}
