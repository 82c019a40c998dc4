package dev.chatlog.bench.worker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** The baseline: COPY of the benchmark's final rows straight into freshly migrated tables. */
final class WorkerRawCopy {

    private static final Map<String, String> COLUMNS = Map.of(
            "conversations", "user_id, conversation_id, title, created_at, last_activity_at, item_count, deleted_at",
            "messages", "user_id, conversation_id, seq, message_id, role, content, created_at",
            "tool_calls", "user_id, conversation_id, seq, tool_call_id, message_id, name, arguments, status, output, "
                    + "error, requested_at, completed_at");

    private WorkerRawCopy() {
    }

    /** Copies every table's file in one transaction; returns the elapsed nanoseconds. */
    static long run(DataSource ds, String schema, WorkerCopyRows rows) throws SQLException, IOException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET search_path TO " + schema);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (String table : new String[] {"conversations", "messages", "tool_calls"}) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(rows.file(table)), 1 << 16)) {
                    copy.copyIn("COPY " + table + " (" + COLUMNS.get(table) + ") FROM STDIN", in);
                }
            }
            c.commit();
            return System.nanoTime() - start;
        }
    }
}
