package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.ToolCallRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The JDBC audit sink on both databases it promises: embedded H2, and PostgreSQL when
 * {@code CODEMODE_TEST_POSTGRES_URL} names one ({@code .ci/run} starts a local server and sets it;
 * user and password default to {@code codemode}).
 */
class JdbcAuditSinkIT {

    static Stream<Arguments> databases() {
        String pg = System.getenv("CODEMODE_TEST_POSTGRES_URL");
        return Stream.of(
                Arguments.of("H2", "jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                Arguments.of("PostgreSQL", pg == null ? "" : pg));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesAndReadsBackEveryFieldOfBothRecordKinds(String database, String url) {
        assumeTrue(!url.isEmpty(), database + " test skipped: set CODEMODE_TEST_POSTGRES_URL "
                + "(bash .ci/run starts a local PostgreSQL and sets it)");
        DataSource dataSource = dataSource(url);
        String prefix = "audit_" + UUID.randomUUID().toString().substring(0, 8);
        JdbcAuditSink sink = new JdbcAuditSink(dataSource, prefix);
        try {
            sink.createTables();
            sink.createTables(); // idempotent: every start-up runs it

            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String bigResult = "x".repeat(100_000);
            sink.write(new ToolCallRecord(now, "e1", "turn-1", "support", "crm", "lookup_customer",
                    Map.of("customer_id", "c42", "note", "Zoë ✓"), Map.of("name", "Ada", "bio", bigResult), null,
                    Duration.ofMillis(12), new BigDecimal("0.002")));
            sink.write(new ToolCallRecord(now.plusMillis(5), "e1", "turn-1", "support", "billing", "charge",
                    Map.of(), null, "card declined", Duration.ofMillis(3), BigDecimal.ZERO));
            sink.write(new ExecutionRecord(now, "e1", "turn-1", "support", "print('hi')\n", ExecutionRecord.ERROR,
                    "billing.charge failed: card declined", Duration.ofMillis(40), 2, new BigDecimal("0.002"),
                    "auto"));

            assertThat(sink.executionCount()).isEqualTo(1);
            assertThat(sink.toolCallCount()).isEqualTo(2);
            var rows = sink.recentToolCalls(10);
            assertThat(rows).extracting(JdbcAuditSink.ToolCallRow::tool).containsExactly("charge", "lookup_customer");
            var failed = rows.get(0);
            assertThat(failed.error()).isEqualTo("card declined");
            assertThat(failed.result()).isNull();
            var ok = rows.get(1);
            assertThat(ok.startedAt()).isEqualTo(now);
            assertThat(ok.virtualKey()).isEqualTo("support");
            assertThat(ok.parentRequestId()).isEqualTo("turn-1");
            assertThat(ok.arguments()).contains("Zoë ✓").contains("c42");
            assertThat(ok.result()).hasSizeGreaterThan(100_000).contains("Ada");
            assertThat(ok.latencyMillis()).isEqualTo(12);
            assertThat(ok.cost()).isEqualByComparingTo("0.002");

            assertThat(sink.recentExecutions(5)).singleElement().satisfies(row -> {
                assertThat(row.outcome()).isEqualTo("error");
                assertThat(row.toolCalls()).isEqualTo(2);
                assertThat(row.approval()).isEqualTo("auto");
                assertThat(row.error()).isEqualTo("billing.charge failed: card declined");
                assertThat(row.startedAt()).isEqualTo(now);
            });
            Map<String, Object> run = new JdbcTemplate(dataSource).queryForMap(
                    "SELECT outcome, approval, tool_calls, total_cost, script FROM " + prefix + "_execution");
            assertThat(run.get("outcome")).isEqualTo("error");
            assertThat(run.get("approval")).isEqualTo("auto");
            assertThat(((Number) run.get("tool_calls")).intValue()).isEqualTo(2);
            assertThat(new BigDecimal(run.get("total_cost").toString())).isEqualByComparingTo("0.002");
            assertThat(run.get("script")).isEqualTo("print('hi')\n");
        } finally {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("DROP TABLE IF EXISTS " + prefix + "_tool_call");
            jdbc.execute("DROP TABLE IF EXISTS " + prefix + "_execution");
        }
    }

    private static DataSource dataSource(String url) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        if (url.startsWith("jdbc:postgresql:")) {
            dataSource.setUsername(System.getenv().getOrDefault("CODEMODE_TEST_POSTGRES_USER", "codemode"));
            dataSource.setPassword(System.getenv().getOrDefault("CODEMODE_TEST_POSTGRES_PASSWORD", "codemode"));
        }
        return dataSource;
    }
}
