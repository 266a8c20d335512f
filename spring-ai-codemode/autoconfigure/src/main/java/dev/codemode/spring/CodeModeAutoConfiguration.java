package dev.codemode.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.codemode.CodeMode;
import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.ApprovalStore;
import dev.codemode.approval.JdbcApprovalStore;
import dev.codemode.access.AccessControl;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.catalog.ToolSource;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.resilience.Resilience;
import dev.codemode.skill.JdbcSkillStore;
import dev.codemode.skill.SkillException;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.mcp.McpToolsChangedEvent;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Code Mode for a Spring AI application: every {@code McpSyncClient} of Spring AI's MCP client starter
 * (plus any {@link ToolSource} bean, plus optionally the application's own tool callbacks) becomes a
 * server of one catalog, and {@link CodeModeToolCallbacks} offers the model the four meta-tools.
 * Every bean backs off when the application defines its own of the same type.
 */
@AutoConfiguration(afterName = {
        "org.springframework.ai.mcp.client.common.autoconfigure.McpClientAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration",
        "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
        "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration" })
@ConditionalOnClass({ CodeMode.class, ToolCallbackProvider.class })
@ConditionalOnBooleanProperty(name = CodeModeProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(CodeModeProperties.class)
public class CodeModeAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CodeModeAutoConfiguration.class);
    static final String METRICS_BEAN = "codeModeMetrics";
    /** Checked before anything in this class touches a Micrometer type: Micrometer is optional. */
    private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent(
            "io.micrometer.core.instrument.MeterRegistry", CodeModeAutoConfiguration.class.getClassLoader());

    /**
     * A property that no longer exists but whose absence would silently change what runs without
     * approval: "read-only=true" used to auto-run every tool whose server claimed readOnlyHint.
     */
    static final String REMOVED_READ_ONLY = CodeModeProperties.PREFIX + ".auto-execute.read-only";

    /** The {@code spring.ai.codemode.*} properties, applied to the core builder before any other customizer. */
    @Bean
    @Order(0)
    CodeModeBuilderCustomizer codeModePropertiesCustomizer(CodeModeProperties properties) {
        return properties::applyTo;
    }

    /**
     * Stops start-up when {@value #REMOVED_READ_ONLY} is set, in any of Spring's relaxed forms: ignoring
     * it would change which tools run without approval without a word.
     */
    static void rejectRemovedProperties(Environment environment) {
        Binder.get(environment).bind(REMOVED_READ_ONLY, String.class).ifBound(value -> {
            throw new InvalidCodeModeSettingsException(new Problem(REMOVED_READ_ONLY, value, "the property was"
                    + " removed: servers' read-only hints are no longer trusted for every server",
                    "Delete " + REMOVED_READ_ONLY + ". List the tools that may run without approval in "
                            + CodeModeProperties.PREFIX + ".auto-execute.tools, and name the servers whose read-only"
                            + " hints you trust in " + CodeModeProperties.PREFIX + ".auto-execute.trusted-servers."));
        });
    }

    @Bean
    @ConditionalOnMissingBean
    AuditSink codeModeAuditSink(CodeModeProperties properties, ObjectProvider<DataSource> dataSource) {
        CodeModeProperties.Audit audit = properties.audit();
        DataSource source = dataSource.getIfUnique();
        return switch (audit.sink()) {
            case NONE -> record -> { };
            case LOG -> AuditSink.slf4j();
            case JDBC -> {
                if (source == null) {
                    String property = CodeModeProperties.property("audit.sink");
                    throw new InvalidCodeModeSettingsException(new Problem(property, "jdbc",
                            "the JDBC sink needs exactly one DataSource bean, and the application has "
                                    + (dataSource.stream().findAny().isPresent() ? "several" : "none"),
                            "Add spring-boot-starter-jdbc and a database (spring.datasource.url), or set " + property
                                    + " to auto (the database when there is one, else the log) or log."));
                }
                yield jdbcSink(source, audit);
            }
            case AUTO -> source == null ? AuditSink.slf4j() : jdbcSink(source, audit);
        };
    }

    private static AuditSink jdbcSink(DataSource source, CodeModeProperties.Audit audit) {
        JdbcAuditSink sink;
        try {
            sink = new JdbcAuditSink(source, audit.tablePrefix());
        } catch (IllegalArgumentException e) {
            String property = CodeModeProperties.property("audit.table-prefix");
            throw new InvalidCodeModeSettingsException(new Problem(property, audit.tablePrefix(), e.getMessage(),
                    "Set " + property + " to a letter or underscore followed by up to 40 letters, digits or"
                            + " underscores (the tables are <prefix>_execution and <prefix>_tool_call), or remove"
                            + " it to keep the default (codemode)."));
        }
        if (audit.initializeSchema()) {
            sink.createTables();
        }
        return sink;
    }

    /** {@code property=jdbc} for a store (approvals, skills) when there is not exactly one DataSource. */
    static InvalidCodeModeSettingsException noDataSource(String property, String store,
            ObjectProvider<DataSource> dataSource, String memoryMeans) {
        return new InvalidCodeModeSettingsException(new Problem(property, "jdbc", "the JDBC " + store
                + " needs exactly one DataSource bean, and the application has "
                + (dataSource.stream().findAny().isPresent() ? "several" : "none"),
                "Add spring-boot-starter-jdbc and a database (spring.datasource.url), or set " + property
                        + " to auto (the database when there is one, else memory) or memory (" + memoryMeans + ")."));
    }

    /** The audit table prefix a store next to the audit tables (approvals, skills) refused. */
    static InvalidCodeModeSettingsException badTablePrefix(CodeModeProperties properties, IllegalArgumentException e) {
        String property = CodeModeProperties.property("audit.table-prefix");
        return new InvalidCodeModeSettingsException(new Problem(property, properties.audit().tablePrefix(),
                e.getMessage(), "Set " + property + " to a letter or underscore followed by up to 40 letters,"
                        + " digits or underscores, or remove it to keep the default (codemode)."));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AuditLog codeModeAuditLog(AuditSink sink, CodeModeProperties properties,
            ListableBeanFactory beans) {
        List<AuditSink> sinks = new ArrayList<>(List.of(sink));
        if (MICROMETER_PRESENT) {
            Metrics.feed(beans, sinks);
        }
        return AuditLog.builder()
                .sink(AuditSink.fanOut(sinks))
                .costs(properties.costs())
                .resultCap(properties.audit().resultCap())
                .bufferSize(properties.audit().bufferSize())
                .build();
    }

    /**
     * Breakers, time limits, bulkheads and retries come from the application's Resilience4j registries
     * when it has them ({@code resilience4j.circuitbreaker.instances.<server>.*} and so on). Servers the
     * registries do not name get the core's defaults, unless the application set
     * {@code resilience4j.<kind>.configs.default}; Resilience4j's own defaults (a 1 s time limit among
     * them) would not suit tool calls.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Resilience codeModeResilience(CodeModeProperties properties, Environment environment,
            ObjectProvider<CircuitBreakerRegistry> circuitBreakers, ObjectProvider<TimeLimiterRegistry> timeLimiters,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<RetryRegistry> retries) {
        Resilience.Builder builder = Resilience.builder().breakerPerTool(properties.resilience().breakerPerTool());
        circuitBreakers.ifUnique(builder::circuitBreakerRegistry);
        timeLimiters.ifUnique(builder::timeLimiterRegistry);
        bulkheads.ifUnique(builder::bulkheadRegistry);
        retries.ifUnique(builder::retryRegistry);
        Binder binder = Binder.get(environment);
        builder.newInstanceConfigs(
                hasDefaults(binder, "circuitbreaker") ? null : Resilience.DEFAULT_CIRCUIT_BREAKER_CONFIG,
                hasDefaults(binder, "timelimiter") ? null : Resilience.DEFAULT_TIME_LIMITER_CONFIG,
                hasDefaults(binder, "bulkhead") ? null : Resilience.DEFAULT_BULKHEAD_CONFIG,
                hasDefaults(binder, "retry") ? null : Resilience.DEFAULT_RETRY_CONFIG);
        return builder.build();
    }

    private static boolean hasDefaults(Binder binder, String kind) {
        return binder.bind("resilience4j." + kind + ".configs.default", Bindable.mapOf(String.class, Object.class))
                .isBound();
    }

    /**
     * The core over every tool source, with the application's approval handler, audit log and resilience;
     * then every {@link CodeModeBuilderCustomizer} in order, the properties' first.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    CodeMode codeMode(CodeModeProperties properties, ObjectProvider<List<McpSyncClient>> mcpClients,
            ObjectProvider<ToolSource> toolSources, ListableBeanFactory beans,
            ObjectProvider<ApprovalHandler> approvalHandler, AuditLog auditLog, Resilience resilience,
            ObjectProvider<CodeModeBuilderCustomizer> customizers, Environment environment) {
        rejectRemovedProperties(environment);
        rejectReplacedBeans(beans);
        List<ToolSource> sources = new ArrayList<>();
        mcpClients.stream().forEach(clients -> sources.addAll(McpClients.toolSources(clients)));
        toolSources.orderedStream().forEach(sources::add);
        if (properties.localTools().enabled()) {
            String name = properties.localTools().serverName();
            if (sources.stream().anyMatch(source -> source.serverName().equals(name))) {
                String property = CodeModeProperties.property("local-tools.server-name");
                throw new InvalidCodeModeSettingsException(new Problem(property, name, "another server is already"
                        + " named " + name + " (an MCP connection or a ToolSource bean)", "Set " + property
                        + " to a name no other server has."));
            }
            sources.add(ToolCallbackToolSource.of(name, LocalToolCallbacks.of(beans)));
        }
        CodeMode.Builder builder = CodeMode.builder().toolSources(sources).closeSources(false)
                .approvalHandler(approvalHandler.getIfAvailable(ApprovalHandler::deny))
                .auditLog(auditLog)
                .resilience(resilience);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        CodeMode codeMode;
        try {
            codeMode = builder.build();
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof SkillException) {
                // an application skill that calls a tool the catalog does not have
                throw SkillSupport.locationProblem(CodeModeSkillProperties.PREFIX + ".locations", null, e);
            }
            throw e;
        }
        try {
            properties.checkAgainst(codeMode.view()).forEach(LOG::warn);
        } catch (RuntimeException e) {
            codeMode.close();
            throw e;
        }
        return codeMode;
    }

    /**
     * Beans that used to replace what the properties built. Ignoring one would widen what runs or who
     * sees what without a word (an access-control bean ignored shows every caller every tool), so
     * start-up fails and names the way to apply it now.
     */
    private static void rejectReplacedBeans(ListableBeanFactory beans) {
        Map<Class<?>, String> instead = Map.of(
                AccessControl.class, "a CodeModeBuilderCustomizer bean (core -> core.accessControl(yours))",
                ApprovalPolicy.class, "a CodeModeBuilderCustomizer bean (core -> core.approvalPolicy(yours))",
                ToolCosts.class, "the " + CodeModeProperties.PREFIX + ".tool-costs properties or an AuditLog bean of"
                        + " your own");
        instead.forEach((type, use) -> {
            String[] names = beans.getBeanNamesForType(type, false, false);
            if (names.length > 0) {
                throw new IllegalStateException("the " + type.getSimpleName() + " bean '" + names[0]
                        + "' is not picked up by Code Mode any more: use " + use);
            }
        });
    }

    /**
     * Warms the core up once the application is ready, on a thread of its own: start-up and the first
     * requests do not wait for it, and a failure is only logged (the first request then pays instead).
     */
    @Bean
    @ConditionalOnBooleanProperty(name = CodeModeProperties.PREFIX + ".warm-up", matchIfMissing = true)
    ApplicationListener<ApplicationReadyEvent> codeModeWarmUp(ObjectProvider<CodeMode> codeMode) {
        return event -> codeMode.ifAvailable(core -> {
            Thread warmUp = new Thread(() -> {
                try {
                    core.warmUp();
                } catch (RuntimeException e) {
                    LOG.warn("Code Mode warm-up failed; the first request does the work instead: {}", e.toString());
                }
            }, "codemode-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        });
    }

    @Bean
    @ConditionalOnMissingBean
    CodeModeToolCallbacks codeModeToolCallbacks(CodeMode codeMode) {
        return new CodeModeToolCallbacks(codeMode);
    }

    /** Refreshes a server's tools when its MCP client reports a changed tool list. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(McpToolsChangedEvent.class)
    static class ToolListChanges {

        @Bean
        ApplicationListener<McpToolsChangedEvent> codeModeToolsChangedListener(CodeMode codeMode) {
            // the catalog is the one way to refresh a server
            return event -> codeMode.catalog().refresh(event.getConnectionName());
        }
    }

    /**
     * The application's {@link ObservationRegistry} (Spring Boot's, with its tracing bridge) for the core's
     * observations: {@code codemode.execution} under the chat request's span, its tool calls beneath.
     * Off with {@code spring.ai.codemode.observations.enabled=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = CodeModeProperties.PREFIX + ".observations.enabled", matchIfMissing = true)
    static class Observations {

        @Bean
        @Order(0)
        CodeModeBuilderCustomizer codeModeObservations(ObjectProvider<ObservationRegistry> registry) {
            return builder -> registry.ifAvailable(builder::observationRegistry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        /**
         * Adds every {@link CodeModeMetrics} bean, this configuration's or the application's own, to the
         * audit log's sinks. Only called when Micrometer is on the class path.
         */
        static void feed(ListableBeanFactory beans, List<AuditSink> sinks) {
            beans.getBeanProvider(CodeModeMetrics.class).orderedStream().forEach(metrics -> sinks.add(metrics::accept));
        }

        @Bean(METRICS_BEAN)
        @ConditionalOnMissingBean
        CodeModeMetrics codeModeMetrics(MeterRegistry registry) {
            return new CodeModeMetrics(registry);
        }

        @Bean
        SmartInitializingSingleton codeModeBreakerGauges(CodeModeMetrics metrics, ObjectProvider<CodeMode> codeMode) {
            return () -> codeMode.ifAvailable(metrics::bindBreakers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(CodeModeEndpoint.class)
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean
        CodeModeEndpoint codeModeEndpoint(CodeMode codeMode) {
            return new CodeModeEndpoint(codeMode);
        }
    }

    /**
     * Durable approval, when {@code spring.ai.codemode.approvals.enabled=true}: scripts that need approval
     * wait in a queue every instance can decide (the default without it: they are denied). The queue is the
     * ApprovalHandler the core uses; an ApprovalHandler bean of the application's own takes precedence.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = CodeModeApprovalProperties.PREFIX + ".enabled")
    @EnableConfigurationProperties(CodeModeApprovalProperties.class)
    static class Approvals {

        @Bean
        @ConditionalOnMissingBean
        ApprovalStore codeModeApprovalStore(CodeModeApprovalProperties approvals, CodeModeProperties properties,
                ObjectProvider<DataSource> dataSource) {
            DataSource source = dataSource.getIfUnique();
            if (approvals.store() == CodeModeApprovalProperties.Store.JDBC && source == null) {
                throw noDataSource(CodeModeApprovalProperties.PREFIX + ".store", "approval store", dataSource,
                        "one instance only");
            }
            if (approvals.store() == CodeModeApprovalProperties.Store.MEMORY || source == null) {
                return ApprovalStore.inMemory();
            }
            JdbcApprovalStore store;
            try {
                store = new JdbcApprovalStore(source, properties.audit().tablePrefix());
            } catch (IllegalArgumentException e) {
                throw badTablePrefix(properties, e);
            }
            if (properties.audit().initializeSchema()) {
                store.createTable();
            }
            return store;
        }

        /** Refuses every decision until the application defines who may approve what. */
        @Bean
        @ConditionalOnMissingBean
        ApprovalAuthorizer codeModeApprovalAuthorizer() {
            return ApprovalAuthorizer.refuseAll();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(dev.codemode.policy.ApprovalHandler.class)
        ApprovalQueue codeModeApprovalQueue(CodeModeApprovalProperties approvals, ApprovalStore store,
                ApprovalAuthorizer authorizer, AuditLog auditLog) {
            ApprovalQueue.Builder builder = ApprovalQueue.builder().store(store).authorizer(authorizer)
                    .timeout(approvals.timeout()).pollInterval(approvals.pollInterval()).auditLog(auditLog);
            if (approvals.instanceId() != null) {
                builder.instanceId(approvals.instanceId());
            }
            return builder.build();
        }
    }

    /**
     * Skills, when {@code spring.ai.codemode.skills.enabled=true}: scripts that worked saved as functions the
     * model calls later, in the database next to the audit tables when there is one. The {@link Skills} bean
     * reaches the core through a customizer, like every other option.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = CodeModeSkillProperties.PREFIX + ".enabled")
    @EnableConfigurationProperties(CodeModeSkillProperties.class)
    static class SkillSupport {

        @Bean
        @ConditionalOnMissingBean
        SkillStore codeModeSkillStore(CodeModeSkillProperties skills, CodeModeProperties properties,
                ObjectProvider<DataSource> dataSource) {
            DataSource source = dataSource.getIfUnique();
            if (skills.store() == CodeModeSkillProperties.Store.JDBC && source == null) {
                throw noDataSource(CodeModeSkillProperties.PREFIX + ".store", "skill store", dataSource,
                        "skills last until the application stops");
            }
            if (skills.store() == CodeModeSkillProperties.Store.MEMORY || source == null) {
                return SkillStore.inMemory();
            }
            JdbcSkillStore store;
            try {
                store = new JdbcSkillStore(source, properties.audit().tablePrefix());
            } catch (IllegalArgumentException e) {
                throw badTablePrefix(properties, e);
            }
            if (properties.audit().initializeSchema()) {
                store.createTable();
            }
            return store;
        }

        @Bean
        @ConditionalOnMissingBean
        Skills codeModeSkills(CodeModeSkillProperties properties, SkillStore store) {
            try {
                return skills(properties, store, properties.locations());
            } catch (RuntimeException e) {
                throw locationProblem(properties, store, e);
            }
        }

        private static Skills skills(CodeModeSkillProperties properties, SkillStore store, List<String> locations) {
            Skills.Builder builder = Skills.builder().store(store).sharing(properties.sharing())
                    .saving(properties.saving()).maxSkills(properties.maxSkills())
                    .maxSourceChars(properties.maxSourceChars());
            locations.forEach(builder::registerClasspath);
            return builder.build();
        }

        /** The start-up report for a skill file the core refused, naming the first location that holds it. */
        private static InvalidCodeModeSettingsException locationProblem(CodeModeSkillProperties properties,
                SkillStore store, RuntimeException e) {
            List<String> locations = properties.locations();
            for (int i = 0; i < locations.size(); i++) {
                try {
                    skills(properties, SkillStore.inMemory(), List.of(locations.get(i)));
                } catch (RuntimeException alone) {
                    return locationProblem(CodeModeSkillProperties.PREFIX + ".locations[" + i + "]",
                            locations.get(i), alone);
                }
            }
            return locationProblem(CodeModeSkillProperties.PREFIX + ".locations", null, e);
        }

        static InvalidCodeModeSettingsException locationProblem(String property, @Nullable String value,
                RuntimeException e) {
            return new InvalidCodeModeSettingsException(new Problem(property, value, String.valueOf(e.getMessage()),
                    "Correct the skill file as the reason says, or remove it from the folder (a skill is one"
                            + " def with a docstring that calls only tools of the catalog)."));
        }

        @Bean
        @Order(0)
        CodeModeBuilderCustomizer codeModeSkillsCustomizer(Skills skills) {
            return builder -> builder.skills(skills);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnBooleanProperty(name = CodeModeSkillProperties.PREFIX + ".enabled")
    @ConditionalOnAvailableEndpoint(CodeModeSkillsEndpoint.class)
    static class SkillsActuator {

        @Bean
        @ConditionalOnMissingBean
        CodeModeSkillsEndpoint codeModeSkillsEndpoint(CodeMode codeMode) {
            return new CodeModeSkillsEndpoint(codeMode);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnBooleanProperty(name = CodeModeApprovalProperties.PREFIX + ".enabled")
    @ConditionalOnAvailableEndpoint(CodeModeApprovalsEndpoint.class)
    static class ApprovalsActuator {

        /** Not when the application's own ApprovalHandler (other than a queue) decides instead. */
        @Bean
        @ConditionalOnMissingBean(value = { CodeModeApprovalsEndpoint.class,
                dev.codemode.policy.ApprovalHandler.class }, ignored = ApprovalQueue.class)
        CodeModeApprovalsEndpoint codeModeApprovalsEndpoint(ApprovalQueue queue) {
            return new CodeModeApprovalsEndpoint(queue);
        }
    }
}
