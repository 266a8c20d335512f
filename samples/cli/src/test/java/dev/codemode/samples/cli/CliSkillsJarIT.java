package dev.codemode.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.servers.DemoServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Skills through the shaded jar, each command its own process, against the demo CRM over streamable
 * HTTP: {@code exec --save-as} saves a skill into the H2 file the config names (next to the config), a
 * later {@code exec} calls it, and {@code skills list|show|add|rm} manage it in the same file with the
 * owning key masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliSkillsJarIT {

    private static final String KEY = "support-7f3a";
    private static final String SCRIPT = """
            def customer_email(customer_id):
                \"\"\"The e-mail address of one customer.

                Args:
                    customer_id (str): the customer, e.g. c42
                \"\"\"
                return crm.lookup_customer(customer_id=customer_id)["email"]

            result = customer_email(customer_id="c42")
            """;

    Path dir;
    Path config;
    Path bare;
    DemoServers.Http http;

    @BeforeAll
    void start() throws Exception {
        assertThat(CliRun.JAR).as("the shaded jar (mvn package)").exists();
        dir = Files.createTempDirectory("codemode-cli-skills-it").toRealPath();
        http = DemoServers.startHttp(0);
        Map<String, Object> servers = Map.of("crm", Map.of("url", http.url("crm")));
        Map<String, Object> codemode = new LinkedHashMap<>();
        codemode.put("virtualKeys", Map.of(KEY, Map.of("tools", List.of("crm.lookup_customer", "crm.search_customers"))));
        codemode.put("skills", Map.of("store", "jdbc:h2:file:./.codemode/skills", "sharing", "per-key"));
        config = Files.writeString(dir.resolve("mcp.json"), JsonValues.write(Map.of("mcpServers", servers,
                "codemode", codemode)));
        bare = Files.writeString(dir.resolve("bare.json"), JsonValues.write(Map.of("mcpServers", servers)));
        Files.writeString(dir.resolve("save.star"), SCRIPT);
        Files.writeString(dir.resolve("use.star"), "result = skills.customer_email(customer_id=\"c7\")\n");
    }

    @AfterAll
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    /** {@code java -jar codemode-cli.jar --config <config> args...}, from another working directory. */
    CliRun jar(Path configFile, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--config", configFile.toString()));
        all.addAll(List.of(args));
        return CliRun.ofJar(dir, Duration.ofSeconds(60), "", all);
    }

    @Test
    void should_save_with_exec_call_it_later_and_manage_it_from_the_skills_command() throws Exception {
        CliRun saved = jar(config, "--key", KEY, "--auto-execute", "crm.lookup_customer", "exec",
                "--save-as", "customer_email", dir.resolve("save.star").toString());
        assertThat(saved.exit()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("saved skills.customer_email(customer_id: str) as version 1");
        assertThat(dir.resolve(".codemode/skills.mv.db")).as("the H2 file, next to the config").exists();

        CliRun listed = jar(config, "skills", "list");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).isEqualTo("sup***  customer_email(customer_id: str)  v1  crm.lookup_customer\n");

        CliRun used = jar(config, "--key", KEY, "--auto-execute", "crm.lookup_customer", "exec",
                dir.resolve("use.star").toString());
        assertThat(used.exit()).as(used.err()).isZero();
        assertThat(used.out()).contains("@").doesNotContain("error");

        CliRun again = jar(config, "--key", KEY, "--auto-execute", "crm.lookup_customer", "exec",
                "--save-as", "customer_email", dir.resolve("save.star").toString());
        assertThat(again.out()).contains("as version 2");

        CliRun shown = jar(config, "skills", "show", "customer_email", "--version", "1");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).startsWith("# skills.customer_email(customer_id: str)  v1 of 2  scope sup***")
                .contains("# calls: crm.lookup_customer", "# versions: 1 (", "def customer_email(customer_id):",
                        "return crm.lookup_customer(customer_id=customer_id)[\"email\"]");
        assertThat(shown.out() + listed.out() + saved.err() + shown.err()).doesNotContain("7f3a");

        CliRun noVersion = jar(config, "skills", "show", "customer_email", "--version", "9");
        assertThat(noVersion.exit()).isEqualTo(1);
        assertThat(noVersion.err()).isEqualTo("codemode: skills.customer_email has no version 9 (versions: 1, 2)\n");

        CliRun removed = jar(config, "skills", "rm", "customer_email", "--scope", "sup***");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).isEqualTo("deleted skills.customer_email (2 versions) from scope sup***\n");

        CliRun empty = jar(config, "skills", "list");
        assertThat(empty.exit()).isZero();
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).isEqualTo("codemode: no skills\n");

        CliRun gone = jar(config, "--key", KEY, "--auto-execute", "crm.lookup_customer", "exec",
                dir.resolve("use.star").toString());
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.out()).contains("customer_email");
    }

    @Test
    void should_add_a_skill_file_after_checking_it_against_the_servers() throws Exception {
        Path file = Files.writeString(dir.resolve("find.star"), """
                def find_customers(query):
                    \"\"\"Customers whose name matches.

                    Args:
                        query (str): part of a name
                    \"\"\"
                    return crm.search_customers(query=query)
                """);
        CliRun added = jar(config, "skills", "add", file.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("added skills.find_customers(query: str) as version 1 in scope shared\n");
        assertThat(jar(config, "skills", "list", "--scope", "shared").out()).contains("find_customers(query: str)");

        Path bad = Files.writeString(dir.resolve("bad.star"), "def wipe(customer_id):\n    \"\"\"Wipe.\"\"\"\n"
                + "    return crm.wipe_customer(customer_id=customer_id)\n");
        CliRun refused = jar(config, "skills", "add", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("codemode: not added: ").contains("wipe_customer");

        assertThat(jar(config, "skills", "rm", "find_customers").exit()).isZero();

        Path update = Files.writeString(dir.resolve("update.star"), "def set_email(customer_id, email):\n"
                + "    \"\"\"Change one customer's e-mail address.\"\"\"\n"
                + "    return crm.update_customer(customer_id=customer_id, email=email)\n");
        CliRun notTheKeys = jar(config, "skills", "add", update.toString(), "--scope", KEY);
        assertThat(notTheKeys.exit()).as("the key does not see crm.update_customer").isEqualTo(1);
        assertThat(notTheKeys.err()).startsWith("codemode: not added: ").contains("update_customer")
                .doesNotContain("7f3a");
        assertThat(jar(config, "skills", "list").out()).doesNotContain("set_email");
    }

    @Test
    void should_exit_2_with_one_line_when_skills_are_not_configured_and_1_for_an_unknown_skill() throws Exception {
        CliRun none = jar(bare, "skills", "list");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).startsWith("codemode: config file ").contains("has no skill store: add \"skills\"")
                .hasLineCount(1);

        CliRun saveAs = jar(bare, "--auto-execute", "crm.lookup_customer", "exec", "--save-as", "customer_email",
                dir.resolve("save.star").toString());
        assertThat(saveAs.exit()).isEqualTo(2);
        assertThat(saveAs.err()).contains("--save-as needs skills");

        CliRun missing = jar(config, "skills", "show", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("codemode: no skill nope; codemode skills list shows them\n");
    }
}
