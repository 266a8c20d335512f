package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.servers.DemoData;
import dev.codemode.samples.servers.DemoServers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CLI's commands, in this JVM, against the four demo servers as child processes over stdio and
 * over streamable HTTP, configured through an mcpServers file.
 */
class DemoServersCliIT {

    static final String SEED = """
            c = crm.lookup_customer(customer_id="c42")
            history = orders.order_history(customer_id=c["id"])["orders"]
            spent = sum([o["total"] for o in history])
            percent = 10 if spent > 500 else 5
            d = billing.apply_discount(customer_id=c["id"], percent=percent, reason="loyalty")
            m = email.send_confirmation(to=c["email"], subject="A %d%% discount" % percent, body="Code: %s" % d["code"])
            print("spent", spent)
            result = {"orders": len(history), "code": d["code"]}
            """;

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        Path dir;
        Path config;

        /** The mcpServers entry of one demo server. */
        abstract Map<String, Object> entry(String server) throws Exception;

        @BeforeAll
        void writeConfig() throws Exception {
            dir = Files.createTempDirectory("codemode-cli-it");
            Map<String, Object> servers = new LinkedHashMap<>();
            for (String name : DemoServers.NAMES) {
                servers.put(name, entry(name));
            }
            config = Files.writeString(dir.resolve("mcp.json"), JsonValues.write(Map.of("mcpServers", servers)));
        }

        @AfterAll
        void deleteConfig() throws Exception {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }

        @AfterEach
        void noServerProcessLeft() {
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(DemoServers.class.getName())))
                    .as("demo server processes still running").isEmpty();
        }

        CliRun run(String stdin, String... args) {
            String[] all = new String[args.length + 2];
            all[0] = "--config";
            all[1] = config.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            return CliRun.inProcess(stdin, all);
        }

        @Test
        void should_list_the_four_servers() {
            CliRun list = run("", "list");
            assertThat(list.exit()).isZero();
            assertThat(list.err()).isEmpty();
            assertThat(list.out()).startsWith("""
                    servers/billing.pyi  4 tools  Discount codes, refunds and billing customers
                    servers/crm.pyi      4 tools  Customer records: lookup, search, update, delete
                    """).contains("servers/email.pyi").contains("servers/orders.pyi")
                    .endsWith("Read a file with readToolFile; call tools from executeToolCode as"
                            + " billing.apply_discount(...).\n");

        }

        @Test
        void should_run_the_seed_workflow_once_its_writes_are_approved() {
            CliRun denied = run(SEED, "exec", "-", "--auto-execute", "crm.lookup_customer", "--auto-execute", "orders.*");
            assertThat(denied.exit()).isEqualTo(3);
            assertThat(denied.json().get("error"))
                    .isEqualTo("approval denied: billing.apply_discount, email.send_confirmation need approval");
            assertThat(denied.err()).contains("--auto-execute billing.apply_discount --auto-execute email.send_confirmation");

            CliRun ran = run(SEED, "exec", "-", "--auto-execute", "crm.lookup_customer", "--auto-execute", "orders.*",
                    "--auto-execute", "billing.apply_discount", "--auto-execute", "email.*");
            assertThat(ran.exit()).isZero();
            Map<?, ?> result = (Map<?, ?>) ran.json().get("result");
            int percent = DemoData.spent("c42") > 500 ? 10 : 5;
            assertThat(result.get("code")).isEqualTo("SAVE" + percent + "-C42");
            assertThat(result.get("orders")).isEqualTo(DemoData.orders("c42").size());
            assertThat(ran.json().get("logs")).isEqualTo(List.of("spent " + DemoData.spent("c42")));
            assertThat(ran.json().get("toolCalls")).isEqualTo(4);
        }

        @Test
        void should_exit_1_on_a_tool_error() {
            CliRun r = run("result = crm.lookup_customer(customer_id=\"c999\")", "exec", "-", "--trust", "crm");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.json().get("error")).isEqualTo("crm.lookup_customer failed: no customer c999; ids run from c1"
                    + " to c300");
        }

        @Test
        void should_count_fewer_tokens_for_the_meta_tools_than_for_the_twelve_definitions() {
            Map<?, ?> tokens = run("", "tokens", "--json").json();
            assertThat(tokens.get("tools")).isEqualTo(12);
            int standard = ((Number) tokens.get("standardTokens")).intValue();
            int codeMode = ((Number) tokens.get("codeModeTokens")).intValue();
            assertThat(standard).isGreaterThan(codeMode);
            assertThat((List<?>) tokens.get("servers")).hasSize(4);
        }
    }

    @Nested
    class Stdio extends Contract {
        @Override
        Map<String, Object> entry(String server) {
            List<String> command = DemoServers.stdioCommand(server);
            return Map.of("command", command.get(0), "args", command.subList(1, command.size()));
        }

        @Test
        void should_report_a_dead_server_and_serve_the_others() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            List<String> crm = DemoServers.stdioCommand("crm");
            Path mixed = Files.writeString(dir.resolve("mixed.json"), JsonValues.write(Map.of("mcpServers", Map.of(
                    "crm", Map.of("command", crm.get(0), "args", crm.subList(1, crm.size())),
                    "gone", Map.of("url", "http://127.0.0.1:" + closedPort + "/mcp"),
                    "typo", Map.of("command", "codemode-no-such-server")))));

            CliRun r = CliRun.inProcess("", "--config", mixed.toString(), "list");

            assertThat(r.exit()).isZero();
            // the cause class, never the URL or the command (they may hold credentials or host paths)
            assertThat(r.out()).contains("servers/crm.pyi   4 tools")
                    .contains("servers/gone.pyi  unavailable  connection refused")
                    .contains("servers/typo.pyi  unavailable  command not found on the PATH");
            assertThat(r.err().lines().toList()).containsExactlyInAnyOrder(
                    "codemode: server gone is unavailable: connection refused",
                    "codemode: server typo is unavailable: command not found on the PATH");
            assertThat(r.out() + r.err()).doesNotContain(Integer.toString(closedPort)).doesNotContain("codemode-no-such-server");
        }
    }

    @Nested
    class Http extends Contract {
        DemoServers.Http http;

        @Override
        Map<String, Object> entry(String server) throws Exception {
            if (http == null) {
                http = DemoServers.startHttp(0);
            }
            return Map.of("url", http.url(server));
        }

        @AfterAll
        void stopServers() {
            if (http != null) {
                http.close();
            }
        }

        @Test
        void should_read_and_document_the_stubs() {
            assertThat(run("", "list", "refund", "--json").json().get("files").toString()).contains("servers/billing.pyi");
            assertThat(run("", "read", "servers/crm.pyi").out())
                    .contains("def lookup_customer(customer_id: str) -> Customer:");
            assertThat(run("", "--binding-level", "TOOL", "read", "servers/billing/refund.pyi").out())
                    .contains("def refund(").doesNotContain("def apply_discount(");
            assertThat(run("", "docs", "billing", "apply_discount").out()).contains("percent: int, required")
                    .contains("maximum 50");
        }

        @Test
        void should_exit_2_when_the_only_server_is_down() throws Exception {
            Path down = Files.writeString(dir.resolve("down.json"), JsonValues.write(Map.of("mcpServers",
                    Map.of("crm", Map.of("url", http.url("crm").replace("/crm/", "/nothing/"))))));
            CliRun r = CliRun.inProcess("", "--config", down.toString(), "list");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("codemode: no server could be connected: crm: ").hasLineCount(1);
        }
    }
}
