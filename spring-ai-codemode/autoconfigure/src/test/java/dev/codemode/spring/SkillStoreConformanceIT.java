package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.codemode.skill.JdbcSkillStore;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One set of checks for every {@link SkillStore}: the core's in-memory store, and the JDBC store on H2
 * and, when {@code CODEMODE_TEST_POSTGRES_URL} names one, PostgreSQL. Versions per (scope, name), latest
 * per name in listings, every field round-trips, delete removes every version, and saves of one name
 * racing from two stores on one database (two instances) each get their own version.
 */
class SkillStoreConformanceIT {

    /** Two stores over one place: for JDBC two instances on one database, in memory the same store twice. */
    record Stores(SkillStore first, SkillStore second) {
    }

    static Stream<Arguments> stores() {
        String pg = System.getenv("CODEMODE_TEST_POSTGRES_URL");
        Supplier<Stores> memory = () -> {
            SkillStore store = SkillStore.inMemory();
            return new Stores(store, store);
        };
        return Stream.of(
                Arguments.of("memory", memory),
                Arguments.of("H2", jdbc("jdbc:h2:mem:skills-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")),
                Arguments.of("PostgreSQL", pg == null ? null : jdbc(pg)));
    }

    private static Supplier<Stores> jdbc(String url) {
        return () -> {
            DataSource source = JdbcApprovalStoreIT.dataSource(url);
            String prefix = "sk_" + UUID.randomUUID().toString().substring(0, 8);
            return new Stores(JdbcSkillStore.create(source, prefix), JdbcSkillStore.create(source, prefix));
        };
    }

    private static Stores open(String kind, Supplier<Stores> stores) {
        assumeTrue(stores != null, kind + " test skipped: set CODEMODE_TEST_POSTGRES_URL (bash .ci/run starts a"
                + " local PostgreSQL and sets it)");
        return stores.get();
    }

    static Skill draft(String scope, String name, String body) {
        return new Skill(name, scope, 99, "Open orders of one customer.\n\nArgs:\n  customer_id (str): the customer",
                List.of(new Skill.Parameter("customer_id", "str", "the customer", null),
                        new Skill.Parameter("limit", null, null, "10")),
                "def " + name + "(customer_id, limit = 10):\n    \"\"\"Open orders.\"\"\"\n    " + body + "\n",
                List.of("crm.lookup_customer", "orders.list_orders"), "support",
                Instant.parse("2000-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void versionsListsAndDeletes(String kind, Supplier<Stores> supplier) {
        SkillStore store = open(kind, supplier).first();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Skill v1 = store.save(draft("support", "open_orders", "return 1"));
        assertThat(v1.version()).as("draft version is ignored").isEqualTo(1);
        assertThat(v1.created()).as("draft created is ignored").isBetween(before, Instant.now());
        Skill v2 = store.save(draft("support", "open_orders", "return 2"));
        assertThat(v2.version()).isEqualTo(2);
        store.save(draft(SkillStore.SHARED, "open_orders", "return 3"));
        store.save(draft("support", "draft_email", "return 4"));
        store.save(draft("other", "zebra", "return 5"));

        // every field round-trips, the latest version wins
        Skill latest = store.latest("support", "open_orders").orElseThrow();
        assertThat(latest).isEqualTo(v2);
        assertThat(latest.parameters()).containsExactly(new Skill.Parameter("customer_id", "str", "the customer", null),
                new Skill.Parameter("limit", null, null, "10"));
        assertThat(latest.tools()).containsExactly("crm.lookup_customer", "orders.list_orders");
        assertThat(latest.source()).contains("return 2");
        assertThat(latest.author()).isEqualTo("support");
        assertThat(store.versions("support", "open_orders")).containsExactly(v1, v2);
        assertThat(store.latest("support", "nope")).isEmpty();
        assertThat(store.latest("other", "open_orders")).as("scopes are separate").isEmpty();
        assertThat(store.versions("support", "nope")).isEmpty();

        // listings: latest per (scope, name), ordered by name, only the scopes asked for
        assertThat(store.list(List.of("support"))).extracting(Skill::name, Skill::version)
                .containsExactly(tuple("draft_email", 1), tuple("open_orders", 2));
        assertThat(store.list(List.of("support", SkillStore.SHARED))).as("by name, then scope")
                .extracting(Skill::name, Skill::scope).containsExactly(tuple("draft_email", "support"),
                        tuple("open_orders", SkillStore.SHARED), tuple("open_orders", "support"));
        assertThat(store.list(List.of())).isEmpty();
        assertThat(store.list(List.of("nobody"))).isEmpty();
        assertThat(store.listAll()).as("by scope, then name").extracting(Skill::scope, Skill::name)
                .containsExactly(tuple(SkillStore.SHARED, "open_orders"), tuple("other", "zebra"),
                        tuple("support", "draft_email"), tuple("support", "open_orders"));
        assertThat(store.count("support")).as("names, not versions").isEqualTo(2);
        assertThat(store.count(SkillStore.SHARED)).isEqualTo(1);
        assertThat(store.count("nobody")).isZero();

        // delete removes every version of that scope's name, and only those
        assertThat(store.delete("support", "open_orders")).isTrue();
        assertThat(store.delete("support", "open_orders")).isFalse();
        assertThat(store.latest("support", "open_orders")).isEmpty();
        assertThat(store.versions("support", "open_orders")).isEmpty();
        assertThat(store.latest(SkillStore.SHARED, "open_orders")).isPresent();
        assertThat(store.count("support")).isEqualTo(1);
        // a name saved again after a delete starts over
        assertThat(store.save(draft("support", "open_orders", "return 6")).version()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentSavesFromTwoStoresEachGetTheirOwnVersion(String kind, Supplier<Stores> supplier) throws Exception {
        Stores stores = open(kind, supplier);
        int savers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(savers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Skill>> saved = new ArrayList<>();
            for (int i = 0; i < savers; i++) {
                SkillStore store = i % 2 == 0 ? stores.first() : stores.second();
                String body = "return " + i;
                saved.add(pool.submit(() -> {
                    go.await();
                    return store.save(draft("support", "open_orders", body));
                }));
            }
            go.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Skill> f : saved) {
                versions.add(f.get().version());
            }
            assertThat(versions).doesNotHaveDuplicates().hasSize(savers)
                    .allSatisfy(v -> assertThat(v).isBetween(1, savers));
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.second().versions("support", "open_orders")).extracting(Skill::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, savers).boxed().toList());
        assertThat(stores.first().count("support")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void textThatLooksLikeSqlIsStoredAsText(String kind, Supplier<Stores> supplier) {
        SkillStore store = open(kind, supplier).first();
        String scope = "k'); DELETE FROM codemode_skill; --";
        String name = "x' OR '1'='1";
        store.save(draft("support", "open_orders", "return 1"));
        Skill saved = store.save(new Skill(name, scope, 0, "'; DROP TABLE codemode_skill; --", List.of(),
                "def x():\n    return \"%'_\\\\\"\n", List.of(), scope, null));
        assertThat(store.latest(scope, name)).contains(saved);
        assertThat(store.latest("support", "x")).isEmpty();
        assertThat(store.list(List.of(scope))).containsExactly(saved);
        assertThat(store.count("support")).isEqualTo(1);
        assertThat(store.delete("support", name)).isFalse();
        assertThat(store.delete(scope, name)).isTrue();
        assertThat(store.latest("support", "open_orders")).isPresent();
    }

    @Test
    void theJdbcTableIsCreatedOnceAndOutlivesTheStore() {
        String url = "jdbc:h2:mem:skills-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        DataSource source = JdbcApprovalStoreIT.dataSource(url);
        JdbcSkillStore.create(source, "app").save(draft("support", "open_orders", "return 1"));
        // a second instance at start-up: the table exists, the skill is there
        JdbcSkillStore again = JdbcSkillStore.create(source, "app");
        assertThat(again.latest("support", "open_orders")).map(Skill::version).contains(1);
        assertThat(JdbcSkillStore.create(source).listAll()).as("another prefix, another table").isEmpty();
        assertThat(again.toString()).contains("app_skill");
    }

    @Test
    void aTablePrefixThatIsNotAnIdentifierIsRefused() {
        DataSource source = JdbcApprovalStoreIT.dataSource("jdbc:h2:mem:skills-" + UUID.randomUUID());
        assertThatThrownBy(() -> JdbcSkillStore.create(source, "x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier");
        assertThatThrownBy(() -> JdbcSkillStore.create(source, "1abc")).isInstanceOf(IllegalArgumentException.class);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
