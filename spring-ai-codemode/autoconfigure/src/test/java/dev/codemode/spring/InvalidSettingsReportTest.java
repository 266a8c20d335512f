package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Invalid {@code spring.ai.codemode.*} settings stop a real {@link SpringApplication} with one Spring Boot
 * failure report: the report is printed once, names the property, the value, where it was set and why,
 * says what to write instead, and carries no stack trace and no Java names. Virtual keys, which are
 * credentials, appear nowhere in what is printed. Every check the settings have is started here once.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsReportTest {

    private static final String ARGS = "from property source \"commandLineArgs\"";

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CodeModeAutoConfiguration.class)
    @Import(CodeModeAutoConfigurationTest.CrmTools.class)
    static class App {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, CodeModeAutoConfiguration.class })
    @Import(CodeModeAutoConfigurationTest.CrmTools.class)
    static class JdbcApp {
    }

    /** A web application with Spring AI's MCP server starter, as one that serves Code Mode over MCP. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(CodeModeAutoConfigurationTest.CrmTools.class)
    static class WebApp {
    }

    /** What one failed start-up printed, and the report's two parts. */
    record Report(String printed, String description, String action) {
    }

    @Test
    void aMalformedToolPatternIsReportedOnceWithWhatToWriteInstead(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.tool-groups.reading[0]=crm");
        assertThat(report.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.tool-groups.reading[0]
                    Value: "crm"
                    Origin: "spring.ai.codemode.tool-groups.reading[0]" %s
                    Reason: 'crm' is not a tool pattern: write server.tool, server.* or *""".formatted(ARGS));
        assertThat(report.action()).isEqualTo("Write crm.* (every tool of server crm) or crm.<tool> (one tool) in"
                + " spring.ai.codemode.tool-groups.reading[0].");
    }

    @Test
    void problemsAreListedInTheOrderTheSettingsAreWritten(CapturedOutput output) {
        // Six groups, from an ordered source as a YAML file is: a hash-ordered copy would list them in
        // another order in most runs.
        String[] groups = { "zeta", "alpha", "mu", "beta", "omega", "kappa" };
        Map<String, Object> written = new java.util.LinkedHashMap<>();
        for (String group : groups) {
            written.put("spring.ai.codemode.tool-groups." + group + "[0]", "crm");
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(
                new org.springframework.core.env.MapPropertySource("application.yml", written));
        Report report = start(output, App.class, environment);
        Matcher named = Pattern.compile("Property: spring\\.ai\\.codemode\\.tool-groups\\.(\\w+)\\[0]")
                .matcher(report.description());
        java.util.List<String> listed = new java.util.ArrayList<>();
        while (named.find()) {
            listed.add(named.group(1));
        }
        assertThat(listed).containsExactly(groups);
    }

    @Test
    void everyMalformedPatternSettingIsNamedByItsProperty(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                "--spring.ai.codemode.auto-execute.tools[1]=crm.lookup_*", "--spring.ai.codemode.direct-tools[0]=lookup",
                "--spring.ai.codemode.virtual-keys.reader.tools[0]=*.lookup_customer");
        assertThat(report.description()).startsWith("3 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.auto-execute.tools[1]\n    Value: \"crm.lookup_*\"")
                .contains("Property: spring.ai.codemode.direct-tools[0]\n    Value: \"lookup\"")
                .contains("Property: spring.ai.codemode.virtual-keys.rea***.tools[0]\n    Value: \"*.lookup_customer\"");
        assertThat(report.action()).contains("Write lookup.* (every tool of server lookup) or lookup.<tool> (one tool)"
                + " in spring.ai.codemode.direct-tools[0].");
    }

    @Test
    void aPatternThatMatchesNoToolOfAConnectedServerListsTheServersTools(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.tool-groups.reading[0]=crm.lookup_custmer");
        assertThat(report.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.tool-groups.reading[0]
                    Value: "crm.lookup_custmer"
                    Origin: "spring.ai.codemode.tool-groups.reading[0]" %s
                    Reason: server crm has no such tool (tools: lookup_customer, delete_customer)""".formatted(ARGS));
        assertThat(report.action()).isEqualTo("Name one of the tools of crm listed above in"
                + " spring.ai.codemode.tool-groups.reading[0] (or crm.* for all of them), or remove the entry.");
    }

    @Test
    void aPatternOrATrustedServerNamingNoServerSaysHowToConnectIt(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.auto-execute.tools[0]=billing.*",
                "--spring.ai.codemode.auto-execute.trusted-servers[0]=crmm");
        assertThat(report.description()).startsWith("2 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.auto-execute.tools[0]\n    Value: \"billing.*\"")
                .contains("Reason: no server billing (servers: crm)")
                .contains("Property: spring.ai.codemode.auto-execute.trusted-servers[0]\n    Value: \"crmm\"")
                .contains("Reason: no server crmm (servers: crm)");
        assertThat(report.action()).contains("Name one of the servers listed above in"
                + " spring.ai.codemode.auto-execute.tools[0], or connect a server named billing"
                + " (spring.ai.mcp.client.streamable-http.connections.billing.url, or a stdio connection of that name).");
    }

    @Test
    void aTrustedServerWrittenAsAPatternIsRefusedWithTheServerName(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.auto-execute.trusted-servers[0]=crm.lookup_customer");
        assertThat(report.description()).contains("Property: spring.ai.codemode.auto-execute.trusted-servers[0]")
                .contains("Reason: 'crm.lookup_customer' is not a server name");
        assertThat(report.action()).isEqualTo("Write the server's name, crm, in"
                + " spring.ai.codemode.auto-execute.trusted-servers[0], or list the single tool crm.lookup_customer in"
                + " spring.ai.codemode.auto-execute.tools instead.");
        report = start(output, App.class, "--spring.ai.codemode.auto-execute.trusted-servers[0]=*");
        assertThat(report.description()).contains("Reason: '*' is not a server name");
        assertThat(report.action()).startsWith("Name one server per entry in");
    }

    @Test
    void anUnknownGroupIsReportedWithTheKeyMasked(CapturedOutput output) {
        String key = "sk-live-4f9a2c77";
        Report report = start(output, App.class, "--spring.ai.codemode.tool-groups.reading[0]=crm.*",
                "--spring.ai.codemode.virtual-keys." + key + ".groups[0]=raeding");
        assertThat(report.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.virtual-keys.sk-***.groups[0]
                    Value: "raeding"
                    Origin: property source "commandLineArgs"
                    Reason: no tool group 'raeding' is defined (groups: reading)""");
        assertThat(report.action()).isEqualTo("Define the group under spring.ai.codemode.tool-groups.raeding, or name"
                + " one of the groups defined under spring.ai.codemode.tool-groups.");
        assertThat(report.printed()).doesNotContain(key).doesNotContain("4f9a2c77");
    }

    @Test
    void aVirtualKeyInAPatternTheCatalogRefusesAppearsNowhereInTheOutput(CapturedOutput output) {
        String key = "sk-live-91be03aa";
        // Refused once the catalog is known, after binding: Spring's own warning line carries the message too.
        Report report = start(output, App.class, "--spring.ai.codemode.virtual-keys." + key + ".tools[0]=crm.nope");
        assertThat(report.description()).contains("Property: spring.ai.codemode.virtual-keys.sk-***.tools[0]")
                .contains("Origin: property source \"commandLineArgs\"");
        assertThat(report.printed()).doesNotContain(key).doesNotContain("91be03aa");
    }

    @Test
    void aVirtualKeySetInAnEnvironmentVariableIsNotShownThroughTheVariablesName(CapturedOutput output) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("SPRING_AI_CODEMODE_VIRTUALKEYS_SKLIVE5D1E_GROUPS_0_", "nope")));
        Report report = start(output, App.class, environment);
        assertThat(report.description()).contains("Property: spring.ai.codemode.virtual-keys.skl***.groups[0]")
                .contains("Origin: an environment variable");
        assertThat(report.printed()).doesNotContainIgnoringCase("sklive5d1e");
    }

    @Test
    void aDefaultKeyThatIsNoKeyIsReportedWithoutItsValue(CapturedOutput output) {
        String key = "sk-default-0c6e";
        Report report = start(output, App.class, "--spring.ai.codemode.virtual-keys.reader.tools[0]=crm.*",
                "--spring.ai.codemode.default-key=" + key);
        assertThat(report.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.default-key
                    Origin: "spring.ai.codemode.default-key" %s
                    Reason: it is not one of the keys under spring.ai.codemode.virtual-keys (the value is not shown: \
                it is a credential)""".formatted(ARGS));
        assertThat(report.action()).isEqualTo("Set spring.ai.codemode.default-key to one of the keys configured under"
                + " spring.ai.codemode.virtual-keys, or remove it: requests that carry no key are then refused.");
        assertThat(report.printed()).doesNotContain(key);
    }

    @Test
    void theRemovedReadOnlyPropertyIsReportedInAnyRelaxedSpelling(CapturedOutput output) {
        for (String setting : new String[] { "--spring.ai.codemode.auto-execute.read-only=true",
                "--spring.ai.codemode.autoExecute.readOnly=false" }) {
            Report report = start(output, App.class, setting);
            assertThat(report.description()).contains("Property: spring.ai.codemode.auto-execute.read-only")
                    .contains("Value: \"" + setting.substring(setting.indexOf('=') + 1) + "\"")
                    .contains("Reason: the property was removed: servers' read-only hints are no longer trusted for"
                            + " every server");
            assertThat(report.action()).isEqualTo("Delete spring.ai.codemode.auto-execute.read-only. List the tools"
                    + " that may run without approval in spring.ai.codemode.auto-execute.tools, and name the servers"
                    + " whose read-only hints you trust in spring.ai.codemode.auto-execute.trusted-servers.");
        }
    }

    @Test
    void limitsOutOfRangeAreAllReportedWithTheirDefaults(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.limits.max-tool-calls=0",
                "--spring.ai.codemode.limits.timeout=0s", "--spring.ai.codemode.limits.max-output-chars=100");
        assertThat(report.description()).isEqualTo("""
                3 Code Mode settings are invalid:

                    Property: spring.ai.codemode.limits.timeout
                    Value: "0s"
                    Origin: "spring.ai.codemode.limits.timeout" %1$s
                    Reason: must be a positive duration, such as 30s or 2m

                    Property: spring.ai.codemode.limits.max-tool-calls
                    Value: "0"
                    Origin: "spring.ai.codemode.limits.max-tool-calls" %1$s
                    Reason: must be a positive whole number

                    Property: spring.ai.codemode.limits.max-output-chars
                    Value: "100"
                    Origin: "spring.ai.codemode.limits.max-output-chars" %1$s
                    Reason: must be 200 or more""".formatted(ARGS));
        assertThat(report.action()).isEqualTo("""
                Set spring.ai.codemode.limits.timeout to a positive duration, such as 30s or 2m, or remove it to keep \
                the default (30s).

                Set spring.ai.codemode.limits.max-tool-calls to a positive whole number, or remove it to keep the \
                default (50).

                Set spring.ai.codemode.limits.max-output-chars to 200 or more, or remove it to keep the default \
                (20000).""");
    }

    @Test
    void otherNumbersOutOfRangeAreReported(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.auto-threshold-tokens=-1",
                "--spring.ai.codemode.audit.result-cap=10", "--spring.ai.codemode.audit.buffer-size=0");
        assertThat(report.description()).startsWith("3 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.auto-threshold-tokens\n    Value: \"-1\"")
                .contains("Reason: must not be negative")
                .contains("Property: spring.ai.codemode.audit.result-cap\n    Value: \"10\"")
                .contains("Reason: must be at least 32")
                .contains("Property: spring.ai.codemode.audit.buffer-size\n    Value: \"0\"")
                .contains("Reason: must be at least 1");
        assertThat(report.action()).contains("or remove it to keep the default (1500).")
                .contains("or remove it to keep the default (4000).")
                .contains("or remove it to keep the default (10000).");
    }

    @Test
    void pricesNeedAToolPatternAndNoNegativeAmount(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.tool-costs[crm]=1",
                "--spring.ai.codemode.tool-costs[crm.lookup_customer]=-1");
        assertThat(report.description()).startsWith("2 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.tool-costs[crm]\n    Value: \"1\"")
                .contains("Reason: 'crm' is not a tool pattern")
                .contains("Property: spring.ai.codemode.tool-costs[crm.lookup_customer]\n    Value: \"-1\"")
                .contains("Reason: a price must not be negative");
        assertThat(report.action()).contains("Key each price by a tool pattern:")
                .contains("Set spring.ai.codemode.tool-costs[crm.lookup_customer] to 0 or more");
    }

    @Test
    void valuesTheBinderCannotConvertAreReportedWithoutJavaNames(CapturedOutput output) {
        Report level = start(output, App.class, "--spring.ai.codemode.binding-level=folder");
        assertThat(level.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.binding-level
                    Value: "folder"
                    Origin: "spring.ai.codemode.binding-level" %s
                    Reason: not one of server, tool""".formatted(ARGS));
        assertThat(level.action()).isEqualTo("Set spring.ai.codemode.binding-level to server or tool.");

        Report exposure = start(output, App.class, "--spring.ai.codemode.exposure=everywhere");
        assertThat(exposure.description()).contains("Reason: not one of code-mode, direct, auto");
        assertThat(exposure.action()).isEqualTo("Set spring.ai.codemode.exposure to code-mode, direct or auto.");

        Report sink = start(output, App.class, "--spring.ai.codemode.audit.sink=s3");
        assertThat(sink.action()).isEqualTo("Set spring.ai.codemode.audit.sink to auto, jdbc, log or none.");

        Report timeout = start(output, App.class, "--spring.ai.codemode.limits.timeout=soon");
        assertThat(timeout.description()).contains("Value: \"soon\"").contains("Reason: not a duration");
        assertThat(timeout.action()).isEqualTo("Set spring.ai.codemode.limits.timeout to a duration such as 30s,"
                + " 500ms or 2m.");

        Report steps = start(output, App.class, "--spring.ai.codemode.limits.max-steps=lots");
        assertThat(steps.description()).contains("Reason: not a whole number");

        Report price = start(output, App.class, "--spring.ai.codemode.tool-costs[crm.*]=cheap");
        assertThat(price.description()).contains("Reason: not a number");

        Report warmUp = start(output, App.class, "--spring.ai.codemode.warm-up=maybe");
        assertThat(warmUp.description()).contains("Reason: not true or false");

        // read before the context exists, by the environment post-processor
        Report enabled = start(output, App.class, "--spring.ai.codemode.enabled=maybe");
        assertThat(enabled.description()).isEqualTo("""
                A Code Mode setting is invalid:

                    Property: spring.ai.codemode.enabled
                    Value: "maybe"
                    Origin: "spring.ai.codemode.enabled" %s
                    Reason: not true or false""".formatted(ARGS));
        assertThat(enabled.action()).isEqualTo("Set spring.ai.codemode.enabled to true or false.");
    }

    @Test
    void theJdbcSinkWithoutADatabaseOrWithABadTablePrefixIsReported(CapturedOutput output) {
        Report sink = start(output, App.class, "--spring.ai.codemode.audit.sink=jdbc");
        assertThat(sink.description()).contains("Property: spring.ai.codemode.audit.sink\n    Value: \"jdbc\"")
                .contains("Reason: the JDBC sink needs exactly one DataSource bean, and the application has none");
        assertThat(sink.action()).isEqualTo("Add spring-boot-starter-jdbc and a database (spring.datasource.url), or"
                + " set spring.ai.codemode.audit.sink to auto (the database when there is one, else the log) or log.");

        Report prefix = start(output, JdbcApp.class, "--spring.datasource.url=jdbc:h2:mem:report;DB_CLOSE_DELAY=-1",
                "--spring.ai.codemode.audit.sink=jdbc", "--spring.ai.codemode.audit.table-prefix=audit;drop");
        assertThat(prefix.description()).contains("Property: spring.ai.codemode.audit.table-prefix")
                .contains("Value: \"audit;drop\"").contains("Reason: table prefix must be a plain SQL identifier");
        assertThat(prefix.action()).startsWith("Set spring.ai.codemode.audit.table-prefix to a letter or underscore");
    }

    @Test
    void skillSettingsTheCoreCannotUseAreReported(CapturedOutput output) {
        Report store = start(output, App.class, "--spring.ai.codemode.skills.enabled=true",
                "--spring.ai.codemode.skills.store=jdbc");
        assertThat(store.description()).contains("Property: spring.ai.codemode.skills.store\n    Value: \"jdbc\"")
                .contains("Reason: the JDBC skill store needs exactly one DataSource bean, and the application has none");
        assertThat(store.action()).startsWith("Add spring-boot-starter-jdbc and a database");

        Report limits = start(output, App.class, "--spring.ai.codemode.skills.enabled=true",
                "--spring.ai.codemode.skills.max-skills=0", "--spring.ai.codemode.skills.max-source-chars=5");
        assertThat(limits.description()).startsWith("2 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.skills.max-skills\n    Value: \"0\"")
                .contains("Property: spring.ai.codemode.skills.max-source-chars\n    Value: \"5\"");

        Report missing = start(output, App.class, "--spring.ai.codemode.skills.enabled=true",
                "--spring.ai.codemode.skills.locations[0]=skills/valid",
                "--spring.ai.codemode.skills.locations[1]=skills/nowhere");
        assertThat(missing.description()).contains("Property: spring.ai.codemode.skills.locations[1]")
                .contains("Value: \"skills/nowhere\"").contains("no such folder");

        Report shape = start(output, App.class, "--spring.ai.codemode.skills.enabled=true",
                "--spring.ai.codemode.skills.locations[0]=skills/no-docstring");
        assertThat(shape.description()).contains("Property: spring.ai.codemode.skills.locations[0]")
                .contains("skills/no-docstring/bare.star");
        assertThat(shape.action()).startsWith("Correct the skill file as the reason says");

        Report tool = start(output, App.class, "--spring.ai.codemode.skills.enabled=true",
                "--spring.ai.codemode.skills.locations[0]=skills/unknown-tool");
        assertThat(tool.description()).contains("Property: spring.ai.codemode.skills.locations")
                .contains("skills/unknown-tool/wipe.star").contains("wipe_customer");
    }

    @Test
    void localToolsNamedLikeAnotherServerAreReported(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.ai.codemode.local-tools.enabled=true",
                "--spring.ai.codemode.local-tools.server-name=crm");
        assertThat(report.description()).contains("Property: spring.ai.codemode.local-tools.server-name")
                .contains("Value: \"crm\"").contains("Reason: another server is already named crm");
        assertThat(report.action()).isEqualTo("Set spring.ai.codemode.local-tools.server-name to a name no other"
                + " server has.");
    }

    @Test
    void mistakesInAFileAreReportedTogetherWithTheirLines(CapturedOutput output) {
        Report report = start(output, App.class, "--spring.config.location=classpath:/invalid-settings/application.yml");
        assertThat(report.description()).startsWith("3 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.tool-groups.reading[0]\n    Value: \"crm\"\n")
                .containsPattern("Origin: class path resource \\[invalid-settings/application.yml\\].* - 6:\\d+")
                .containsPattern("Origin: class path resource \\[invalid-settings/application.yml\\].* - 8:\\d+")
                .containsPattern("Origin: class path resource \\[invalid-settings/application.yml\\].* - 10:\\d+");
    }

    @Test
    void badMcpServerTokensAndSpringAiServerSettingsAreReportedWithTheKeysMasked(CapturedOutput output) {
        String key = "sk-live-aa11bb22";
        String other = "sk-team-cc33dd44";
        String unknown = "sk-nokey-ee55ff66";
        Report report = start(output, WebApp.class, WebApplicationType.SERVLET, "--server.port=0",
                "--spring.ai.codemode.virtual-keys." + key + ".tools[0]=crm.*",
                "--spring.ai.codemode.virtual-keys." + other + ".tools[0]=crm.*",
                "--spring.ai.codemode.mcp-server.enabled=true",
                "--spring.ai.codemode.mcp-server.tokens." + key + ".sha256=abc123",
                "--spring.ai.codemode.mcp-server.tokens." + other + ".env=CODEMODE_TEST_UNSET_TOKEN_VARIABLE",
                "--spring.ai.codemode.mcp-server.tokens." + unknown + ".sha256="
                        + "5d450380b7e241f0d16273d65deb9f5aad04820361898bdb1d66902ce1f7a05a",
                "--spring.ai.mcp.server.tool-callback-converter=true");
        assertThat(report.description()).startsWith("4 Code Mode settings are invalid:")
                .contains("Property: spring.ai.codemode.mcp-server.tokens.sk-***.sha256",
                        "Reason: not a SHA-256 digest (64 hex digits)")
                .contains("Property: spring.ai.codemode.mcp-server.tokens.sk-***.env",
                        "Value: \"CODEMODE_TEST_UNSET_TOKEN_VARIABLE\"", "the environment variable is not set")
                .contains("Property: spring.ai.codemode.mcp-server.tokens.sk-***\n",
                        "Reason: the key is not one of spring.ai.codemode.virtual-keys")
                .contains("Property: spring.ai.mcp.server.tool-callback-converter", "Value: \"true\"",
                        "anonymous tools whose errors read as successes");
        assertThat(report.action()).contains("sha256sum", "Remove spring.ai.mcp.server.tool-callback-converter");
        assertThat(report.printed()).doesNotContain("aa11bb22", "cc33dd44", "ee55ff66", "abc123",
                "5d450380b7e241f0d16273d65deb9f5aad04820361898bdb1d66902ce1f7a05a");
    }

    @Test
    void servingOverMcpWithoutTokensNeedsAnonymousCallersAllowed(CapturedOutput output) {
        Report report = start(output, WebApp.class, WebApplicationType.SERVLET, "--server.port=0",
                "--spring.ai.codemode.mcp-server.enabled=true");
        assertThat(report.description()).contains("Property: spring.ai.codemode.mcp-server.tokens",
                "no caller has a token");
        assertThat(report.action()).contains("spring.ai.codemode.mcp-server.allow-anonymous=true");
    }

    @Test
    void failuresThatAreNotAboutCodeModeSettingsAreLeftToSpringBoot() {
        CodeModeFailureAnalyzer analyzer = new CodeModeFailureAnalyzer(new StandardEnvironment());
        assertThat(analyzer.analyze(new IllegalStateException("spring.ai.codemode.limits.timeout"))).isNull();
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("other.timeout", "soon")));
        BindException other = org.assertj.core.api.Assertions.catchThrowableOfType(BindException.class,
                () -> binder.bind("other.timeout", java.time.Duration.class));
        assertThat(other).isNotNull();
        assertThat(analyzer.analyze(other)).isNull();
    }

    private static Report start(CapturedOutput output, Class<?> app, String... args) {
        return start(output, app, (StandardEnvironment) null, args);
    }

    private static Report start(CapturedOutput output, Class<?> app, WebApplicationType type, String... args) {
        return start(output, app, null, args, type);
    }

    private static Report start(CapturedOutput output, Class<?> app, StandardEnvironment environment) {
        return start(output, app, environment, new String[0]);
    }

    /**
     * Runs the application, expects it to fail, and checks what every report must be: printed once,
     * without a stack trace, Java names or the exception's own log line.
     */
    private static Report start(CapturedOutput output, Class<?> app, StandardEnvironment environment, String[] args) {
        return start(output, app, environment, args, WebApplicationType.NONE);
    }

    private static Report start(CapturedOutput output, Class<?> app, StandardEnvironment environment, String[] args,
            WebApplicationType type) {
        int from = output.getAll().length();
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(type);
        application.setBannerMode(Banner.Mode.OFF);
        if (environment != null) {
            application.setEnvironment(environment);
        }
        assertThatThrownBy(() -> application.run(args).close()).as("start-up fails").isNotNull();
        String printed = output.getAll().substring(from);

        assertThat(count(printed, "APPLICATION FAILED TO START")).as(printed).isEqualTo(1);
        assertThat(printed).as("no stack trace").doesNotContain("Caused by:").doesNotContain("\tat ")
                .doesNotContain("Application run failed");
        Matcher report = Pattern.compile("Description:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R(?=\\d{4}-\\d\\d-\\d\\dT|\\z)",
                Pattern.DOTALL).matcher(printed);
        assertThat(report.find()).as(printed).isTrue();
        String description = report.group(1).replace("\r\n", "\n");
        String action = report.group(2).strip().replace("\r\n", "\n");
        assertThat(count(printed, report.group(1))).as("the description, once").isEqualTo(1);
        assertThat(count(printed, report.group(2).strip())).as("the action, once").isEqualTo(1);
        assertThat(description + action).as("no Java names").doesNotContain("dev.codemode").doesNotContain("java.")
                .doesNotContain("Exception").doesNotContain("org.springframework");
        return new Report(printed, description, action);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
