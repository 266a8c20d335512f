package dev.codemode.skill;

import static dev.codemode.skill.SkillFixtures.execute;
import static dev.codemode.skill.SkillFixtures.save;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.access.CallContext;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A skill store that fails (a database that is down) costs callers their skills, never their tools, a
 * clear answer or an audit record: every meta-tool answers without a Java name, scripts that do not
 * call skills run, and each execution is recorded.
 */
class SkillStoreDownTest {

    /** The in-memory store until {@link #down} is set; then every call fails as a driver would. */
    static final class FlakyStore implements SkillStore {
        final SkillStore delegate = SkillStore.inMemory();
        final AtomicInteger lists = new AtomicInteger();
        volatile boolean down;

        private <T> T check(T value) {
            if (down) {
                throw new IllegalStateException("java.sql.SQLTransientConnectionException: Connection is not available,"
                        + " request timed out after 30000ms (jdbc:postgresql://db.internal/codemode?password=s3cret)");
            }
            return value;
        }

        @Override
        public List<Skill> list(Collection<String> scopes) {
            lists.incrementAndGet();
            return check(delegate).list(scopes);
        }

        @Override
        public List<Skill> listAll() {
            return check(delegate).listAll();
        }

        @Override
        public Optional<Skill> latest(String scope, String name) {
            return check(delegate).latest(scope, name);
        }

        @Override
        public List<Skill> versions(String scope, String name) {
            return check(delegate).versions(scope, name);
        }

        @Override
        public Skill save(Skill draft) {
            return check(delegate).save(draft);
        }

        @Override
        public boolean delete(String scope, String name) {
            return check(delegate).delete(scope, name);
        }

        @Override
        public int count(String scope) {
            return check(delegate).count(scope);
        }
    }

    final SkillFixtures f = new SkillFixtures();

    @Test
    void should_read_the_store_only_for_what_can_name_a_skill() {
        FlakyStore store = new FlakyStore();
        CallContext caller = CallContext.anonymous();
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*")
                .skills(Skills.builder().store(store).build()).build()) {
            assertThat(save(cm, SkillsTest.SAVE_SCRIPT, "summarize_orders", caller).isError()).isFalse();
            int before = store.lists.get();
            assertThat(execute(cm, "result = crm.lookup_customer(customer_id='c1')['name']", caller).text())
                    .contains("Ada c1");
            assertThat(cm.call(CodeMode.READ_TOOL_FILE, Map.of("fileName", "servers/crm.pyi"), caller).isError())
                    .isFalse();
            assertThat(store.lists.get()).as("a script and a server file that name no skill").isEqualTo(before);

            assertThat(execute(cm, "result = skills.summarize_orders('c2')['open']", caller).text()).contains("3");
            assertThat(cm.call(CodeMode.READ_TOOL_FILE, Map.of("fileName", "skills.pyi"), caller).text())
                    .contains("def summarize_orders(");
            assertThat(cm.call(CodeMode.READ_TOOL_FILE, Map.of("fileName", "servers/nope.pyi"), caller).text())
                    .contains("skills.pyi");
            assertThat(store.lists.get()).isEqualTo(before + 3);
        }
    }

    @Test
    void should_keep_tools_answers_and_audit_when_the_store_is_down() {
        FlakyStore store = new FlakyStore();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        CallContext caller = CallContext.anonymous();
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*").auditSink(audit)
                .skills(Skills.builder().store(store).build()).build()) {
            assertThat(save(cm, SkillsTest.SAVE_SCRIPT, "summarize_orders", caller).isError()).isFalse();
            store.down = true;

            MetaToolResult listing = cm.call(CodeMode.LIST_TOOL_FILES, Map.of(), caller);
            assertThat(listing.isError()).isFalse();
            assertThat(listing.text()).contains("servers/crm.pyi", "skills.pyi is unavailable: the skill store could not"
                    + " be read");
            MetaToolResult query = cm.call(CodeMode.LIST_TOOL_FILES, Map.of("query", "customer orders"), caller);
            assertThat(query.text()).contains("lookup_customer", "skills.pyi is unavailable");
            MetaToolResult read = cm.call(CodeMode.READ_TOOL_FILE, Map.of("fileName", "skills.pyi"), caller);
            assertThat(read.isError()).isTrue();
            assertThat(read.text()).startsWith("skills.pyi is unavailable");
            assertThat(cm.call(CodeMode.READ_TOOL_FILE, Map.of("fileName", "servers/crm.pyi"), caller).isError()).isFalse();
            MetaToolResult docs = cm.call(CodeMode.GET_TOOL_DOCS, Map.of("server", "skills", "tool",
                    "summarize_orders"), caller);
            assertThat(docs.isError()).isTrue();
            assertThat(docs.text()).contains("skill store could not be read");

            MetaToolResult plain = execute(cm, "result = crm.lookup_customer(customer_id='c1')['name']", caller);
            assertThat(plain.isError()).isFalse();
            assertThat(plain.text()).contains("Ada c1");
            MetaToolResult viaSkill = execute(cm, "result = skills.summarize_orders('c2')", caller);
            assertThat(viaSkill.isError()).isTrue();
            assertThat(viaSkill.text()).contains("no skill summarize_orders", "skill store could not be read")
                    .doesNotContain("you have no skills");
            MetaToolResult saving = save(cm, SkillsTest.SAVE_SCRIPT, "summarize_orders", caller);
            assertThat(saving.isError()).isTrue();
            assertThat(saving.text()).contains("saveAs: the skill store could not be read", "Nothing ran");

            for (MetaToolResult r : List.of(listing, query, read, docs, plain, viaSkill, saving)) {
                assertThat(r.text()).doesNotContain("java.", "Exception", "jdbc", "s3cret");
            }
            cm.auditLog().orElseThrow().flush(Duration.ofSeconds(5));
        }
        // The save before the outage, then the plain script and the failed skill call; the refused saveAs ran nothing.
        assertThat(audit.executions()).extracting(ExecutionRecord::outcome)
                .containsExactly(ExecutionRecord.OK, ExecutionRecord.OK, ExecutionRecord.ERROR);
    }
}
