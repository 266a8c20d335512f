package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.stubs.BindingLevel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands, their output and exit codes over in-process tool sources (the real servers are in
 * the ITs): picocli's {@code execute} with captured stdout and stderr.
 */
class CodeModeCliTest {

    record Run(int exit, String out, String err) {
        Map<?, ?> json() {
            return (Map<?, ?>) JsonValues.parse(out);
        }
    }

    @TempDir
    Path dir;
    Path config;
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<ToolSource> opened = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(dir.resolve("mcp.json"), """
                {"mcpServers": {
                  "crm": {"command": "crm-server"},
                  "orders": {"url": "http://127.0.0.1:9/orders/mcp"}
                }}""");
    }

    FunctionToolSource crm() {
        Map<String, Object> id = Map.of("type", "object", "properties", Map.of("customer_id", Map.of("type", "string")),
                "required", List.of("customer_id"));
        return FunctionToolSource.builder("crm").description("Customer records")
                .tool(new ToolDescriptor("crm", "lookup_customer", "One customer by id.", id, null,
                        ToolAnnotations.readOnly()), a -> {
                            if (!a.get("customer_id").equals("c1")) {
                                throw new IllegalArgumentException("no customer " + a.get("customer_id"));
                            }
                            return Map.of("id", "c1", "name", "Ada");
                        })
                .tool(new ToolDescriptor("crm", "delete_customer", "Delete a customer.", id, null,
                        ToolAnnotations.destructive()), a -> {
                            deleted.add((String) a.get("customer_id"));
                            return Map.of("deleted", true);
                        })
                .build();
    }

    FunctionToolSource orders() {
        return FunctionToolSource.builder("orders").description("Order history")
                .tool(new ToolDescriptor("orders", "order_history", "Orders of a customer.", Map.of("type", "object",
                        "properties", Map.of("customer_id", Map.of("type", "string"))), null,
                        ToolAnnotations.readOnly()), a -> List.of(Map.of("total", 12.5)))
                .build();
    }

    /**
     * Connects configured names to in-process sources; {@code dead} names fail as an unreachable server
     * would through {@code McpToolSource}: the reason in a {@code ToolCallException} cause, the raw
     * transport text (holding the URL here) further down, where nothing may show it.
     */
    ServerConnector connector(String... dead) {
        return (server, timeout) -> {
            if (List.of(dead).contains(server.name())) {
                throw new IllegalStateException("connecting to server " + server.name() + " failed: timed out after 1 s",
                        new ToolCallException("timed out after 1 s", new IllegalStateException("no answer from "
                                + server.url() + " or " + server.command())));
            }
            ToolSource source = server.name().equals("crm") ? crm() : orders();
            ToolSource tracked = new ToolSource() {
                public String serverName() {
                    return source.serverName();
                }

                public String description() {
                    return source.description();
                }

                public List<ToolDescriptor> listTools() {
                    return source.listTools();
                }

                public dev.codemode.catalog.ToolResult callTool(String tool, Map<String, Object> args) {
                    return source.callTool(tool, args);
                }

                public void close() {
                    closed.add(source.serverName());
                }
            };
            opened.add(tracked);
            return tracked;
        };
    }

    Run run(ServerConnector connector, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CodeModeCli cli = new CodeModeCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), connector);
        int exit = CodeModeCli.commandLine(cli, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<Object> field(Object list, String key) {
        return ((List<?>) list).stream().map(m -> (Object) ((Map<?, ?>) m).get(key)).toList();
    }

    Run run(String... args) {
        return run(connector(), "", args);
    }

    String modelSees(String metaTool, Map<String, Object> args, BindingLevel level) {
        try (CodeMode codeMode = CodeMode.builder().toolSources(crm(), orders()).bindingLevel(level).build()) {
            return codeMode.call(metaTool, args).text() + System.lineSeparator();
        }
    }

    String script(String code) throws Exception {
        return Files.writeString(dir.resolve("script-" + System.nanoTime() + ".star"), code).toString();
    }

    @Test
    void should_print_exactly_what_the_model_sees_from_each_read_only_meta_tool() {
        Run list = run("--config", config.toString(), "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo(modelSees("listToolFiles", Map.of(), BindingLevel.SERVER));
        assertThat(list.err()).isEmpty();

        assertThat(run("list", "customer", "--config", config.toString()).out())
                .isEqualTo(modelSees("listToolFiles", Map.of("query", "customer"), BindingLevel.SERVER));
        assertThat(run("--config", config.toString(), "--binding-level", "TOOL", "list").out())
                .isEqualTo(modelSees("listToolFiles", Map.of(), BindingLevel.TOOL))
                .contains("servers/crm/     lookup_customer, delete_customer  # Customer records\n")
                .contains("A tool's file is servers/<server>/<tool>.pyi.");
        assertThat(run("--config", config.toString(), "read", "servers/crm.pyi", "--start-line", "2",
                "--end-line", "4").out())
                .isEqualTo(modelSees("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", 2,
                        "endLine", 4), BindingLevel.SERVER));
        assertThat(run("--config", config.toString(), "docs", "crm", "delete_customer").out())
                .isEqualTo(modelSees("getToolDocs", Map.of("server", "crm", "tool", "delete_customer"),
                        BindingLevel.SERVER))
                .contains("Delete a customer.");
        assertThat(closed).hasSize(opened.size()).containsOnly("crm", "orders");
    }

    @Test
    void should_exit_1_when_a_meta_tool_reports_an_error() {
        Run read = run("--config", config.toString(), "read", "servers/crn.pyi");
        assertThat(read.exit()).isEqualTo(1);
        assertThat(read.out()).startsWith("no file servers/crn.pyi; did you mean servers/crm.pyi?");

        Run docs = run("--config", config.toString(), "docs", "crm", "lookup_customr");
        assertThat(docs.exit()).isEqualTo(1);
        assertThat(docs.out()).contains("did you mean lookup_customer?");
    }

    @Test
    void should_list_as_json_for_programs() {
        Map<?, ?> all = run("--config", config.toString(), "list", "--json").json();
        assertThat(field(all.get("files"), "path"))
                .containsExactly("servers/crm.pyi", "servers/orders.pyi");
        assertThat(((Map<?, ?>) ((List<?>) all.get("files")).get(0)).get("tools"))
                .isEqualTo(List.of("lookup_customer", "delete_customer"));
        assertThat((List<?>) all.get("unavailable")).isEmpty();

        Map<?, ?> query = run("--config", config.toString(), "list", "history", "--json").json();
        assertThat(field(query.get("files"), "path"))
                .containsExactly("servers/orders.pyi");
    }

    @Test
    void should_run_a_script_of_allowlisted_tools_without_approval() throws Exception {
        Run r = run("--config", config.toString(), "exec", script("""
                c = crm.lookup_customer(customer_id="c1")
                print("found", c["name"])
                result = {"name": c["name"], "orders": len(orders.order_history(customer_id="c1"))}
                """), "--auto-execute", "crm.lookup_customer", "--auto-execute", "orders.*");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("result")).isEqualTo(Map.of("name", "Ada", "orders", 1));
        assertThat(r.json().get("logs")).isEqualTo(List.of("found Ada"));
        assertThat(r.json().get("toolCalls")).isEqualTo(2);
    }

    @Test
    void should_read_the_script_from_stdin() {
        Run r = run(connector(), "result = crm.lookup_customer(customer_id=\"c1\")[\"name\"]",
                "--config", config.toString(), "--auto-execute", "crm.lookup_customer", "exec", "-");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("result")).isEqualTo("Ada");
    }

    @Test
    void should_deny_a_script_that_calls_a_tool_needing_approval_and_run_none_of_it() throws Exception {
        String script = script("""
                crm.lookup_customer(customer_id="c1")
                result = crm.delete_customer(customer_id="c1")
                """);
        Run r = run("--config", config.toString(), "exec", script, "--auto-execute", "crm.lookup_customer");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.json().get("error")).isEqualTo("approval denied: crm.delete_customer needs approval");
        assertThat(r.json().get("toolCalls")).isEqualTo(0);
        assertThat(r.err()).isEqualTo("codemode: not run: crm.delete_customer needs approval; pass --auto-execute"
                + " crm.delete_customer, or --yes" + System.lineSeparator());
        assertThat(deleted).isEmpty();
    }

    @Test
    void should_run_what_the_auto_execute_patterns_or_yes_approve() throws Exception {
        String script = script("result = crm.delete_customer(customer_id=\"c7\")");
        assertThat(run("--config", config.toString(), "exec", script, "--auto-execute", "orders.*").exit())
                .isEqualTo(3);
        assertThat(deleted).isEmpty();

        Run pattern = run("--config", config.toString(), "exec", script, "--auto-execute", "orders.*",
                "--auto-execute", "crm.delete_customer");
        assertThat(pattern.exit()).isZero();
        assertThat(pattern.json().get("result")).isEqualTo(Map.of("deleted", true));

        assertThat(run("--config", config.toString(), "exec", "--yes", script).exit()).isZero();
        assertThat(deleted).containsExactly("c7", "c7");
    }

    @Test
    void should_ask_for_a_tool_that_says_read_only_unless_its_server_is_trusted() throws Exception {
        String lookup = script("result = crm.lookup_customer(customer_id=\"c1\")[\"name\"]");
        // crm says lookup_customer is readOnlyHint: true; by default that counts for nothing
        Run asked = run("--config", config.toString(), "exec", lookup);
        assertThat(asked.exit()).isEqualTo(3);
        assertThat(asked.json().get("error")).isEqualTo("approval denied: crm.lookup_customer needs approval");
        assertThat(asked.err()).isEqualTo("codemode: not run: crm.lookup_customer needs approval; pass --auto-execute"
                + " crm.lookup_customer, or --yes" + System.lineSeparator());

        // --trust crm: its read-only tools run on their own, before or after the command name
        assertThat(run("--config", config.toString(), "exec", lookup, "--trust", "crm").json().get("result"))
                .isEqualTo("Ada");
        assertThat(run("--config", config.toString(), "--trust", "crm", "exec", lookup).exit()).isZero();

        // never a destructive one
        Run delete = run("--config", config.toString(), "--trust", "crm", "exec",
                script("result = crm.delete_customer(customer_id=\"c1\")"));
        assertThat(delete.exit()).isEqualTo(3);
        assertThat(deleted).isEmpty();
    }

    @Test
    void should_show_the_stubs_for_the_approval_options_given() {
        Run plain = run("--config", config.toString(), "read", "servers/crm.pyi");
        assertThat(plain.out()).contains("Every call needs approval.").doesNotContain("Read-only");
        Run trusted = run("--config", config.toString(), "read", "servers/crm.pyi", "--trust", "crm");
        assertThat(trusted.out()).contains("\"\"\"One customer by id. Read-only.\"\"\"")
                .contains("def delete_customer(customer_id: str) -> Any:  # needs approval");
    }

    @Test
    void should_exit_1_when_the_script_or_a_tool_fails() throws Exception {
        Run tool = run("--config", config.toString(), "exec", script("result = crm.lookup_customer(customer_id=\"c9\")"),
                "--auto-execute", "crm.lookup_customer");
        assertThat(tool.exit()).isEqualTo(1);
        assertThat(tool.json().get("error")).isEqualTo("crm.lookup_customer failed: no customer c9");

        Run syntax = run("--config", config.toString(), "exec", script("result = (1 +"));
        assertThat(syntax.exit()).isEqualTo(1);
        assertThat(syntax.json().get("line")).isEqualTo(1);
    }

    @Test
    void should_report_a_dead_server_and_serve_the_others() {
        Run r = run(connector("orders"), "", "--config", config.toString(), "list");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("servers/crm.pyi").containsPattern("servers/orders.pyi +unavailable +timed out after 1 s")
                .doesNotContain("127.0.0.1:9");
        assertThat(r.err()).isEqualTo("codemode: server orders is unavailable: timed out after 1 s" + System.lineSeparator());
        assertThat(closed).containsExactly("crm");
    }

    @Test
    void should_exit_2_when_no_server_can_be_connected() {
        Run r = run(connector("crm", "orders"), "", "--config", config.toString(), "list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("codemode: no server could be connected: crm: timed out after 1 s;"
                + " orders: timed out after 1 s" + System.lineSeparator());
    }

    @Test
    void should_exit_2_with_one_line_for_configuration_and_usage_errors() throws Exception {
        Path neither = Files.writeString(dir.resolve("neither.json"), "{\"mcpServers\": {\"x\": {\"args\": []}}}");
        List<List<String>> cases = List.of(
                List.of("list"),
                List.of("--config", dir.resolve("missing.json").toString(), "list"),
                List.of("--config", neither.toString(), "tokens"),
                List.of("--config", config.toString(), "exec", dir.resolve("missing.star").toString()),
                List.of("--config", config.toString(), "exec", "-", "--auto-execute", "crm"),
                List.of("--config", config.toString(), "exec", "-", "--trust", "*"),
                List.of("--config", config.toString(), "--trust", "crm.lookup_customer", "list"),
                List.of("--config", config.toString(), "list", "--trust", "billing"),
                List.of("--config", config.toString(), "--timeout", "0", "list"));
        for (List<String> args : cases) {
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(args.toString()).isEqualTo(2);
            assertThat(r.out()).as(args.toString()).isEmpty();
            assertThat(r.err()).as(args.toString()).startsWith("codemode: ").hasLineCount(1);
        }
        assertThat(opened).isEmpty();
        assertThat(run("--config", dir.resolve("missing.json").toString(), "list").err())
                .contains("missing.json does not exist");
    }

    @Test
    void should_exit_2_for_unknown_commands_and_options() {
        for (String[] args : List.of(new String[0], new String[] {"frob"}, new String[] {"read"},
                new String[] {"list", "--bogus"}, new String[] {"docs", "crm"},
                new String[] {"--binding-level", "FILE", "list"})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("Usage: codemode");
        }
        assertThat(opened).isEmpty();
    }

    @Test
    void should_report_tokens_of_standard_definitions_against_the_meta_tools() {
        Run text = run("--config", config.toString(), "tokens");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("Tokens per request (o200k_base): 2 servers, 3 tools")
                .contains("standard tool calling (3 tool definitions)").contains("Code Mode (4 meta-tool definitions)");

        Map<?, ?> json = run("--config", config.toString(), "tokens", "--json").json();
        assertThat(json.get("encoding")).isEqualTo("o200k_base");
        assertThat(json.get("tools")).isEqualTo(3);
        List<?> servers = (List<?>) json.get("servers");
        assertThat(field(servers, "name")).containsExactly("crm", "orders");
        int crm = ((Number) ((Map<?, ?>) servers.get(0)).get("definitionTokens")).intValue();
        int orders = ((Number) ((Map<?, ?>) servers.get(1)).get("definitionTokens")).intValue();
        int standard = ((Number) json.get("standardTokens")).intValue();
        // one "tools" array costs about the sum of its parts (one pair of brackets less)
        assertThat(standard).isBetween(crm + orders - 2, crm + orders);
        assertThat(((Number) json.get("codeModeTokens")).intValue()).isBetween(300, 600);
        assertThat(((Number) ((Map<?, ?>) servers.get(0)).get("stubTokens")).intValue()).isPositive();
    }

    @Test
    void should_count_a_tool_without_a_schema_as_clients_send_it_in_every_run() {
        // given: a tool that declares no input schema, so the report writes an empty object schema for it
        ToolSource bare = FunctionToolSource.builder("a").tool("ping", "", Map.of(), x -> 1).build();
        com.knuddels.jtokkit.api.Encoding enc = com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE);
        try (CodeMode codeMode = CodeMode.builder().toolSources(bare).build()) {
            // when
            TokenReport report = TokenReport.of(codeMode, BindingLevel.SERVER);

            // then: "type" before "properties", as clients write it (the other order is one token less)
            assertThat(report.servers().get(0).definitionTokens()).isEqualTo(enc.countTokens(
                    "[{\"type\":\"function\",\"function\":{\"name\":\"ping\",\"parameters\":{\"type\":\"object\","
                            + "\"properties\":{}}}}]"));
        }
    }

    @Test
    void should_name_standard_functions_as_clients_send_them() {
        List<ToolSource> sources = new ArrayList<>(List.of(
                FunctionToolSource.builder("a").tool("search", "", Map.of(), x -> 1).tool("get.user", "", Map.of(), x -> 1)
                        .tool("ping", "", Map.of(), x -> 1).build(),
                FunctionToolSource.builder("b-2").tool("search", "", Map.of(), x -> 1).build()));
        try (CodeMode codeMode = CodeMode.builder().toolSources(sources).build()) {
            assertThat(TokenReport.functionNames(codeMode.view().tools()).values())
                    .containsExactlyInAnyOrder("a_search", "a_get_user", "ping", "b-2_search");
        }
        assertThat(TokenReport.function("ping", "", Map.of("type", "object")))
                .isEqualTo(Map.of("type", "function", "function", Map.of("name", "ping", "parameters",
                        Map.of("type", "object"))));
    }

    @Test
    void should_show_and_run_only_the_tools_of_the_key_chosen_with_key() throws Exception {
        // given: alice sees crm and orders, bob only orders
        Files.writeString(config, Files.readString(config).strip().replaceFirst("}$", ",\"codemode\": {\"virtualKeys\": {"
                + "\"alice\": {\"tools\": [\"crm.*\", \"orders.*\"]}, \"bob\": {\"tools\": [\"orders.*\"]}}}}"));

        // when / then
        assertThat(run("--config", config.toString(), "--key", "bob", "list").out()).contains("servers/orders.pyi")
                .doesNotContain("crm");
        Run refused = run(connector(), "result = crm.lookup_customer(customer_id=\"c1\")", "--config", config.toString(),
                "--key", "bob", "--auto-execute", "*", "exec", "-");
        assertThat(refused.exit()).isEqualTo(CodeModeCli.FAILED);
        assertThat(refused.out()).doesNotContain("Ada");
        Run alice = run(connector(), "result = crm.lookup_customer(customer_id=\"c1\")", "--config", config.toString(),
                "--key", "alice", "--auto-execute", "*", "exec", "-");
        assertThat(alice.exit()).as(alice.err()).isZero();
        assertThat(alice.out()).contains("Ada");
        Run unknown = run("--config", config.toString(), "--key", "carol", "list");
        assertThat(unknown.exit()).isEqualTo(CodeModeCli.USAGE);
        assertThat(unknown.err()).contains("--key carol: no such virtual key").contains("alice, bob");
    }

    @Test
    void should_apply_limits_and_write_the_audit_as_json_lines() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Run limited = run(connector(), "result = [i for i in range(100000)]", "--config", config.toString(),
                "--limit", "maxSteps=1000", "--audit", audit.toString(), "exec", "-");
        assertThat(limited.exit()).isEqualTo(CodeModeCli.FAILED);
        assertThat(limited.out()).contains("1000");
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"type\":\"execution\"").contains("\"outcome\":\"limit\"");

        Run badLimit = run("--config", config.toString(), "--limit", "maxSteps=lots", "list");
        assertThat(badLimit.exit()).isEqualTo(CodeModeCli.USAGE);
        assertThat(badLimit.err()).contains("--limit maxSteps=lots: the value must be a whole number");
        Run unknownLimit = run("--config", config.toString(), "--limit", "speed=1", "list");
        assertThat(unknownLimit.err()).contains("--limit speed: unknown limit; known: maxSourceChars");
    }
}
