package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpServersConfigTest {

    static final Path FILE = Path.of("mcp.json");

    static McpServersConfig parse(String json) {
        return McpServersConfig.parse(FILE, json);
    }

    @Test
    void should_read_stdio_and_http_servers_in_file_order() {
        McpServersConfig config = parse("""
                {"mcpServers": {
                  "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
                            "env": {"LOG": "quiet"}},
                  "crm": {"url": "http://127.0.0.1:8931/crm/mcp"},
                  "plain": {"command": "server"},
                  "root": {"type": "http", "url": "https://mcp.example.com"}
                }}""");

        assertThat(config.servers()).extracting(McpServersConfig.Server::name)
                .containsExactly("files", "crm", "plain", "root");
        McpServersConfig.Server files = config.servers().get(0);
        assertThat(files.isStdio()).isTrue();
        assertThat(files.command()).isEqualTo("npx");
        assertThat(files.args()).containsExactly("-y", "@modelcontextprotocol/server-filesystem", "/tmp");
        assertThat(files.env()).isEqualTo(Map.of("LOG", "quiet"));
        McpServersConfig.Server crm = config.servers().get(1);
        assertThat(crm.isStdio()).isFalse();
        assertThat(crm.baseUrl()).isEqualTo("http://127.0.0.1:8931");
        assertThat(crm.endpoint()).isEqualTo("/crm/mcp");
        assertThat(config.servers().get(2).args()).isEmpty();
        assertThat(config.servers().get(2).env()).isEmpty();
        assertThat(config.servers().get(3).baseUrl()).isEqualTo("https://mcp.example.com");
        assertThat(config.servers().get(3).endpoint()).isEqualTo("/");
    }

    @Test
    void should_skip_disabled_servers() {
        McpServersConfig config = parse("""
                {"mcpServers": {"on": {"command": "a"}, "off": {"command": "b", "disabled": true}}}""");
        assertThat(config.servers()).extracting(McpServersConfig.Server::name).containsExactly("on");
    }

    @Test
    void should_name_the_server_that_has_neither_command_nor_url() {
        assertThatThrownBy(() -> parse("{\"mcpServers\": {\"ok\": {\"command\": \"a\"}, \"bad\": {\"args\": []}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file mcp.json: server \"bad\" has neither \"command\" (a stdio server) nor \"url\""
                        + " (a streamable HTTP server)");
    }

    @Test
    void should_say_where_the_json_breaks() {
        assertThatThrownBy(() -> parse("{\"mcpServers\": {\n  \"crm\": {\"command\": \"a\",}\n}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file mcp.json is not valid JSON at line 2, column ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void should_refuse_shapes_it_cannot_run() {
        List.of(
                List.of("{}", "has no \"mcpServers\" object"),
                List.of("{\"mcpServers\": []}", "has no \"mcpServers\" object"),
                List.of("{\"mcpServers\": {}}", "lists no enabled server"),
                List.of("{\"mcpServers\": {\"x\": \"npx\"}}", "server \"x\" must be an object"),
                List.of("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"url\": \"http://h/mcp\"}}}", "both"),
                List.of("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": \"-v\"}}}", "\"args\" must be an array of strings"),
                List.of("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [1]}}}", "\"args\" must be an array of strings"),
                List.of("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": 1}}}}", "\"env\" must be an object of strings"),
                List.of("{\"mcpServers\": {\"x\": {\"command\": \"\"}}}", "\"command\" must be a non-empty string"),
                List.of("{\"mcpServers\": {\"x\": {\"url\": \"ftp://h/mcp\"}}}", "\"url\" must be an http:// or https:// URL"),
                List.of("{\"mcpServers\": {\"x\": {\"url\": \"localhost:8080\"}}}", "\"url\" must be an http:// or https:// URL"),
                List.of("{\"mcpServers\": {\"x\": {\"type\": \"sse\", \"url\": \"http://h/sse\"}}}", "only stdio"),
                List.of("{\"mcpServers\": {\"x\": {\"url\": \"http://h/mcp\", \"headers\": {}}}}", "not supported"),
                List.of("{\"mcpServers\": {\"x\": {\"url\": \"http://h/mcp\", \"args\": []}}}", "belong to \"command\" servers"))
                .forEach(c -> assertThatThrownBy(() -> parse(c.get(0)), c.get(0))
                        .isInstanceOf(ConfigException.class).hasMessageContaining(c.get(1)));
    }

    @Test
    void should_report_a_missing_file(@TempDir Path dir) {
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> McpServersConfig.read(missing)).isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + " does not exist");
    }

    @Test
    void should_read_a_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mcp.json"), "{\"mcpServers\": {\"a\": {\"url\": \"http://h:1/x\"}}}");
        assertThat(McpServersConfig.read(file).servers()).hasSize(1);
    }

    @Test
    void should_find_commands_on_the_path(@TempDir Path dir) throws Exception {
        Path tool = Files.createFile(dir.resolve("my-server"));
        assertThat(ServerConnector.isExecutable("my-server", dir.toString())).isFalse(); // not executable yet
        assertThat(tool.toFile().setExecutable(true)).isTrue();
        assertThat(ServerConnector.isExecutable("my-server", "/nonexistent" + java.io.File.pathSeparator + dir)).isTrue();
        assertThat(ServerConnector.isExecutable(tool.toString(), "")).isTrue();
        assertThat(ServerConnector.isExecutable("no-such-server-here", dir.toString())).isFalse();
    }
}
