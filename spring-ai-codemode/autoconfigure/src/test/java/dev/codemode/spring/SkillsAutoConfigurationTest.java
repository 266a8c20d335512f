package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.codemode.CodeMode;
import dev.codemode.skill.JdbcSkillStore;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillSharing;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code spring.ai.codemode.skills.*}: off by default (the core has no skills), the store in the database
 * when there is one (next to the audit tables, with their prefix) and in memory otherwise or when asked,
 * the properties reaching the core, the application's {@code .star} files registered, the beans
 * replaceable, and the {@code codemodeskills} endpoint masking the keys that own skills.
 */
class SkillsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
            .withPropertyValues("spring.ai.codemode.warm-up=false",
                    "spring.ai.codemode.virtual-keys.support-7f3a.tools[0]=crm.lookup_customer",
                    "spring.ai.codemode.virtual-keys.admin-91c2.tools[0]=*",
                    "spring.ai.codemode.default-key=admin-91c2");

    private final ApplicationContextRunner enabled = runner.withPropertyValues(
            "spring.ai.codemode.skills.enabled=true", "management.endpoints.web.exposure.include=codemodeskills");

    private final ApplicationContextRunner withDatabase = enabled
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:skills-auto-" + System.nanoTime()
                    + ";DB_CLOSE_DELAY=-1");

    static final String LOOKUP = """
            def customer_name(id):
                \"\"\"The name of one customer.

                Args:
                    id (str): the customer
                \"\"\"
                return crm.lookup_customer(id=id)["name"]
            """;

    @Test
    void offByDefaultTheCoreHasNoSkills() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=codemodeskills").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SkillStore.class).doesNotHaveBean(Skills.class)
                    .doesNotHaveBean(CodeModeSkillsEndpoint.class);
            assertThat(context.getBean(CodeMode.class).skills()).isEmpty();
        });
    }

    @Test
    void inMemoryWithoutADatabaseAndInTheDatabaseNextToTheAuditTablesWithOne() {
        enabled.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SkillStore.class)).isNotInstanceOf(JdbcSkillStore.class);
            assertThat(context.getBean(CodeMode.class).skills()).isPresent();
        });
        withDatabase.withPropertyValues("spring.ai.codemode.audit.table-prefix=agent").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SkillStore.class)).isInstanceOf(JdbcSkillStore.class)
                    .hasToString("JdbcSkillStore[agent_skill]");
            context.getBean(SkillStore.class).save(new Skill("x", "s", 0, "d", List.of(), "def x():\n  pass\n",
                    List.of(), "s", null));
            assertThat(new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
                    .queryForObject("SELECT COUNT(*) FROM agent_skill", Integer.class)).isEqualTo(1);
        });
        withDatabase.withPropertyValues("spring.ai.codemode.skills.store=memory").run(context ->
                assertThat(context.getBean(SkillStore.class)).isNotInstanceOf(JdbcSkillStore.class));
    }

    @Test
    void theSkillTableIsLeftToTheApplicationWhenTheAuditSchemaIsNotInitialized() {
        withDatabase.withPropertyValues("spring.ai.codemode.audit.table-prefix=noddl",
                "spring.ai.codemode.audit.initialize-schema=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SkillStore.class)).isInstanceOf(JdbcSkillStore.class);
            assertThat(new JdbcTemplate(context.getBean(javax.sql.DataSource.class)).queryForObject(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'noddl_skill'",
                    Integer.class)).isZero();
        });
    }

    @Test
    void thePropertiesReachTheCore() {
        enabled.withPropertyValues("spring.ai.codemode.skills.sharing=shared", "spring.ai.codemode.skills.saving=false",
                "spring.ai.codemode.skills.max-skills=7", "spring.ai.codemode.skills.max-source-chars=900")
                .run(context -> {
                    Skills skills = context.getBean(Skills.class);
                    assertThat(skills.sharing()).isEqualTo(SkillSharing.SHARED);
                    assertThat(skills.saving()).isFalse();
                    assertThat(skills.maxSkills()).isEqualTo(7);
                    assertThat(skills.maxSourceChars()).isEqualTo(900);
                    assertThat(skills.store()).isSameAs(context.getBean(SkillStore.class));
                    assertThat(context.getBean(CodeMode.class).skills().orElseThrow().settings()).isSameAs(skills);
                });
        enabled.run(context -> {
            Skills skills = context.getBean(Skills.class);
            assertThat(skills.sharing()).isEqualTo(SkillSharing.PER_KEY);
            assertThat(skills.saving()).isTrue();
            assertThat(skills.maxSkills()).isEqualTo(Skills.DEFAULT_MAX_SKILLS);
            assertThat(skills.maxSourceChars()).isEqualTo(Skills.DEFAULT_MAX_SOURCE_CHARS);
        });
    }

    @Test
    void theApplicationsStarFilesAreRegisteredAsSharedSkills() {
        enabled.withPropertyValues("spring.ai.codemode.skills.locations[0]=skills/valid").run(context -> {
            assertThat(context).hasNotFailed();
            List<Skill> all = context.getBean(CodeMode.class).skills().orElseThrow().listAll();
            assertThat(all).extracting(Skill::name, Skill::scope, Skill::author)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("customer_name", SkillStore.SHARED,
                            "application"));
        });
    }

    @Test
    void theApplicationsOwnStoreAndSettingsAreUsed() {
        SkillStore own = SkillStore.inMemory();
        enabled.withBean("mine", SkillStore.class, () -> own).run(context -> {
            assertThat(context.getBeansOfType(SkillStore.class)).containsOnlyKeys("mine");
            assertThat(context.getBean(Skills.class).store()).isSameAs(own);
        });
        Skills settings = Skills.builder().store(own).maxSkills(3).build();
        enabled.withBean("mine", Skills.class, () -> settings).run(context -> {
            assertThat(context.getBeansOfType(Skills.class)).containsOnlyKeys("mine");
            assertThat(context.getBean(CodeMode.class).skills().orElseThrow().settings()).isSameAs(settings);
        });
    }

    @Test
    void theEndpointListsShowsAndDeletesWithTheOwningKeysMasked() {
        withDatabase.run(context -> {
            SkillStore store = context.getBean(SkillStore.class);
            store.save(draft("support-7f3a", "customer_name"));
            store.save(draft("support-7f3a", "customer_name"));
            store.save(draft(SkillStore.SHARED, "customer_name"));
            store.save(draft("admin-91c2", "other"));
            CodeModeSkillsEndpoint endpoint = context.getBean(CodeModeSkillsEndpoint.class);

            List<CodeModeSkillsEndpoint.Entry> listed = endpoint.skills();
            assertThat(listed).extracting(CodeModeSkillsEndpoint.Entry::scope, CodeModeSkillsEndpoint.Entry::name,
                    CodeModeSkillsEndpoint.Entry::version).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("shared", "customer_name", 1),
                    org.assertj.core.groups.Tuple.tuple("sup***", "customer_name", 2),
                    org.assertj.core.groups.Tuple.tuple("adm***", "other", 1));
            assertThat(listed.toString()).doesNotContain("7f3a", "91c2");

            WebEndpointResponse<Object> ambiguous = endpoint.skill("customer_name", null);
            assertThat(ambiguous.getStatus()).isEqualTo(409);
            assertThat(ambiguous.getBody().toString()).contains("shared", "sup***").doesNotContain("7f3a");

            WebEndpointResponse<Object> shown = endpoint.skill("customer_name", "sup***");
            assertThat(shown.getStatus()).isEqualTo(200);
            CodeModeSkillsEndpoint.Detail detail = (CodeModeSkillsEndpoint.Detail) shown.getBody();
            assertThat(detail.latest().version()).isEqualTo(2);
            assertThat(detail.source()).contains("crm.lookup_customer");
            assertThat(detail.versions()).extracting(CodeModeSkillsEndpoint.Version::version).containsExactly(1, 2);
            assertThat(detail.toString()).doesNotContain("7f3a");
            assertThat(endpoint.skill("customer_name", "support-7f3a").getStatus()).as("the key itself").isEqualTo(200);
            assertThat(endpoint.skill("other", null).getStatus()).as("one scope: no ?scope= needed").isEqualTo(200);
            assertThat(endpoint.skill("nope", null).getStatus()).isEqualTo(404);

            assertThat(endpoint.delete("customer_name", "shared").getStatus()).isEqualTo(200);
            assertThat(store.latest(SkillStore.SHARED, "customer_name")).isEmpty();
            assertThat(store.versions("support-7f3a", "customer_name")).hasSize(2);
            assertThat(endpoint.delete("customer_name", null).getStatus()).as("now one scope").isEqualTo(200);
            assertThat(store.versions("support-7f3a", "customer_name")).isEmpty();
            WebEndpointResponse<Object> gone = endpoint.delete("customer_name", "support-7f3a");
            assertThat(gone.getStatus()).isEqualTo(404);
            assertThat(gone.getBody().toString()).doesNotContain("7f3a");
        });
    }

    static Skill draft(String scope, String name) {
        return new Skill(name, scope, 0, "The name of one customer.", List.of(new Skill.Parameter("id", "str", null,
                null)), LOOKUP.replace("customer_name", name), List.of("crm.lookup_customer"), scope, null);
    }
}
