package dev.codemode.samples.cli;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolSource;
import dev.codemode.mcp.McpToolSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens one configured server as a tool source; throws when it cannot, with the reason as a
 * {@code ToolCallException} in the cause chain (see {@code Failures.reason}).
 */
@FunctionalInterface
interface ServerConnector {

    ToolSource connect(McpServersConfig.Server server, Duration timeout);

    /** Real MCP servers: stdio processes and streamable HTTP endpoints, through the core's {@link McpToolSource}. */
    static ServerConnector mcp() {
        return (server, timeout) -> {
            McpToolSource.Builder builder = McpToolSource.builder(server.name())
                    .requestTimeout(timeout)
                    .initializationTimeout(timeout);
            if (server.isStdio()) {
                // The SDK does not report a command that cannot start: it would wait for the whole timeout.
                if (!isExecutable(server.command(), System.getenv("PATH"))) {
                    // Not the command itself: a path may say more about the host than the listing should.
                    throw new ToolCallException("command not found on the PATH");
                }
                builder.stdio(server.command(), server.args(), server.env());
            } else {
                builder.streamableHttp(server.baseUrl(), server.endpoint());
            }
            return builder.build();
        };
    }

    /** Whether {@code command} is an executable file, as a path or in one of the {@code path} directories. */
    static boolean isExecutable(String command, String path) {
        if (command.contains("/") || command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String suffix : File.separatorChar == '\\' ? new String[] {"", ".exe", ".cmd", ".bat"} : new String[] {""}) {
                Path candidate = Path.of(dir, command + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}
