package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.codemode.approval.JdbcApprovalStore;
import dev.codemode.approval.PendingApproval;
import dev.codemode.approval.PendingApproval.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The JDBC approval store on H2 and, when {@code CODEMODE_TEST_POSTGRES_URL} names one, PostgreSQL: every
 * field round-trips, the table is created idempotently, and each conditional update has one winner
 * (deciders racing from many connections, a decision against the deadline or a stale instance).
 */
class JdbcApprovalStoreIT {

    static Stream<Arguments> databases() {
        String pg = System.getenv("CODEMODE_TEST_POSTGRES_URL");
        return Stream.of(
                Arguments.of("H2", "jdbc:h2:mem:approvals-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                Arguments.of("PostgreSQL", pg == null ? "" : pg));
    }

    static DataSource dataSource(String url) {
        DriverManagerDataSource source = new DriverManagerDataSource(url);
        if (url.startsWith("jdbc:postgresql:")) {
            source.setUsername(System.getenv().getOrDefault("CODEMODE_TEST_POSTGRES_USER", "codemode"));
            source.setPassword(System.getenv().getOrDefault("CODEMODE_TEST_POSTGRES_PASSWORD", "codemode"));
        }
        return source;
    }

    static PendingApproval row(String id, String key, Instant now, Duration timeout) {
        return new PendingApproval(id, key, "turn-1", "result = crm.delete_customer(customer_id=\"c1\")\n",
                List.of("crm.delete_customer", "crm.lookup_customer"), List.of("crm.delete_customer"), List.of(), "A",
                now, now.plus(timeout), now, Status.PENDING, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesEveryFieldAndDecidesWithOneWinner(String database, String url) throws Exception {
        assumeTrue(!url.isEmpty(), database + " test skipped: set CODEMODE_TEST_POSTGRES_URL "
                + "(bash .ci/run starts a local PostgreSQL and sets it)");
        JdbcApprovalStore store = new JdbcApprovalStore(dataSource(url), "ap_" + UUID.randomUUID().toString()
                .substring(0, 8));
        store.createTable();
        store.createTable(); // idempotent: every instance runs it at start-up

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.insert(row("a1", "support", now, Duration.ofMinutes(1)));
        store.insert(new PendingApproval("a2", null, null, "x = getattr(crm, n)()", null, List.of(),
                List.of("getattr(...) on a server"), "B", now.plusMillis(1), now.plusSeconds(60), now.plusMillis(1),
                Status.PENDING, null, null, null));
        PendingApproval a1 = store.find("a1").orElseThrow();
        assertThat(a1).isEqualTo(row("a1", "support", now, Duration.ofMinutes(1)));
        assertThat(store.find("a2").orElseThrow().tools()).isNull();
        assertThat(store.find("a2").orElseThrow().undetermined()).containsExactly("getattr(...) on a server");
        assertThat(store.pending(null)).extracting(PendingApproval::id).containsExactly("a1", "a2");
        assertThat(store.pending("support")).extracting(PendingApproval::id).containsExactly("a1");
        assertThat(store.find("nope")).isEmpty();

        // A stale row (not polled since aliveSince) cannot be decided; polling makes it decidable again.
        assertThat(store.decide("a1", Status.APPROVED, "ops", null, now.plusSeconds(2), now.plusSeconds(1))).isFalse();
        assertThat(store.touch("a1", now.plusSeconds(2))).isTrue();

        // Sixteen deciders from sixteen connections: one winner.
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> wins = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Status status = i % 2 == 0 ? Status.APPROVED : Status.DENIED;
                String name = "d" + i;
                wins.add(pool.submit(() -> {
                    go.await();
                    return store.decide("a1", status, name, "why", now.plusSeconds(3), now.plusSeconds(1));
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> w : wins) {
                winners += w.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        PendingApproval decided = store.find("a1").orElseThrow();
        assertThat(decided.status()).isIn(Status.APPROVED, Status.DENIED);
        assertThat(decided.decidedBy()).startsWith("d");
        assertThat(decided.decidedAt()).isEqualTo(now.plusSeconds(3));
        assertThat(decided.reason()).isEqualTo("why");
        assertThat(store.touch("a1", now.plusSeconds(4))).isFalse();
        assertThat(store.expire("a1", "B", "late", now.plusSeconds(5))).isFalse();
        assertThat(store.find("a1").orElseThrow().status()).isEqualTo(decided.status());

        // Past its deadline nothing decides it; abandoned once stale; expired exactly once.
        Instant late = now.plusSeconds(61);
        assertThat(store.decide("a2", Status.APPROVED, "ops", null, late, now)).isFalse();
        assertThat(store.abandoned(late, now)).isEmpty(); // polled at now+1ms, after aliveSince=now
        assertThat(store.abandoned(late, late.minusSeconds(10))).extracting(PendingApproval::id).containsExactly("a2");
        assertThat(store.expire("a2", "C", "the instance stopped", late)).isTrue();
        assertThat(store.expire("a2", "D", "again", late)).isFalse();
        assertThat(store.find("a2").orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.EXPIRED);
            assertThat(r.decidedBy()).isEqualTo("C");
        });
        assertThat(store.pending(null)).isEmpty();
    }
}
