package dev.codemode.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.MetaToolResult;
import dev.codemode.sandbox.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Four scripts of the classes that used to keep a core busy after their deadline (shared
 * substructure compared, colliding dict keys, megabyte strings sorted and searched), all at once, on
 * a host of two cores: each caller gets its timeout, and no sandbox thread is busy a second later.
 */
class CpuAfterDeadlineTest {

    @Test
    void should_free_every_core_within_a_second_of_the_deadlines() throws Exception {
        List<String> scripts = new ArrayList<>();
        for (String name : List.of("aliased_equality", "colliding_keys_dict", "sorted_megabyte_strings",
                "max_megabyte_strings")) {
            scripts.add(corpus(name));
        }
        Limits limits = Limits.builder().timeout(Duration.ofSeconds(1)).build();
        ExecutorService callers = Executors.newFixedThreadPool(scripts.size());
        try (CodeMode host = CodeMode.builder().toolSources(FunctionToolSource.builder("none").build())
                .limits(limits).build()) {
            long start = System.nanoTime();
            List<Future<MetaToolResult>> answers = new ArrayList<>();
            for (String script : scripts) {
                answers.add(callers.submit(() -> host.call("executeToolCode", Map.of("code", script))));
            }
            for (Future<MetaToolResult> answer : answers) {
                assertThat(answer.get().text()).contains("\"error\":\"the script ran longer than 1 s and was stopped\"");
            }
            Duration busy = SandboxCpu.busyAfter(start + limits.timeout().toNanos());
            System.out.printf("four scripts at once: sandbox threads busy %d ms past the deadline%n", busy.toMillis());
            assertThat(busy).isLessThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            callers.shutdownNow();
        }
    }

    private static String corpus(String name) throws IOException {
        Path file = Path.of("src/test/resources/attacks/exhaustion", name + ".star");
        return Files.readString(file);
    }
}
