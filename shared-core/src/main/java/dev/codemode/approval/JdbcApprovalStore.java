package dev.codemode.approval;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Pending approvals in one table, {@code <prefix>_approval}, next to the audit tables of the same prefix
 * (see {@code JdbcAuditSink}), through plain JDBC on any {@link DataSource}. The DDL uses only types H2
 * and PostgreSQL share; {@link #createTable()} is idempotent. Every change of status is one
 * {@code UPDATE ... WHERE id = ? AND status = 'pending' ...}: the database picks the one winner.
 * Times are the instances' clocks (keep them in sync, e.g. NTP). Database failures are thrown as
 * {@link IllegalStateException}s.
 */
public final class JdbcApprovalStore implements ApprovalStore {

    private static final String PENDING = PendingApproval.Status.PENDING.label();
    private final DataSource dataSource;
    private final String table;

    public JdbcApprovalStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = JdbcAuditSink.table(tablePrefix, "approval");
    }

    /** Creates the table and its index when missing. */
    public void createTable() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "caller_key VARCHAR(255), "
                    + "parent_request_id VARCHAR(255), "
                    + "script TEXT NOT NULL, "
                    + "tools TEXT, "
                    + "need_approval TEXT NOT NULL, "
                    + "undetermined TEXT NOT NULL, "
                    + "instance_id VARCHAR(255) NOT NULL, "
                    + "asked_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "deadline TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "seen_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "status VARCHAR(16) NOT NULL, "
                    + "decided_by VARCHAR(255), "
                    + "decided_at TIMESTAMP WITH TIME ZONE, "
                    + "reason TEXT)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + table + "_status ON " + table + " (status, deadline)");
        } catch (SQLException e) {
            throw new IllegalStateException("creating the approval table " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** A new row is pending: who decided, when and why are left empty. */
    @Override
    public void insert(PendingApproval a) {
        update("INSERT INTO " + table + " (id, caller_key, parent_request_id, script, tools, need_approval, "
                + "undetermined, instance_id, asked_at, deadline, seen_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.callerKeyId(), a.parentRequestId(), a.script(),
                a.tools() == null ? null : JsonValues.write(a.tools()), JsonValues.write(a.needApproval()),
                JsonValues.write(a.undetermined()), a.instanceId(), utc(a.askedAt()), utc(a.deadline()),
                utc(a.seenAt()), PENDING);
    }

    @Override
    public Optional<PendingApproval> find(String id) {
        return query("SELECT * FROM " + table + " WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<PendingApproval> pending(@Nullable String callerKeyId) {
        return callerKeyId == null
                ? query("SELECT * FROM " + table + " WHERE status = ? ORDER BY asked_at, id", PENDING)
                : query("SELECT * FROM " + table + " WHERE status = ? AND caller_key = ? ORDER BY asked_at, id",
                        PENDING, callerKeyId);
    }

    @Override
    public boolean touch(String id, Instant now) {
        return update("UPDATE " + table + " SET seen_at = ? WHERE id = ? AND status = ?", utc(now), id, PENDING) == 1;
    }

    @Override
    public boolean decide(String id, PendingApproval.Status status, String decidedBy, @Nullable String reason,
            Instant now, Instant aliveSince) {
        return update("UPDATE " + table + " SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
                + "WHERE id = ? AND status = ? AND deadline > ? AND seen_at >= ?", status.label(), decidedBy,
                utc(now), reason, id, PENDING, utc(now), utc(aliveSince)) == 1;
    }

    @Override
    public boolean expire(String id, String expiredBy, String reason, Instant now) {
        return update("UPDATE " + table + " SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
                + "WHERE id = ? AND status = ?", PendingApproval.Status.EXPIRED.label(), expiredBy, utc(now), reason,
                id, PENDING) == 1;
    }

    @Override
    public List<PendingApproval> abandoned(Instant now, Instant aliveSince) {
        return query("SELECT * FROM " + table + " WHERE status = ? AND deadline <= ? AND seen_at < ? "
                + "ORDER BY asked_at, id", PENDING, utc(now), utc(aliveSince));
    }

    /** Null values are only ever text columns here, so they are bound as text (PostgreSQL needs a type). */
    private int update(String sql, @Nullable Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing the approval table " + table + " failed: " + e.getMessage(), e);
        }
    }

    private List<PendingApproval> query(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rs = statement.executeQuery()) {
                List<PendingApproval> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the approval table " + table + " failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, @Nullable Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setString(i + 1, null);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
    }

    private static PendingApproval row(ResultSet rs) throws SQLException {
        String tools = rs.getString("tools");
        OffsetDateTime decidedAt = rs.getObject("decided_at", OffsetDateTime.class);
        return new PendingApproval(rs.getString("id"), rs.getString("caller_key"), rs.getString("parent_request_id"),
                rs.getString("script"), tools == null ? null : strings(tools), strings(rs.getString("need_approval")),
                strings(rs.getString("undetermined")), rs.getString("instance_id"),
                rs.getObject("asked_at", OffsetDateTime.class).toInstant(),
                rs.getObject("deadline", OffsetDateTime.class).toInstant(),
                rs.getObject("seen_at", OffsetDateTime.class).toInstant(),
                PendingApproval.Status.ofLabel(rs.getString("status")), rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(), rs.getString("reason"));
    }

    private static List<String> strings(String json) {
        Object parsed = JsonValues.parse(json);
        List<String> out = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "JdbcApprovalStore[" + table + "]";
    }
}
