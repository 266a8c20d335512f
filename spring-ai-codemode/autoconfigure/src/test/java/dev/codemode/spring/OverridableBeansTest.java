package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.codemode.CodeMode;
import dev.codemode.access.BearerTokens;
import dev.codemode.mcp.server.CodeModeMcpTools;
import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.approval.ApprovalQueue;
import dev.codemode.approval.ApprovalStore;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.resilience.Resilience;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/**
 * docs/spring-ai.md's tables of the auto-configuration, checked against the code: every bean documented
 * as replaceable backs off when the application defines one of its type (under another name), the
 * tables list every bean of the auto-configuration with the conditions it really has, and every
 * auto-configuration it runs after exists.
 */
class OverridableBeansTest {

    /** A bean of each replaceable type, as an application would define it. */
    private static final Map<String, UserBean<?>> USER_BEANS = Map.of(
            "CodeMode", new UserBean<>(CodeMode.class,
                    () -> CodeMode.builder().toolSources(FunctionToolSource.builder("own").build()).build()),
            "CodeModeToolCallbacks", new UserBean<>(CodeModeToolCallbacks.class, null),
            "AuditSink", new UserBean<>(AuditSink.class, AuditSink::inMemory),
            "AuditLog", new UserBean<>(AuditLog.class, () -> AuditLog.builder().sink(AuditSink.inMemory()).build()),
            "Resilience", new UserBean<>(Resilience.class, () -> Resilience.builder().build()),
            "CodeModeMetrics", new UserBean<>(CodeModeMetrics.class,
                    () -> new CodeModeMetrics(new SimpleMeterRegistry())),
            "CodeModeEndpoint", new UserBean<>(CodeModeEndpoint.class, null));

    /** The durable approval's replaceable beans (spring.ai.codemode.approvals.enabled=true). */
    private static final Map<String, UserBean<?>> APPROVAL_BEANS = Map.of(
            "ApprovalStore", new UserBean<>(ApprovalStore.class, ApprovalStore::inMemory),
            "ApprovalAuthorizer", new UserBean<>(ApprovalAuthorizer.class, ApprovalAuthorizer::localOnly),
            "ApprovalQueue", new UserBean<>(ApprovalQueue.class,
                    () -> ApprovalQueue.builder().store(ApprovalStore.inMemory()).build()),
            "CodeModeApprovalsEndpoint", new UserBean<>(CodeModeApprovalsEndpoint.class, null));

    /** The skills' replaceable beans (spring.ai.codemode.skills.enabled=true). */
    private static final Map<String, UserBean<?>> SKILL_BEANS = Map.of(
            "SkillStore", new UserBean<>(SkillStore.class, SkillStore::inMemory),
            "Skills", new UserBean<>(Skills.class, Skills::inMemory),
            "CodeModeSkillsEndpoint", new UserBean<>(CodeModeSkillsEndpoint.class, null));

    /** A replaceable type and how to make one (null: constructed by Spring, its dependencies autowired). */
    record UserBean<T>(Class<T> type, Supplier<T> supplier) {
        ApplicationContextRunner register(ApplicationContextRunner runner) {
            return supplier == null ? runner.withBean("mine", type) : runner.withBean("mine", type, supplier);
        }

        WebApplicationContextRunner registerWeb(WebApplicationContextRunner runner) {
            return supplier == null ? runner.withBean("mine", type) : runner.withBean("mine", type, supplier);
        }
    }

    /** Every condition under which the auto-configuration adds all its beans. */
    private final ApplicationContextRunner everything = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("management.endpoints.web.exposure.include=codemode,codemodeapprovals,codemodeskills",
                    "spring.ai.codemode.approvals.enabled=true", "spring.ai.codemode.skills.enabled=true");

    @Test
    void everyBeanDocumentedAsReplaceableBacksOffForTheApplicationsOwn() throws IOException {
        List<Row> rows = table("### Beans you can replace");
        assertThat(rows).isNotEmpty();
        for (Row row : rows) {
            UserBean<?> user = USER_BEANS.getOrDefault(row.type(),
                    APPROVAL_BEANS.getOrDefault(row.type(), SKILL_BEANS.get(row.type())));
            assertThat(user).as("a user bean for the documented row " + row.type() + ": add one to USER_BEANS")
                    .isNotNull();
            everything.run(context -> assertThat(context).as("the auto-configuration adds " + row.name())
                    .hasNotFailed().hasBean(row.name()).getBean(row.name()).isInstanceOf(user.type()));
            user.register(everything).run(context -> {
                assertThat(context).as(row.type()).hasNotFailed();
                assertThat(context.getBeansOfType(user.type())).as("only the application's " + row.type())
                        .containsOnlyKeys("mine");
            });
        }
    }

    @Test
    void theTablesListEveryBeanOfTheAutoConfigurationWithTheConditionsItHas() throws IOException {
        List<Row> replaceable = table("### Beans you can replace");
        List<Row> always = table("### Beans that are always added");
        Map<String, Method> beans = beanMethods();

        assertThat(replaceable).extracting(Row::name).containsExactlyInAnyOrderElementsOf(beans.entrySet().stream()
                .filter(e -> e.getValue().isAnnotationPresent(ConditionalOnMissingBean.class)).map(Map.Entry::getKey)
                .toList());
        assertThat(always).extracting(Row::name).containsExactlyInAnyOrderElementsOf(beans.entrySet().stream()
                .filter(e -> !e.getValue().isAnnotationPresent(ConditionalOnMissingBean.class)).map(Map.Entry::getKey)
                .toList());
        for (Row row : Stream.concat(replaceable.stream(), always.stream()).toList()) {
            Method method = beans.get(row.name());
            assertDocuments(row, method);
            Class<?> declaring = method.getDeclaringClass();
            if (declaring != CodeModeAutoConfiguration.class) {
                assertThat(row.condition()).as(row.name()).contains("within `" + declaring.getSimpleName() + "`");
            } else {
                assertThat(row.condition()).as(row.name()).doesNotContain("within");
            }
        }
    }

    @Test
    void theConditionsOfTheConfigurationAndItsPartsAreTheDocumentedOnes() throws IOException {
        Map<String, String> documented = table("**Conditions on the configuration and its parts:**").stream()
                .collect(Collectors.toMap(Row::type, Row::name));
        List<Class<?>> configurations = new ArrayList<>(List.of(CodeModeAutoConfiguration.class));
        configurations.addAll(List.of(CodeModeAutoConfiguration.class.getDeclaredClasses()));
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(configurations.stream()
                .map(c -> c == CodeModeAutoConfiguration.class ? c.getSimpleName()
                        : "CodeModeAutoConfiguration." + c.getSimpleName()).toList());
        for (Class<?> configuration : configurations) {
            String key = configuration == CodeModeAutoConfiguration.class ? configuration.getSimpleName()
                    : "CodeModeAutoConfiguration." + configuration.getSimpleName();
            List<String> conditions = conditionNames(configuration.getAnnotations());
            assertThat(conditions).as(key).isNotEmpty();
            for (String condition : conditions) {
                assertThat(documented.get(key)).as(key).contains("@" + condition);
            }
        }
    }

    @Test
    void everyAutoConfigurationItRunsAfterExistsAndIsDocumented() throws Exception {
        String[] after = CodeModeAutoConfiguration.class.getAnnotation(AutoConfiguration.class).afterName();
        for (String name : after) {
            assertThat(Class.forName(name, false, getClass().getClassLoader())).as(name).isNotNull();
        }
        assertThat(table("**Order.**")).extracting(Row::type).containsExactlyInAnyOrder(after);
        assertThat(CodeModeAutoConfiguration.class.getAnnotation(AutoConfiguration.class).after()).isEmpty();
        assertThat(CodeModeAutoConfiguration.class.getAnnotation(AutoConfiguration.class).before()).isEmpty();
        assertThat(CodeModeAutoConfiguration.class.getAnnotation(AutoConfiguration.class).beforeName()).isEmpty();
    }

    @Test
    void aCodeModeMetricsOfYourOwnIsFedByTheAuditLog() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        everything.withPropertyValues("spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer")
                .withBean("myMetrics", CodeModeMetrics.class, () -> new CodeModeMetrics(own))
                .run(context -> {
                    ToolCallback[] callbacks = context.getBean(CodeModeToolCallbacks.class).getToolCallbacks();
                    CodeModeAutoConfigurationTest.execute(callbacks, "crm.lookup_customer(id='c1')", Map.of());
                    context.getBean(AuditLog.class).flush();
                    assertThat(own.get("codemode.tool.calls").tag("tool", "lookup_customer").counter().count())
                            .isEqualTo(1);
                    assertThat(own.get("codemode.breaker.open").tag("server", "crm").gauge()).isNotNull();
                });
    }

    /** The MCP server route, with everything it needs: a servlet application, Spring AI's server starter. */
    private final WebApplicationContextRunner served = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class,
                    CodeModeMcpServerAutoConfiguration.class, McpServerJsonMapperAutoConfiguration.class,
                    McpServerAutoConfiguration.class, McpServerStreamableHttpWebMvcAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
            .withPropertyValues("spring.ai.codemode.mcp-server.enabled=true",
                    "spring.ai.codemode.mcp-server.allow-anonymous=true", "spring.ai.mcp.server.protocol=STREAMABLE",
                    "spring.ai.mcp.server.tool-callback-converter=false");

    /** A bean of each replaceable type of the MCP server route. */
    private static final Map<String, UserBean<?>> SERVER_BEANS = Map.of(
            "BearerTokens", new UserBean<>(BearerTokens.class, () -> BearerTokens.builder().build()),
            "CodeModeMcpTools", new UserBean<>(CodeModeMcpTools.class, () -> CodeModeMcpTools.builder(
                    CodeMode.builder().toolSources(FunctionToolSource.builder("own").build()).build()).build()),
            "WebMvcStreamableServerTransportProvider", new UserBean<>(WebMvcStreamableServerTransportProvider.class,
                    () -> WebMvcStreamableServerTransportProvider.builder().build()));

    @Test
    void theMcpServerRoutesBeansAreTheDocumentedOnesAndTheReplaceableOnesBackOff() throws IOException {
        List<Row> rows = table("**Beans of the MCP server route:**");
        Map<String, Method> beans = beanMethods(CodeModeMcpServerAutoConfiguration.class);
        assertThat(rows).extracting(Row::name).containsExactlyInAnyOrderElementsOf(beans.keySet());
        for (Row row : rows) {
            if (assertDocuments(row, beans.get(row.name())).isEmpty()) {
                continue;
            }
            UserBean<?> user = SERVER_BEANS.get(row.type());
            assertThat(user).as("a user bean for the documented row " + row.type() + ": add one to SERVER_BEANS")
                    .isNotNull();
            served.run(context -> assertThat(context).as("the route adds " + row.name()).hasNotFailed()
                    .hasBean(row.name()).getBean(row.name()).isInstanceOf(user.type()));
            user.registerWeb(served).run(context -> {
                        assertThat(context).as(row.type()).hasNotFailed();
                        assertThat(context.getBeansOfType(user.type())).as("only the application's " + row.type())
                                .containsOnlyKeys("mine");
                    });
        }
    }

    @Test
    void theMcpServerRouteIsOffByDefault() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class,
                        CodeModeMcpServerAutoConfiguration.class, McpServerJsonMapperAutoConfiguration.class,
                        McpServerAutoConfiguration.class, McpServerStreamableHttpWebMvcAutoConfiguration.class))
                .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
                .withPropertyValues("spring.ai.mcp.server.protocol=STREAMABLE")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CodeMode.class)
                            .doesNotHaveBean(CodeModeMcpTools.class).doesNotHaveBean(BearerTokens.class)
                            .doesNotHaveBean("codeModeMcpHttpGuard").doesNotHaveBean("codeModeElicitationApproval");
                });
    }

    @Test
    void theMcpServerRoutesConditionsAndOrderAreTheDocumentedOnes() throws Exception {
        Map<String, String> documented = table("**Conditions on the MCP server route:**").stream()
                .collect(Collectors.toMap(Row::type, Row::name));
        assertThat(documented).containsOnlyKeys("CodeModeMcpServerAutoConfiguration");
        List<String> conditions = conditionNames(CodeModeMcpServerAutoConfiguration.class.getAnnotations());
        assertThat(conditions).isNotEmpty();
        for (String condition : conditions) {
            assertThat(documented.get("CodeModeMcpServerAutoConfiguration")).contains("@" + condition);
        }
        assertThat(CodeModeMcpServerAutoConfiguration.class.getDeclaredClasses()).isEmpty();

        AutoConfiguration order = CodeModeMcpServerAutoConfiguration.class.getAnnotation(AutoConfiguration.class);
        List<String> after = Arrays.stream(order.after()).map(Class::getName).toList();
        List<String> before = List.of(order.beforeName());
        for (String name : before) {
            assertThat(Class.forName(name, false, getClass().getClassLoader())).as(name).isNotNull();
        }
        List<Row> rows = table("**Order of `CodeModeMcpServerAutoConfiguration`.**");
        assertThat(rows.stream().filter(r -> r.type().equals("after")).map(Row::name)).containsExactlyInAnyOrderElementsOf(after);
        assertThat(rows.stream().filter(r -> r.type().equals("before")).map(Row::name)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(order.afterName()).isEmpty();
        assertThat(order.before()).isEmpty();
    }

    /** The {@code @Bean} methods of the auto-configuration and its nested configurations, by bean name. */
    private static Map<String, Method> beanMethods() {
        return beanMethods(CodeModeAutoConfiguration.class);
    }

    private static Map<String, Method> beanMethods(Class<?> configuration) {
        Map<String, Method> beans = new LinkedHashMap<>();
        List<Class<?>> classes = new ArrayList<>(List.of(configuration));
        classes.addAll(List.of(configuration.getDeclaredClasses()));
        for (Class<?> type : classes) {
            for (Method method : type.getDeclaredMethods()) {
                Bean bean = method.getAnnotation(Bean.class);
                if (bean != null) {
                    String[] names = bean.name().length > 0 ? bean.name() : bean.value();
                    beans.put(names.length > 0 ? names[0] : method.getName(), method);
                }
            }
        }
        return beans;
    }

    /**
     * Checks that {@code row} documents the bean {@code method} makes: its type, and each of its conditions (or
     * "none"). Returns the method's conditions.
     */
    private static List<String> assertDocuments(Row row, Method method) {
        assertThat(row.type()).as(row.name()).startsWith(method.getReturnType().getSimpleName());
        List<String> conditions = conditionNames(method.getAnnotations());
        for (String condition : conditions) {
            assertThat(row.condition()).as(row.name()).contains("@" + condition);
        }
        if (conditions.isEmpty()) {
            assertThat(row.condition()).as(row.name()).startsWith("none");
        }
        return conditions;
    }

    private static List<String> conditionNames(Annotation[] annotations) {
        return Arrays.stream(annotations).map(a -> a.annotationType().getSimpleName())
                .filter(name -> name.startsWith("Conditional")).sorted().toList();
    }

    /** One table row: its first four cells, backticks removed from the first two. */
    record Row(String type, String name, String condition, String effect) {
    }

    /** The first table after the line starting with {@code heading} in docs/spring-ai.md. */
    private static List<Row> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(docs());
        int at = 0;
        while (!lines.get(at).startsWith(heading)) {
            at++;
        }
        while (!lines.get(at).startsWith("|")) {
            at++;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            List<String> c = Arrays.stream(cells).map(String::strip).toList().subList(1, cells.length - 1);
            rows.add(new Row(strip(c.get(0)), strip(c.get(1)), c.size() > 2 ? c.get(2) : "",
                    c.size() > 3 ? c.get(3) : ""));
        }
        return rows;
    }

    private static String strip(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") && cell.indexOf('`', 1) == cell.length() - 1
                ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/spring-ai.md"))) {
            dir = dir.getParent();
        }
        return dir.resolve("docs/spring-ai.md");
    }
}
