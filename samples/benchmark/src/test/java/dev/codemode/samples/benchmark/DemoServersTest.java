package dev.codemode.samples.benchmark;

import dev.codemode.samples.benchmark.agents.TokenMeter;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.benchmark.tasks.TaskSuite;
import dev.codemode.samples.servers.DemoServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** What the benchmark's round tests share: the demo servers over streamable HTTP for the class, a meter, tasks by id. */
abstract class DemoServersTest {

    static DemoServers.Http demo;
    static final TokenMeter METER = new TokenMeter();

    @BeforeAll
    static void startDemoServers() throws Exception {
        demo = DemoServers.startHttp(0);
    }

    @AfterAll
    static void stopDemoServers() {
        demo.close();
    }

    static Task task(String id) {
        return TaskSuite.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }
}
