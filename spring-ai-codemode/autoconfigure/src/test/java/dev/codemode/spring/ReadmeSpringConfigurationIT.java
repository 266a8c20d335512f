package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.codemode.json.JsonValues;
import dev.codemode.mcp.testserver.ChildJvm;
import dev.codemode.samples.servers.DemoServers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's Spring {@code application.yml}, read from README.md and started as written in a web
 * application with Actuator: the only changes are where the servers are (the demo servers' port, and
 * a Java stdio MCP server named {@code files} in place of {@code npx}). {@code /actuator/codemode} then
 * answers 200 over real HTTP, and 404 without the file's {@code management} lines; the settings bind
 * as the README's comments say; and the failure report the README shows is the one printed when the
 * group names a tool that does not exist.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeSpringConfigurationIT {

    private static DemoServers.Http demo;
    @TempDir
    static Path dir;
    /** The README's file as written, started once for the tests that only look at it. */
    private static ConfigurableApplicationContext readmeApp;

    @BeforeAll
    static void startDemoServersAndTheReadmesApplication() throws Exception {
        demo = DemoServers.startHttp(0);
        readmeApp = start(readmeYaml());
    }

    @AfterAll
    static void stopAll() {
        if (readmeApp != null) {
            readmeApp.close();
        }
        demo.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void theActuatorEndpointAnswersOverHttpWhenConfiguredAsTheReadmeSays() throws Exception {
        assertThat(readmeYaml()).contains("include: \"health,codemode\"");
        HttpResponse<String> response = get(readmeApp, "/actuator/codemode");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) JsonValues.parse(response.body());
        assertThat(report).containsOnlyKeys("servers", "breakers", "audit");
        List<?> servers = (List<?>) report.get("servers");
        assertThat(servers).extracting(s -> (Object) ((Map<?, ?>) s).get("name")).containsExactlyInAnyOrder("crm", "files");
        assertThat(servers).allSatisfy(s -> assertThat(((Map<?, ?>) s).get("available")).isEqualTo(true));
        assertThat(String.valueOf(servers)).contains("lookup_customer", "read_text_file");
        assertThat(((Map<?, ?>) report.get("audit")).keySet()).map(String::valueOf)
                .containsExactlyInAnyOrder("written", "dropped", "failed", "pending");
    }

    @Test
    void withoutTheManagementLinesTheEndpointIsNotServed() throws Exception {
        String yaml = readmeYaml();
        StringBuilder kept = new StringBuilder();
        boolean inManagement = false;
        for (String line : yaml.split("\\R")) {
            inManagement = line.startsWith("management:") || (inManagement && line.startsWith(" "));
            if (!inManagement) {
                kept.append(line).append('\n');
            }
        }
        String withoutManagement = kept.toString();
        assertThat(withoutManagement).doesNotContain("management").contains("resilience4j");
        try (ConfigurableApplicationContext context = start(withoutManagement)) {
            assertThat(get(context, "/actuator/codemode").statusCode()).isEqualTo(404);
            assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theSettingsBindAsTheReadmesCommentsSay() throws Exception {
        ConfigurableApplicationContext context = readmeApp;
        CodeModeProperties properties = context.getBean(CodeModeProperties.class);
        assertThat(properties.autoExecute().tools()).containsExactly("crm.lookup_customer");
        assertThat(properties.autoExecute().trustedServers()).containsExactly("files");
        assertThat(properties.toolGroups()).containsExactly(
                Map.entry("reading", List.of("crm.lookup_customer", "files.read_text_file")));
        assertThat(properties.virtualKeys()).containsOnlyKeys("support", "admin");
        assertThat(properties.toolCosts()).containsOnlyKeys("crm.lookup_customer");
        assertThat(properties.toolCosts().get("crm.lookup_customer")).isEqualByComparingTo(new BigDecimal("0.002"));
        assertThat(context.getBean(CircuitBreakerRegistry.class).circuitBreaker("crm").getCircuitBreakerConfig()
                .getFailureRateThreshold()).isEqualTo(30f);

        // "the allowlist: nothing else runs without asking" and "files' read-only (not destructive) tools"
        ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).forKey("admin");
        ToolContext admin = new ToolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "admin"));
        assertThat(execute(callbacks, "print(crm.lookup_customer(customer_id='c42')['name'])", admin))
                .doesNotContain("approval").doesNotContain("\"error\"");
        assertThat(execute(callbacks, "print(files.read_text_file(path='/tmp/a'))", admin)).contains("read_text_file /tmp/a");
        assertThat(execute(callbacks, "files.write_file(path='/tmp/a')", admin)).contains("approval denied");
        assertThat(execute(callbacks, "crm.delete_customer(customer_id='c42')", admin)).contains("approval denied");
        // support sees its group only
        String supportListing = callbacks[0].call("{}", new ToolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY,
                "support")));
        assertThat(supportListing).contains("crm").doesNotContain("delete_customer");
    }

    @Test
    void theFailureReportTheReadmeShowsIsTheOnePrinted(CapturedOutput output) throws Exception {
        String yaml = readmeYaml().replace("reading: [\"crm.lookup_customer\"", "reading: [\"crm.lookup_custmer\"");
        int from = output.getAll().length();
        assertThatThrownBy(() -> start(yaml).close()).isNotNull();
        String printed = output.getAll().substring(from);

        Matcher sample = Pattern.compile("```text\\R(\\*+\\RAPPLICATION FAILED TO START.*?)```", Pattern.DOTALL)
                .matcher(readmeSpringSection());
        assertThat(sample.find()).as("the README shows a failure report").isTrue();
        String shown = sample.group(1).strip();
        assertThat(normalised(printed)).contains(normalised(shown));
        assertThat(printed).doesNotContain("Caused by:").doesNotContain("\tat ");
    }

    /** The report with line ends unified and the origin's resource left out (its line and column stay). */
    private static String normalised(String report) {
        return report.replace("\r\n", "\n").replaceAll("Origin: .*? - (\\d+:\\d+)", "Origin: <the file> - $1");
    }

    private static ConfigurableApplicationContext start(String yaml) throws IOException {
        Path file = dir.resolve("application-" + System.nanoTime() + ".yml");
        Files.writeString(file, yaml);
        List<String> args = new ArrayList<>(List.of("--spring.config.location=file:" + file,
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:readme-" + System.nanoTime(),
                "--spring.ai.mcp.client.streamable-http.connections.crm.url=http://127.0.0.1:" + demo.port()));
        List<String> files = ChildJvm.command(FilesStdioServer.class);
        args.add("--spring.ai.mcp.client.stdio.connections.files.command=" + files.get(0));
        for (int i = 1; i < files.size(); i++) {
            args.add("--spring.ai.mcp.client.stdio.connections.files.args[" + (i - 1) + "]=" + files.get(i));
        }
        return new SpringApplication(App.class).run(args.toArray(String[]::new));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String execute(ToolCallback[] callbacks, String code, ToolContext context) {
        ToolCallback execute = java.util.Arrays.stream(callbacks)
                .filter(c -> c.getToolDefinition().name().equals("executeToolCode")).findFirst().orElseThrow();
        return execute.call(JsonValues.write(Map.of("code", code)), context);
    }

    /** The {@code ```yaml} block after "A minimal `application.yml`" in README.md's Spring section. */
    static String readmeYaml() throws IOException {
        String section = readmeSpringSection();
        Matcher block = Pattern.compile("A minimal `application.yml`:\\R\\R```yaml\\R(.*?)```", Pattern.DOTALL)
                .matcher(section);
        assertThat(block.find()).as("README.md shows a minimal application.yml").isTrue();
        return block.group(1);
    }

    private static String readmeSpringSection() throws IOException {
        Path readme = Path.of("").toAbsolutePath();
        while (!Files.exists(readme.resolve("README.md")) || !Files.exists(readme.resolve("spring-ai-codemode"))) {
            readme = readme.getParent();
        }
        String text = Files.readString(readme.resolve("README.md"));
        int start = text.indexOf("\n## Spring AI");
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
