package dev.chatlog.bench.api;

import dev.chatlog.api.db.SqlCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The plans PostgreSQL runs for each finding read, statements inside the database functions
 * included: {@code auto_explain} logs them with their timings, and {@code client_min_messages = log}
 * hands the log lines to this session. Written to {@code find-plans.txt} in the data directory, to
 * tell what dominates a read's time.
 */
final class ApiFindPlans {

    private ApiFindPlans() {
    }

    /** Runs {@code sql} and returns the log lines it brought. */
    private static String run(Connection c, String sql, List<Object> arguments) throws SQLException {
        StringBuilder lines = new StringBuilder();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int a = 0; a < arguments.size(); a++) {
                p.setObject(a + 1, arguments.get(a));
            }
            p.execute();
            for (SQLWarning w = p.getWarnings(); w != null; w = w.getNextWarning()) {
                lines.append(w.getMessage()).append('\n');
            }
        }
        return lines.toString();
    }

    static void write(DataSource dataSource, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("LOAD 'auto_explain'");
            s.execute("SET auto_explain.log_min_duration = 0");
            s.execute("SET auto_explain.log_analyze = on");
            s.execute("SET auto_explain.log_buffers = on");
            s.execute("SET auto_explain.log_nested_statements = on");
            s.execute("SET client_min_messages = log");
            for (ApiFindRead read : ApiFindRead.ALL) {
                for (int i = 0; i < 2; i++) { // the second run, with warm caches, is the one measured
                    c.setAutoCommit(false);
                    SqlCall call = read.call(new int[] {0, 0});
                    // the scope, then the query, each on its own, so each brings its own log lines
                    String scope = run(c, call.scopeSql(), call.scopeArguments());
                    String query = run(c, call.querySql(), call.queryArguments());
                    if (i == 1) {
                        out.append("== ").append(read.name()).append(": ").append(read.path(read.values().getFirst()))
                                .append('\n').append(scope).append(query);
                    }
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            out.append("no plans: ").append(e.getMessage()).append('\n');
        }
        Files.writeString(file, out);
        System.out.println("plans of the finding reads written to " + file);
    }
}
