package dev.chatlog.api.history;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import dev.chatlog.api.db.SqlCall;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's tool calls across conversations. The database function {@code find_tool_calls}
 * (migration V5) finds the keys of the current user's matching calls through the indexes; the rows
 * are then read for those keys under row-level security, like every other read of the API.
 */
public final class ToolCallStore {

    static final Query FIND = ReaderTransactions.prepare("""
            SELECT k.conversation_id, t.seq, t.tool_call_id, t.message_id, t.name, t.arguments::text, t.status,
                   t.output::text, t.error, t.requested_at, t.completed_at
              FROM find_tool_calls(?::jsonb) WITH ORDINALITY AS k (conversation_id, seq, n)
              JOIN tool_calls t ON t.user_id = ? AND t.conversation_id = k.conversation_id AND t.seq = k.seq
             ORDER BY k.n""");

    private final ReaderTransactions transactions;

    public ToolCallStore(ReaderTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The SQL the API sends for {@code requestDocument} (as {@code find_tool_calls} takes it), with its
     * arguments in bind order: what a benchmark's baseline must run.
     */
    public static SqlCall call(String readerRole, String schema, String userId, String requestDocument) {
        return ReaderTransactions.call(readerRole, schema, userId, FIND, List.of(requestDocument, userId));
    }

    Page<ToolCallHit> list(String userId, ToolCallQuery.Parsed query) {
        List<ToolCallHit> rows = transactions.query(userId, FIND, ToolCallStore::readAll,
                List.of(query.document().toString(), userId));
        return Pages.of(rows, query.paging());
    }

    private static List<ToolCallHit> readAll(ResultSet rs) throws SQLException {
        List<ToolCallHit> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(new ToolCallHit(rs.getString(1), new ToolCall(rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    ConversationStore.instant(rs, 10), ConversationStore.instant(rs, 11))));
        }
        return rows;
    }
}
