package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.servers.DemoServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shaded jar as a user runs it ({@code java -jar target/codemode-cli.jar}), against a
 * third-party server (the npm reference {@code @modelcontextprotocol/server-filesystem}, installed by
 * the build into target/npm) over stdio and a demo server over streamable HTTP. Checks that stdout
 * carries nothing but the model-facing text, the exit codes, and that every process ends with the CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliJarIT {

    static final Path JAR = CliRun.JAR;
    static final Path SERVER = Path.of(System.getProperty("cli.npm", "target/npm"),
            "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

    Path dir;
    Path root;
    Path config;
    DemoServers.Http http;

    @BeforeAll
    void start() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        assertThat(SERVER).as("server-filesystem, installed by the build's npm install").exists();
        dir = Files.createTempDirectory("codemode-cli-jar-it").toRealPath();
        root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("notes.txt"), "first line\nsecond line\n");
        http = DemoServers.startHttp(0);
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("files", Map.of("command", "node", "args", List.of(SERVER.toAbsolutePath().toString(), root.toString())));
        servers.put("crm", Map.of("url", http.url("crm")));
        config = Files.writeString(dir.resolve("mcp.json"), JsonValues.write(Map.of("mcpServers", servers)));
    }

    @AfterAll
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    @AfterEach
    void noServerProcessLeft() {
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(root.toString())))
                .as("server-filesystem processes left after the CLI exited").isEmpty();
    }

    /** {@code java -jar codemode-cli.jar --config <file> args...} with {@code stdin}. */
    CliRun jar(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.ofJar(dir, Duration.ofSeconds(60), stdin, all);
    }

    @Test
    void should_print_only_the_listing_on_stdout() throws Exception {
        CliRun r = jar("", "list");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).hasSize(3);
        assertThat(r.out()).startsWith("servers/crm.pyi    4 tools   Customer records: lookup, search, update, delete\n"
                + "servers/files.pyi  14 tools  read_file, read_text_file, read_media_file")
                .endsWith("Read a file with readToolFile; call tools from executeToolCode as crm.lookup_customer(...).\n");
    }

    @Test
    void should_ask_before_a_read_only_tool_of_a_server_not_trusted() throws Exception {
        // server-filesystem says read_text_file is readOnlyHint: true; without --trust that is only its claim
        CliRun r = jar("result = files.read_text_file(path=\"%s\")".formatted(root.resolve("notes.txt")), "exec", "-");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.json().get("error")).isEqualTo("approval denied: files.read_text_file needs approval");
        assertThat(r.out()).doesNotContain("first line");
    }

    @Test
    void should_run_the_read_only_tools_of_a_trusted_server_and_allowlisted_ones_in_one_script() throws Exception {
        CliRun r = jar("""
                text = files.read_text_file(path="%s")["content"]
                c = crm.lookup_customer(customer_id="c1")
                result = {"lines": len(text.splitlines()), "first": text.splitlines()[0], "customer": c["id"]}
                """.formatted(root.resolve("notes.txt")), "exec", "-", "--trust", "files",
                "--auto-execute", "crm.lookup_customer");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(((Map<?, ?>) JsonValues.parse(r.out())).get("result"))
                .isEqualTo(Map.of("lines", 2, "first", "first line", "customer", "c1"));
    }

    @Test
    void should_write_only_once_approved() throws Exception {
        Path created = root.resolve("created.txt");
        Path script = Files.writeString(dir.resolve("write.star"),
                "result = files.write_file(path=\"%s\", content=\"hello\")".formatted(created));

        CliRun denied = jar("", "exec", script.toString(), "--trust", "files"); // write_file says destructive
        assertThat(denied.exit()).isEqualTo(3);
        assertThat(denied.json().get("error")).isEqualTo("approval denied: files.write_file needs approval");
        assertThat(denied.err()).isEqualTo("codemode: not run: files.write_file needs approval; pass --auto-execute"
                + " files.write_file, or --yes\n");
        assertThat(created).doesNotExist();

        CliRun approved = jar("", "exec", script.toString(), "--auto-execute", "files.write_file");
        assertThat(approved.exit()).isZero();
        assertThat(created).hasContent("hello");
    }

    @Test
    void should_exit_1_when_the_server_refuses_a_call() throws Exception {
        CliRun r = jar("result = files.read_text_file(path=\"/etc/hostname\")", "exec", "-", "--trust", "files");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("error").toString()).startsWith("files.read_text_file failed: ")
                .contains("outside allowed directories");
    }

    @Test
    void should_report_tokens_as_json() throws Exception {
        CliRun r = jar("", "tokens", "--json");
        assertThat(r.exit()).isZero();
        Map<?, ?> tokens = r.json();
        assertThat(tokens.get("tools")).isEqualTo(18);
        assertThat(((Number) tokens.get("standardTokens")).intValue())
                .isGreaterThan(2 * ((Number) tokens.get("codeModeTokens")).intValue());
    }

    @Test
    void should_exit_2_with_one_line_when_the_config_is_broken() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"mcpServers\": {\"files\": {\"cmd\": \"node\"}}}");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(),
                "--config", broken.toString(), "list");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).isEqualTo("codemode: config file " + broken + ": server \"files\" has neither \"command\""
                + " (a stdio server) nor \"url\" (a streamable HTTP server)\n");
    }
}
