package dev.codemode.samples.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.LifecycleException;
import org.junit.jupiter.api.Test;

/**
 * The demo servers on a port another process holds: the {@code http} command exits at once, non-zero,
 * saying which port and what to do, instead of running on without listening; and in-process the start
 * fails naming the port and leaves nothing running.
 */
class DemoServersPortIT {

    @Test
    void should_exit_non_zero_with_a_clear_message_when_the_port_is_taken() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            List<String> command = new ArrayList<>(DemoServers.stdioCommand("crm"));
            command.subList(command.size() - 2, command.size()).clear();
            command.addAll(List.of("http", String.valueOf(port)));
            File stderr = Files.createTempFile("demo-servers-port", ".log").toFile();
            stderr.deleteOnExit();
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr).start();
            try {
                boolean exited = process.waitFor(60, TimeUnit.SECONDS);
                String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
                assertThat(exited).as("exited while the port was held; stderr:%n%s", errors).isTrue();
                assertThat(process.exitValue()).isNotZero();
                assertThat(errors).contains("demo servers: cannot listen on 127.0.0.1:" + port
                                + ": the port is in use. Stop what holds it, or choose another port: http PORT (0 picks"
                                + " a free one)")
                        .doesNotContain(":-1/")
                        .doesNotContain("Exception");
            } finally {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void should_fail_the_start_in_process_naming_the_port() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            assertThatThrownBy(() -> DemoServers.startHttp(port)).isInstanceOf(LifecycleException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": the port is in use");
        }
        // and nothing of the failed start is left in the way of the next one
        try (DemoServers.Http servers = DemoServers.startHttp(0)) {
            assertThat(servers.port()).isPositive();
        }
    }

    @Test
    void should_refuse_a_port_that_is_not_one() throws Exception {
        List<String> command = new ArrayList<>(DemoServers.stdioCommand("crm"));
        command.subList(command.size() - 2, command.size()).clear();
        command.addAll(List.of("http", "80800"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("port must be a number from 0 to 65535 (0 picks a free one), got 80800");
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
