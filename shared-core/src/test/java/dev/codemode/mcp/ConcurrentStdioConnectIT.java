package dev.codemode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.mcp.testserver.TestMcpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two stdio servers connected at once, one that exits at once without arguments ({@code false}): the
 * failed one must not take the other's process for its own and stop it (it did: a command without
 * arguments matched every new child process).
 */
class ConcurrentStdioConnectIT {

    @Test
    void a_server_that_exits_at_once_does_not_stop_a_live_one_started_beside_it() throws Exception {
        List<String> live = TestMcpServer.stdioCommand();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<McpToolSource> good = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return McpToolSource.stdio("live", live.get(0), live.subList(1, live.size()), Map.of());
                }, pool);
                CompletableFuture<McpToolSource> bad = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return McpToolSource.stdio("dead", "false", List.of(), Map.of());
                }, pool);
                go.countDown();
                assertThat(bad).failsWithin(30, TimeUnit.SECONDS);
                try (McpToolSource source = good.get(60, TimeUnit.SECONDS)) {
                    assertThat(source.listTools()).isNotEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
