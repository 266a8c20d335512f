package dev.codemode.mcp.testserver;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stdio "server" that fails on start the way real ones do when misconfigured: it writes its
 * arguments and every {@code LEAK_*} environment variable to stderr (as a server printing its
 * configuration or a stack trace would), then exits with code 3 before any MCP handshake.
 */
public final class DyingStdioServer {

    public static final int EXIT_CODE = 3;

    private DyingStdioServer() {
    }

    public static void main(String[] args) {
        Map<String, String> leaked = new TreeMap<>(System.getenv());
        leaked.keySet().removeIf(name -> !name.startsWith("LEAK_"));
        leaked.forEach((name, value) -> System.err.println("config: " + name + "=" + value + " (token " + value + ")"));
        System.err.println("fatal: cannot start with arguments " + String.join(" ", args));
        System.exit(EXIT_CODE);
    }

    /** The command line of this server in a new JVM, with {@code args}. */
    public static List<String> command(String... args) {
        return ChildJvm.command(DyingStdioServer.class, args);
    }
}
