package dev.chatlog.api.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Runs each query in its own transaction as the reader role, with row-level security set to the
 * user of the request: the first statement sets the role, {@code chatlog.user_id} and the search
 * path, all transaction-local; the query follows. Both are sent as one multi-statement command,
 * so they run in one implicit transaction (PostgreSQL commits at the protocol's Sync, after the
 * last statement) and cost a single round trip. Queries bind the user as well, so the policy and
 * the query agree, and a query that forgot its user still sees only that user's rows.
 */
public final class ReaderTransactions {

    private static final String SCOPE = "SELECT set_config('role', ?, true), set_config('chatlog.user_id', ?, true),"
            + " set_config('search_path', ?, true)";

    private final JdbcTemplate jdbc;
    private final String readerRole;
    private final ActiveSchema schema;

    public ReaderTransactions(DataSource dataSource, String readerRole, ActiveSchema schema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.readerRole = readerRole;
        this.schema = schema;
    }

    /** A query as it is sent: prefixed with the scope statement. Build once, run often. */
    public static final class Query {
        private final String sql;
        private final String command;

        private Query(String sql) {
            this.sql = sql;
            this.command = SqlCall.command(SCOPE, sql);
        }

        /** The query's own text, without the scope statement. */
        public String sql() {
            return sql;
        }

        /** The whole command as sent: the scope statement, then the query. */
        String command() {
            return command;
        }
    }

    /** Prepares {@code sql} (one statement, unqualified table names) to run in a reader transaction. */
    public static Query prepare(String sql) {
        return new Query(sql);
    }

    /**
     * The call that runs {@code query} with {@code arguments} for {@code userId} as {@code readerRole}
     * in {@code schema}: the SQL text and every argument in the order {@link #query} binds them.
     */
    public static SqlCall call(String readerRole, String schema, String userId, Query query, List<?> arguments) {
        return new SqlCall(SCOPE, query.sql, List.of(readerRole, userId, schema), List.copyOf(arguments));
    }

    /** The schema the next transaction reads. */
    public String schema() {
        return schema.name();
    }

    /**
     * Runs {@code query} for {@code userId} ("" for no user: row-level security then shows no user
     * rows) with {@code arguments} bound in order, and extracts its rows.
     */
    public <T> T query(String userId, Query query, ResultSetExtractor<T> rows, List<?> arguments) {
        SqlCall call = call(readerRole, schema.name(), userId, query, arguments);
        return jdbc.execute(connection -> connection.prepareStatement(query.command()),
                (PreparedStatementCallback<T>) statement -> run(statement, call, rows));
    }

    /**
     * Like {@link #query(String, Query, ResultSetExtractor, List)}, in {@code schemaName}, on a
     * connection the caller took (in auto-commit mode, as the pools' are), for a reader that must not
     * queue for the requests' pool.
     */
    public <T> T query(Connection connection, String schemaName, String userId, Query query,
                       ResultSetExtractor<T> rows, List<?> arguments) throws SQLException {
        SqlCall call = call(readerRole, schemaName, userId, query, arguments);
        try (PreparedStatement statement = connection.prepareStatement(query.command())) {
            return run(statement, call, rows);
        }
    }

    private static <T> T run(PreparedStatement statement, SqlCall call, ResultSetExtractor<T> rows)
            throws SQLException {
        int index = 1;
        for (Object argument : call.scopeArguments()) {
            statement.setObject(index++, argument);
        }
        for (Object argument : call.queryArguments()) {
            statement.setObject(index++, argument);
        }
        statement.execute();
        if (!statement.getMoreResults()) {
            throw new SQLException("the query after the scope statement returned no rows");
        }
        try (ResultSet resultSet = statement.getResultSet()) {
            return rows.extractData(resultSet);
        }
    }
}
