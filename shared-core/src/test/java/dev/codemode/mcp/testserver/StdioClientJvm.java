package dev.codemode.mcp.testserver;

import dev.codemode.mcp.McpToolSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An application in a JVM of its own that connects to {@link TestMcpServer} over stdio through
 * {@link McpToolSource} and never closes the source, for tests of what happens to the server when its
 * client ends: {@code main("waits", serverArgs...)} prints {@code SERVER <pid>} and waits to be killed;
 * {@code main("exits", serverArgs...)} prints it and exits at once (shutdown hooks run).
 */
public final class StdioClientJvm {

    private StdioClientJvm() {
    }

    public static void main(String[] args) throws Exception {
        List<String> server = ChildJvm.command(TestMcpServer.class, Arrays.copyOfRange(args, 1, args.length));
        McpToolSource source = McpToolSource.stdio(TestMcpServer.NAME, server.get(0), server.subList(1, server.size()),
                Map.of());
        if (!"hi".equals(source.callTool("echo", Map.of("text", "hi")).value())) {
            throw new IllegalStateException("the server does not answer");
        }
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            System.out.println("SERVER " + child.pid());
        }
        System.out.println("READY");
        System.out.flush();
        if (args[0].equals("exits")) {
            System.exit(0);
        }
        new CountDownLatch(1).await();
    }

    /** The command line of this client, with the server's arguments. */
    public static List<String> command(String how, String... serverArgs) {
        List<String> args = new ArrayList<>(List.of(how));
        args.addAll(List.of(serverArgs));
        return ChildJvm.command(StdioClientJvm.class, args.toArray(String[]::new));
    }
}
