package dev.chatlog.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Plain JDBC for the tests: opens connections on chatlog's schema and reads single columns. */
final class Queries {

    private Queries() {
    }

    /** A connection whose unqualified table names resolve in {@code schema}. */
    static Connection open(DataSource dataSource, String schema) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setSchema(schema);
        return connection;
    }

    static Connection open(DataSource dataSource) throws SQLException {
        return open(dataSource, Migrations.DEFAULT_SCHEMA);
    }

    /** The first column of every row, as text. */
    static List<String> strings(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** The plan of {@code sql}, as EXPLAIN's JSON. */
    static String explain(Connection connection, String sql) throws SQLException {
        return string(connection, "EXPLAIN (FORMAT JSON) " + sql);
    }

    /** Every distinct value of {@code key} anywhere in the tree of a plan from {@link #explain}. */
    static Set<String> planValues(Connection connection, String plan, String key) throws SQLException {
        return Set.copyOf(strings(connection,
                "SELECT jsonb_path_query(?::jsonb, ('lax $.**.\"' || ? || '\"')::jsonpath) #>> '{}'", plan, key));
    }

    static String string(Connection connection, String sql, Object... params) throws SQLException {
        List<String> values = strings(connection, sql, params);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql + " but got " + values);
        }
        return values.getFirst();
    }

    static long count(Connection connection, String sql, Object... params) throws SQLException {
        return Long.parseLong(string(connection, sql, params));
    }

    /** Runs any statement, ignoring what it returns. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a statement and returns how many rows it changed. */
    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /**
     * Starts a transaction on {@code connection} acting as {@code role}, for the user {@code userId}
     * (none when null), the way the query API and the worker do.
     */
    static void beginAs(Connection connection, String role, String userId) throws SQLException {
        connection.setAutoCommit(false);
        execute(connection, "SET LOCAL ROLE " + role);
        if (userId != null) {
            string(connection, "SELECT set_config('" + Migrations.USER_SETTING + "', ?, true)", userId);
        }
    }

    /** Inserts {@code count} messages of one user's conversation; the trigger of V5 queues each for search. */
    static void insertMessages(Connection owner, String userId, int count) throws SQLException {
        update(owner, """
                INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
                SELECT ?, 'conv-1', n, 'msg-' || n, 'user', 'add a task numbered ' || n, now()
                  FROM generate_series(1, ?) AS n""", userId, count);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
