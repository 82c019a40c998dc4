package dev.chatlog.api.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

        private Query(String sql) {
            this.sql = sql;
        }
    }

    /** Prepares {@code sql} (one statement, unqualified table names) to run in a reader transaction. */
    public static Query prepare(String sql) {
        return new Query(SCOPE + ";\n" + sql);
    }

    /** The schema the next transaction reads. */
    public String schema() {
        return schema.name();
    }

    /**
     * Runs {@code query} for {@code userId} ("" for no user: row-level security then shows no user
     * rows) with {@code args} bound in order, and extracts its rows.
     */
    public <T> T query(String userId, Query query, ResultSetExtractor<T> rows, Object... args) {
        return jdbc.execute(connection -> connection.prepareStatement(query.sql),
                (PreparedStatementCallback<T>) statement -> run(statement, userId, rows, args));
    }

    private <T> T run(PreparedStatement statement, String userId, ResultSetExtractor<T> rows, Object[] args)
            throws SQLException {
        statement.setString(1, readerRole);
        statement.setString(2, userId);
        statement.setString(3, schema.name());
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 4, args[i]);
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
