package dev.codemode.skill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditJson;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.JdbcAuditSink;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The skills an execution used, in the JDBC sink (also on a table created before the column existed) and in JSON. */
class SkillAuditJdbcTest {

    @Test
    void should_add_the_skills_column_to_an_old_table_and_store_the_skills_used() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:skills-audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // The execution table as it was before skills: no skills column, one old row.
            s.execute("CREATE TABLE old_execution (execution_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "started_at TIMESTAMP WITH TIME ZONE NOT NULL, parent_request_id VARCHAR(255), "
                    + "virtual_key VARCHAR(255), script TEXT NOT NULL, outcome VARCHAR(16) NOT NULL, error TEXT, "
                    + "duration_ms BIGINT NOT NULL, tool_calls INTEGER NOT NULL, total_cost NUMERIC(19, 6) NOT NULL, "
                    + "approval VARCHAR(64))");
            s.execute("INSERT INTO old_execution VALUES ('old', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', "
                    + "NULL, NULL, 'result = 1', 'ok', NULL, 1, 0, 0, 'auto')");
        }
        JdbcAuditSink sink = new JdbcAuditSink(ds, "old");
        sink.createTables();
        sink.createTables(); // idempotent

        SkillFixtures f = new SkillFixtures();
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*").auditSink(sink)
                .skills(Skills.builder().register(SkillFixtures.SUMMARIZE).build()).build()) {
            SkillFixtures.execute(cm, "result = skills.summarize_orders(\"c1\")", CallContext.anonymous());
        }
        List<JdbcAuditSink.ExecutionRow> rows = sink.recentExecutions(10);
        assertThat(rows).extracting(JdbcAuditSink.ExecutionRow::executionId).contains("old");
        assertThat(rows).filteredOn(r -> r.executionId().equals("old")).singleElement()
                .satisfies(r -> assertThat(r.skills()).isNull());
        assertThat(rows).filteredOn(r -> !r.executionId().equals("old")).singleElement()
                .satisfies(r -> assertThat(r.skills()).isEqualTo("summarize_orders@1"));
    }

    @Test
    void should_write_skills_in_json_only_when_some_were_used() {
        ExecutionRecord none = new ExecutionRecord(Instant.EPOCH, "e1", null, null, "x", "ok", null, Duration.ZERO, 0,
                null, "auto");
        ExecutionRecord some = new ExecutionRecord(Instant.EPOCH, "e2", null, null, "x", "ok", null, Duration.ZERO, 0,
                null, "auto", List.of("a@1", "b@3"));
        assertThat(AuditJson.write(none)).doesNotContain("skills");
        assertThat(AuditJson.write(some)).contains("\"skills\":[\"a@1\",\"b@3\"]");
    }
}
