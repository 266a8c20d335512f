package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.access.VirtualKey;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.audit.ToolCosts;
import dev.codemode.CodeMode;
import dev.codemode.access.AccessControl;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.audit.Slf4jAuditSink;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.resilience.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Conditions, overrides and property binding of the auto-configuration, without a web server or MCP. */
class CodeModeAutoConfigurationTest {

    /** Nothing configured: the defaults. */
    private final ApplicationContextRunner bare = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CrmTools.class);

    /** The lookup on the allowlist, as most applications would have it. */
    private final ApplicationContextRunner runner = bare
            .withPropertyValues("spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer");

    @Test
    void offersExactlyTheFourMetaToolsOverTheCatalog() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CodeMode.class).hasSingleBean(CodeModeToolCallbacks.class);
            ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
            assertThat(callbacks).extracting(c -> c.getToolDefinition().name()).containsExactly(
                    CodeMode.LIST_TOOL_FILES, CodeMode.READ_TOOL_FILE, CodeMode.GET_TOOL_DOCS,
                    CodeMode.EXECUTE_TOOL_CODE);
            assertThat(callbacks[3].getToolDefinition().inputSchema()).contains("\"code\"");
            String listing = callbacks[0].call("{}");
            assertThat(listing).contains("crm");
            String result = execute(callbacks, "print(crm.lookup_customer(id='c1')['name'])", Map.of());
            assertThat(result).contains("Ada");
        });
    }

    @Test
    void disabledMeansNoBeans() {
        runner.withPropertyValues("spring.ai.codemode.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CodeMode.class)
                        .doesNotHaveBean(CodeModeToolCallbacks.class));
    }

    @Test
    void applicationBeansReplaceTheDefaults() {
        InMemoryAuditSink sink = AuditSink.inMemory();
        runner.withBean(AuditSink.class, () -> sink)
                .withBean(CodeModeBuilderCustomizer.class, () -> core -> core.accessControl(AccessControl.open()))
                .run(context -> {
                    assertThat(context.getBean(AuditSink.class)).isSameAs(sink);
                    execute(context.getBean(CodeModeToolCallbacks.class).getToolCallbacks(),
                            "crm.lookup_customer(id='c1')", Map.of());
                    context.getBean(AuditLog.class).flush();
                    assertThat(sink.toolCalls()).singleElement()
                            .satisfies(call -> assertThat(call.toolId()).isEqualTo("crm.lookup_customer"));
                });
        runner.withUserConfiguration(OwnCodeMode.class).run(context -> {
            assertThat(context).hasSingleBean(CodeMode.class);
            assertThat(context.getBean(CodeMode.class)).isSameAs(context.getBean(OwnCodeMode.class).codeMode);
        });
    }

    @Test
    void customizerBeansRunAfterThePropertiesAndMayOverrideThem() {
        runner.withPropertyValues("spring.ai.codemode.exposure=direct")
                .withBean(CodeModeBuilderCustomizer.class,
                        () -> core -> core.exposure(dev.codemode.Exposure.CODE_MODE).directTools("crm.lookup_customer"))
                .run(context -> assertThat(context.getBean(CodeModeToolCallbacks.class).getToolCallbacks())
                        .extracting(c -> c.getToolDefinition().name())
                        .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode",
                                "crm__lookup_customer"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void warmsUpOffTheStartUpThreadOnceReadyUnlessTurnedOff(CapturedOutput output) {
        runner.run(context -> {
            context.publishEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(
                    new org.springframework.boot.SpringApplication(), new String[0],
                    context.getSourceApplicationContext(), java.time.Duration.ZERO));
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("codemode-warm-up")) {
                    assertThat(thread).isNotSameAs(Thread.currentThread());
                    thread.join(10_000);
                }
            }
            assertThat(output).doesNotContain("warm-up failed");
        });
        runner.withPropertyValues("spring.ai.codemode.warm-up=false")
                .run(context -> assertThat(context).doesNotHaveBean("codeModeWarmUp"));
    }

    @Test
    void theVirtualKeyComesFromTheToolContextAndHidesTools() {
        runner.withPropertyValues(
                "spring.ai.codemode.tool-groups.reading[0]=crm.lookup_customer",
                "spring.ai.codemode.virtual-keys.support.groups[0]=reading",
                "spring.ai.codemode.virtual-keys.admin.tools[0]=crm.*",
                "spring.ai.codemode.auto-execute.tools[0]=crm.*")
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    Map<String, Object> support = Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "support");
                    Map<String, Object> admin = Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, "admin");
                    assertThat(callbacks[0].call("{}", new ToolContext(support))).doesNotContain("delete_customer");
                    assertThat(callbacks[0].call("{}", new ToolContext(admin))).contains("crm");
                    assertThat(execute(callbacks, "crm.delete_customer(id='c1')", support))
                            .doesNotContain("Deleted").contains("delete_customer");
                    assertThat(execute(callbacks, "print(crm.delete_customer(id='c1'))", admin)).contains("Deleted c1");
                    // No key at all: refused, since keys are configured and no default key is set.
                    assertThat(callbacks[0].call("{}")).doesNotContain("lookup_customer");
                });
    }

    @Test
    void anApprovalHandlerBeanIsAskedForScriptsOutsideTheAllowList() {
        List<ApprovalRequest> asked = new ArrayList<>();
        runner.withBean(ApprovalHandler.class, () -> request -> {
            asked.add(request);
            return ApprovalDecision.deny("not today");
        }).run(context -> {
            ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
            // Allowlisted tools run without asking.
            assertThat(execute(callbacks, "print(crm.lookup_customer(id='c1')['name'])", Map.of())).contains("Ada");
            assertThat(asked).isEmpty();
            assertThat(execute(callbacks, "crm.delete_customer(id='c1')", Map.of())).contains("not today");
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.tools()).contains("crm.delete_customer"));
            assertThat(context.getBean(CrmTools.class).deletes.get()).isZero();
        });
    }

    @Test
    void byDefaultNothingRunsWithoutAskingWhateverTheServerSays() {
        List<ApprovalRequest> asked = new ArrayList<>();
        bare.withBean(ApprovalHandler.class, () -> request -> {
            asked.add(request);
            return ApprovalDecision.deny(null);
        }).run(context -> {
            ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
            // crm says lookup_customer is readOnlyHint: true; that is a claim, not a reason to run it unasked
            assertThat(execute(callbacks, "print(crm.lookup_customer(id='c1')['name'])", Map.of()))
                    .contains("approval denied: crm.lookup_customer needs approval").doesNotContain("Ada");
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.needApproval())
                    .containsExactly("crm.lookup_customer"));
            assertThat(callbacks[1].call("{\"fileName\": \"servers/crm.pyi\"}"))
                    .contains("Every call needs approval.").doesNotContain("Read-only");
        });
    }

    @Test
    void trustedServersRunTheirReadOnlyToolsWithoutAskingButNeverADestructiveOne() {
        List<ApprovalRequest> asked = new ArrayList<>();
        bare.withPropertyValues("spring.ai.codemode.auto-execute.trusted-servers=crm")
                .withBean(ApprovalHandler.class, () -> request -> {
                    asked.add(request);
                    return ApprovalDecision.deny(null);
                }).run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    assertThat(execute(callbacks, "print(crm.lookup_customer(id='c1')['name'])", Map.of())).contains("Ada");
                    assertThat(asked).isEmpty();
                    assertThat(execute(callbacks, "crm.delete_customer(id='c1')", Map.of()))
                            .contains("crm.delete_customer needs approval");
                    assertThat(context.getBean(CrmTools.class).deletes.get()).isZero();
                });
    }

    @Test
    void anAccessControlApprovalPolicyOrToolCostsBeanIsNeverSilentlyIgnored() {
        // An access-control bean that quietly stopped counting would show every caller every tool.
        runner.withBean("keys", AccessControl.class, () -> AccessControl.builder()
                        .keys(List.of(new VirtualKey("reader", List.of("crm.lookup_customer"), List.of()))).build())
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("AccessControl bean 'keys' is not picked up")
                        .hasMessageContaining("core.accessControl(yours)"));
        runner.withBean("policy", ApprovalPolicy.class, () -> ApprovalPolicy.allowlist("crm.*"))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ApprovalPolicy bean 'policy'").hasMessageContaining("approvalPolicy(yours)"));
        runner.withBean("prices", ToolCosts.class, ToolCosts::none)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("ToolCosts bean 'prices'").hasMessageContaining("tool-costs"));
    }

    @Test
    void theRemovedReadOnlyPropertyStopsStartUpNamingItsReplacement() {
        for (String setting : List.of("spring.ai.codemode.auto-execute.read-only=true",
                "spring.ai.codemode.auto-execute.read-only=false", "spring.ai.codemode.autoExecute.readOnly=true")) {
            bare.withPropertyValues(setting).run(context -> assertThat(context).as(setting).hasFailed().getFailure()
                    .rootCause().isInstanceOfSatisfying(InvalidCodeModeSettingsException.class, e -> {
                        assertThat(e).hasMessageContaining("spring.ai.codemode.auto-execute.read-only");
                        assertThat(e.problems()).singleElement().extracting(InvalidCodeModeSettingsException.Problem::action)
                                .asString().contains("spring.ai.codemode.auto-execute.trusted-servers")
                                .contains("spring.ai.codemode.auto-execute.tools");
                    }));
        }
    }

    @Test
    void trustedServersAreCheckedLikeToolPatterns() {
        bare.withPropertyValues("spring.ai.codemode.auto-execute.trusted-servers=crmm")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("auto-execute.trusted-servers[0] = crmm: no server crmm"));
        bare.withPropertyValues("spring.ai.codemode.auto-execute.trusted-servers=*")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("spring.ai.codemode.auto-execute.trusted-servers[0] = *: '*' is not a"
                                + " server name"));
    }

    @Test
    void theConfigurationMetadataIsGeneratedWithTheTrustedServersAndTheRemovedProperty() throws Exception {
        String metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<?> properties = (List<?>) ((Map<?, ?>) dev.codemode.json.JsonValues.parse(metadata)).get("properties");
        Map<?, ?> trusted = property(properties, "spring.ai.codemode.auto-execute.trusted-servers");
        assertThat(trusted.get("sourceType")).as("written by the processor").isEqualTo(
                "dev.codemode.spring.CodeModeProperties$AutoExecute");
        Map<?, ?> removed = property(properties, "spring.ai.codemode.auto-execute.read-only");
        Map<?, ?> deprecation = (Map<?, ?>) removed.get("deprecation");
        assertThat(deprecation.get("level")).isEqualTo("error");
        assertThat(deprecation.get("replacement")).isEqualTo("spring.ai.codemode.auto-execute.trusted-servers");
    }

    private static Map<?, ?> property(List<?> properties, String name) {
        return properties.stream().map(Map.class::cast).filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no metadata for " + name));
    }

    @Test
    void withoutAnApprovalHandlerScriptsNeedingApprovalAreDenied() {
        runner.run(context -> {
            ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
            assertThat(execute(callbacks, "crm.delete_customer(id='c1')", Map.of())).containsIgnoringCase("denied");
            assertThat(context.getBean(CrmTools.class).deletes.get()).isZero();
        });
    }

    @Test
    void malformedSettingsStopStartUpNamingTheProperty() {
        runner.withPropertyValues("spring.ai.codemode.tool-groups.reading[0]=crm")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("spring.ai.codemode.tool-groups.reading[0]")
                        .hasMessageContaining("server.tool"));
        runner.withPropertyValues("spring.ai.codemode.virtual-keys.support.groups[0]=nope")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("spring.ai.codemode.virtual-keys")
                        .hasMessageContaining("group 'nope'"));
        runner.withPropertyValues("spring.ai.codemode.limits.max-tool-calls=0", "spring.ai.codemode.limits.timeout=5s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("spring.ai.codemode.limits.max-tool-calls"));
        runner.withPropertyValues("spring.ai.codemode.tool-costs[crm.lookup_customer]=-1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.tool-costs[crm.lookup_customer] = -1: a price must not"
                                + " be negative"));
        runner.withPropertyValues("spring.ai.codemode.tool-costs[crm]=1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.tool-costs").hasMessageContaining("'crm'")
                        .hasMessageContaining("server.tool, server.* or *"));
        runner.withPropertyValues("spring.ai.codemode.virtual-keys.support.tools[0]=crm.*",
                "spring.ai.codemode.default-key=supprot")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.default-key: it is not one of the keys under"
                                + " spring.ai.codemode.virtual-keys")
                        .hasMessageNotContaining("supprot"));
        runner.withPropertyValues("spring.ai.codemode.audit.sink=jdbc", "spring.ai.codemode.audit.table-prefix=x;drop")
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:prefix;DB_CLOSE_DELAY=-1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.audit.table-prefix = x;drop: "));
        runner.withPropertyValues("spring.ai.codemode.binding-level=folder")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("spring.ai.codemode.binding-level"));
    }

    @Test
    void unknownToolsInGroupsKeysAndAllowListsAreReportedNotIgnored() {
        runner.withPropertyValues("spring.ai.codemode.tool-groups.reading[0]=crm.lookup_custmer",
                "spring.ai.codemode.auto-execute.tools[0]=billing.*")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tool-groups.reading[0] = crm.lookup_custmer: server crm has no such tool")
                        .hasMessageContaining("lookup_customer")
                        .hasMessageContaining("auto-execute.tools[0] = billing.*: no server billing"));
    }

    @Test
    void limitsBindOntoTheCoreDefaults() {
        runner.withPropertyValues("spring.ai.codemode.limits.max-tool-calls=1")
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    String result = execute(callbacks,
                            "crm.lookup_customer(id='c1')\ncrm.lookup_customer(id='c1')", Map.of());
                    assertThat(result).contains("tool calls");
                });
    }

    @Test
    void auditGoesToTheDatabaseWhenThereIsOneAndToTheLogOtherwise() {
        runner.run(context -> assertThat(context.getBean(AuditSink.class)).isInstanceOf(Slf4jAuditSink.class));
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1")
                .run(context -> {
                    JdbcAuditSink sink = (JdbcAuditSink) context.getBean(AuditSink.class);
                    execute(context.getBean(CodeModeToolCallbacks.class).getToolCallbacks(),
                            "crm.lookup_customer(id='c1')", Map.of(CodeModeToolCallbacks.PARENT_REQUEST_ID, "turn-1"));
                    context.getBean(AuditLog.class).flush();
                    assertThat(sink.toolCallCount()).isEqualTo(1);
                    assertThat(sink.executionCount()).isEqualTo(1);
                    assertThat(sink.recentToolCalls(5)).singleElement().satisfies(row -> {
                        assertThat(row.tool()).isEqualTo("lookup_customer");
                        assertThat(row.result()).contains("Ada");
                    });
                });
        runner.withPropertyValues("spring.ai.codemode.audit.sink=jdbc")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.ai.codemode.audit.sink = jdbc: the JDBC sink needs exactly one"
                                + " DataSource bean, and the application has none"));
    }

    @Test
    void breakersComeFromTheApplicationsRegistryWithCoreDefaultsForUnnamedServers() {
        CircuitBreakerConfig strict = CircuitBreakerConfig.custom().slidingWindowSize(2).minimumNumberOfCalls(2).build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        registry.circuitBreaker("crm", strict);
        runner.withUserConfiguration(BillingTools.class).withBean(CircuitBreakerRegistry.class, () -> registry)
                .withPropertyValues("spring.ai.codemode.auto-execute.tools[1]=billing.balance")
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    execute(callbacks, "crm.lookup_customer(id='c1')\nbilling.balance(id='c1')", Map.of());
                    CircuitBreaker crm = registry.circuitBreaker("crm");
                    assertThat(crm.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(2);
                    CircuitBreaker billing = registry.find("billing").orElseThrow();
                    assertThat(billing.getCircuitBreakerConfig().getSlidingWindowSize())
                            .isEqualTo(Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG.getSlidingWindowSize());
                    assertThat(context.getBean(CodeMode.class).breakerStates()).containsKeys("crm", "billing");
                });
    }

    @Test
    void metricsCountExecutionsToolCallsDenialsAndLimitHits() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("spring.ai.codemode.limits.max-steps=1000",
                        "spring.ai.codemode.tool-costs[crm.lookup_customer]=0.25")
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    execute(callbacks, "crm.lookup_customer(id='c1')\ncrm.lookup_customer(id='c2')", Map.of());
                    execute(callbacks, "crm.delete_customer(id='c1')", Map.of());
                    execute(callbacks, "for i in range(100000):\n    pass", Map.of());
                    context.getBean(AuditLog.class).flush();
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("codemode.tool.calls").tag("tool", "lookup_customer").counter().count())
                            .isEqualTo(2);
                    assertThat(meters.get("codemode.tool.cost").counter().count()).isEqualTo(0.5);
                    assertThat(meters.get("codemode.executions").tag("outcome", "ok").counter().count()).isEqualTo(1);
                    assertThat(meters.get("codemode.denials").counter().count()).isEqualTo(1);
                    assertThat(meters.get("codemode.limit.hits").counter().count()).isEqualTo(1);
                    assertThat(meters.get("codemode.tool.latency").timer().count()).isEqualTo(2);
                    assertThat(meters.get("codemode.breaker.open").tag("server", "crm").gauge().value()).isZero();
                });
    }

    @Test
    void theApplicationsOwnToolCallbacksBecomeAServerWhenAskedTo() {
        ToolCallback weather = new ToolCallback() {
            @Override
            public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
                return DefaultToolDefinition.builder().name("weather").description("Weather in a city.")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}").build();
            }

            @Override
            public String call(String toolInput) {
                return "{\"sky\":\"clear\",\"input\":" + toolInput + "}";
            }
        };
        runner.withBean("weatherTool", ToolCallback.class, () -> weather)
                .withPropertyValues("spring.ai.codemode.auto-execute.tools[0]=app.*")
                .run(context -> assertThat(context).hasFailed());
        runner.withBean("weatherTool", ToolCallback.class, () -> weather)
                .withPropertyValues("spring.ai.codemode.local-tools.enabled=true",
                        "spring.ai.codemode.auto-execute.tools[0]=app.*")
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    assertThat(execute(callbacks, "print(app.weather(city='Oslo'))", Map.of()))
                            .contains("clear").contains("Oslo");
                });
    }

    @Test
    void theEnvironmentPostProcessorTurnsRawMcpCallbacksOffUnlessSetOtherwise() {
        var environment = new org.springframework.mock.env.MockEnvironment();
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(CodeModeEnvironmentPostProcessor.MCP_TOOL_CALLBACKS)).isEqualTo("false");

        var overridden = new org.springframework.mock.env.MockEnvironment()
                .withProperty(CodeModeEnvironmentPostProcessor.MCP_TOOL_CALLBACKS, "true");
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(overridden, null);
        assertThat(overridden.getProperty(CodeModeEnvironmentPostProcessor.MCP_TOOL_CALLBACKS)).isEqualTo("true");

        var off = new org.springframework.mock.env.MockEnvironment().withProperty("spring.ai.codemode.enabled", "false");
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(off, null);
        assertThat(off.getProperty(CodeModeEnvironmentPostProcessor.MCP_TOOL_CALLBACKS)).isNull();
    }

    @Test
    void servingOverMcpMakesSpringAisServerStreamableWithoutItsConverterUnlessSetOtherwise() {
        var plain = new org.springframework.mock.env.MockEnvironment();
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(plain, null);
        assertThat(plain.getProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_PROTOCOL)).isNull();
        assertThat(plain.getProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_CONVERTER)).isNull();

        var served = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.ai.codemode.mcp-server.enabled", "true");
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(served, null);
        assertThat(served.getProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_PROTOCOL)).isEqualTo("STREAMABLE");
        assertThat(served.getProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_CONVERTER)).isEqualTo("false");

        var overridden = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.ai.codemode.mcp-server.enabled", "true")
                .withProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_CONVERTER, "true");
        new CodeModeEnvironmentPostProcessor().postProcessEnvironment(overridden, null);
        assertThat(overridden.getProperty(CodeModeEnvironmentPostProcessor.MCP_SERVER_CONVERTER)).isEqualTo("true");
        assertThat(CodeModeMcpServerAutoConfiguration.springAiSettings(overridden)).singleElement()
                .satisfies(p -> assertThat(p.property()).isEqualTo(CodeModeEnvironmentPostProcessor.MCP_SERVER_CONVERTER));
        assertThat(CodeModeMcpServerAutoConfiguration.springAiSettings(served)).isEmpty();
    }

    static String execute(ToolCallback[] callbacks, String code, Map<String, Object> toolContext) {
        String input = dev.codemode.json.JsonValues.write(Map.of("code", code));
        return callbacks[3].call(input, new ToolContext(toolContext));
    }

    /** A small CRM server with one read-only and one destructive tool. */
    @Configuration(proxyBeanMethods = false)
    static class CrmTools {
        final AtomicInteger deletes = new AtomicInteger();

        @Bean
        ToolSource crm() {
            Map<String, Object> idSchema = Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string")),
                    "required", List.of("id"));
            return FunctionToolSource.builder("crm")
                    .tool(ToolDescriptor.of("crm", "lookup_customer", "One customer by id.", idSchema)
                            .withAnnotations(ToolAnnotations.readOnly()),
                            args -> ToolResult.of(Map.of("id", args.get("id"), "name", "Ada")))
                    .tool(ToolDescriptor.of("crm", "delete_customer", "Delete a customer.", idSchema)
                            .withAnnotations(ToolAnnotations.destructive()),
                            args -> {
                                deletes.incrementAndGet();
                                return ToolResult.of("Deleted " + args.get("id"));
                            })
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BillingTools {
        @Bean
        ToolSource billing() {
            return FunctionToolSource.builder("billing")
                    .tool(ToolDescriptor.of("billing", "balance", "Balance of a customer.",
                            Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string"))))
                            .withAnnotations(ToolAnnotations.readOnly()), args -> ToolResult.of(12.5))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCodeMode {
        final CodeMode codeMode = CodeMode.builder().toolSources(FunctionToolSource.builder("own").build()).build();

        @Bean
        CodeMode ownCodeMode() {
            return codeMode;
        }
    }
}
