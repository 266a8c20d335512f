package dev.codemode.skill;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.json.JsonValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Skills in one table, {@code <prefix>_skill}, next to the audit and approval tables of the same prefix,
 * through plain JDBC on any {@link DataSource}: one row per version, keyed by (scope, name, version). The
 * DDL uses only types H2 and PostgreSQL share; {@link #create} creates the table when missing.
 *
 * <p>A save reads the latest version and inserts the next one; when another instance inserted that
 * version first, the primary key refuses the row and the save reads again and retries, so concurrent
 * saves of one name each get their own version. Times are truncated to milliseconds (what every database
 * keeps). Database failures are thrown as {@link IllegalStateException}s.
 */
public final class JdbcSkillStore implements SkillStore {

    /** Saves racing on one name: each lost race costs one retry, so this bounds a burst of that many savers. */
    private static final int MAX_ATTEMPTS = 50;
    /** SQLSTATE of a unique or primary key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String table;

    /**
     * The store in {@code <tablePrefix>_skill}, which must exist: {@link #createTable()} creates it, or
     * {@link #create(DataSource, String)} does both.
     *
     * @throws IllegalArgumentException when the prefix is not a plain SQL identifier of up to 41 characters
     */
    public JdbcSkillStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = JdbcAuditSink.table(tablePrefix, "skill");
    }

    /** The store in {@code codemode_skill}, created when missing. */
    public static JdbcSkillStore create(DataSource dataSource) {
        return create(dataSource, "codemode");
    }

    /**
     * The store in {@code <tablePrefix>_skill}, created when missing (every instance may do this at
     * start-up).
     *
     * @throws IllegalArgumentException when the prefix is not a plain SQL identifier of up to 41 characters
     */
    public static JdbcSkillStore create(DataSource dataSource, String tablePrefix) {
        JdbcSkillStore store = new JdbcSkillStore(dataSource, tablePrefix);
        store.createTable();
        return store;
    }

    /** Creates the table when missing (every instance may do this at start-up). */
    public void createTable() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "scope VARCHAR(255) NOT NULL, "
                    + "name VARCHAR(255) NOT NULL, "
                    + "version INTEGER NOT NULL, "
                    + "description TEXT, "
                    + "parameters TEXT NOT NULL, "
                    + "source TEXT NOT NULL, "
                    + "tools TEXT NOT NULL, "
                    + "author VARCHAR(255) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "PRIMARY KEY (scope, name, version))");
        } catch (SQLException e) {
            throw new IllegalStateException("creating the skill table " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** Sorted here, not in SQL: a database's collation may order text differently from Java. */
    private static final Comparator<Skill> BY_NAME = Comparator.comparing(Skill::name).thenComparing(Skill::scope);
    private static final Comparator<Skill> BY_SCOPE = Comparator.comparing(Skill::scope).thenComparing(Skill::name);

    /** Latest version of each (scope, name), for the where clause given, in {@code order}. */
    private List<Skill> latestRows(Comparator<Skill> order, String where, Object... values) {
        List<Skill> rows = new ArrayList<>(query("SELECT s.* FROM " + table + " s WHERE " + where
                + " AND s.version = (SELECT MAX(m.version) FROM " + table + " m WHERE m.scope = s.scope"
                + " AND m.name = s.name)", values));
        rows.sort(order);
        return List.copyOf(rows);
    }

    /** Latest versions in these scopes, ordered by name, then scope. */
    @Override
    public List<Skill> list(Collection<String> scopes) {
        List<String> distinct = scopes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", distinct.stream().map(s -> "?").toList());
        return latestRows(BY_NAME, "s.scope IN (" + marks + ")", distinct.toArray());
    }

    /** Latest versions of every scope, ordered by scope, then name. */
    @Override
    public List<Skill> listAll() {
        return latestRows(BY_SCOPE, "1 = 1");
    }

    @Override
    public Optional<Skill> latest(String scope, String name) {
        return query("SELECT * FROM " + table + " WHERE scope = ? AND name = ? ORDER BY version DESC LIMIT 1",
                scope, name).stream().findFirst();
    }

    @Override
    public List<Skill> versions(String scope, String name) {
        return query("SELECT * FROM " + table + " WHERE scope = ? AND name = ? ORDER BY version", scope, name);
    }

    @Override
    public Skill save(Skill draft) {
        for (int attempt = 1; ; attempt++) {
            int next = latestVersion(draft.scope(), draft.name()) + 1;
            Skill skill = draft.withVersion(next, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            try {
                insert(skill);
                return skill;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("writing the skill table " + table + " failed: " + e.getMessage(),
                            e);
                }
                // another instance stored this version first: read the latest again
            }
        }
    }

    private int latestVersion(String scope, String name) {
        return query("SELECT MAX(version) FROM " + table + " WHERE scope = ? AND name = ?", rs -> rs.getInt(1),
                scope, name).get(0);
    }

    private void insert(Skill skill) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table
                        + " (scope, name, version, description, parameters, source, tools, author, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, skill.scope());
            statement.setString(2, skill.name());
            statement.setInt(3, skill.version());
            statement.setString(4, skill.description());
            statement.setString(5, JsonValues.write(skill.parameters().stream().map(JdbcSkillStore::json).toList()));
            statement.setString(6, skill.source());
            statement.setString(7, JsonValues.write(skill.tools()));
            statement.setString(8, skill.author());
            statement.setObject(9, OffsetDateTime.ofInstant(skill.created(), ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    @Override
    public boolean delete(String scope, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE scope = ? AND name = ?")) {
            statement.setString(1, scope);
            statement.setString(2, name);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("writing the skill table " + table + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int count(String scope) {
        return query("SELECT COUNT(DISTINCT name) FROM " + table + " WHERE scope = ?", rs -> rs.getInt(1), scope)
                .get(0);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private List<Skill> query(String sql, Object... values) {
        return query(sql, JdbcSkillStore::skill, values);
    }

    private <T> List<T> query(String sql, Row<T> row, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, (String) values[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the skill table " + table + " failed: " + e.getMessage(), e);
        }
    }

    private static Skill skill(ResultSet rs) throws SQLException {
        List<Skill.Parameter> parameters = new ArrayList<>();
        if (JsonValues.parse(rs.getString("parameters")) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> p) {
                    parameters.add(new Skill.Parameter((String) p.get("name"), (String) p.get("type"),
                            (String) p.get("description"), (String) p.get("default")));
                }
            }
        }
        List<String> tools = new ArrayList<>();
        if (JsonValues.parse(rs.getString("tools")) instanceof List<?> list) {
            list.forEach(o -> tools.add(String.valueOf(o)));
        }
        return new Skill(rs.getString("name"), rs.getString("scope"), rs.getInt("version"),
                rs.getString("description"), List.copyOf(parameters), rs.getString("source"), List.copyOf(tools),
                rs.getString("author"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** A parameter as a JSON object; absent parts are left out. */
    private static Map<String, Object> json(Skill.Parameter p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        putIfSet(out, "type", p.type());
        putIfSet(out, "description", p.description());
        putIfSet(out, "default", p.defaultValue());
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, @Nullable String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "JdbcSkillStore[" + table + "]";
    }
}
