package dev.chatlog.api.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import dev.chatlog.api.db.SqlCall;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search of a user's messages. The database function {@code search_messages} (migration
 * V5) finds the keys of the current user's matching messages, newest first, through the indexes;
 * the messages are then read for those keys under row-level security, and only they get a snippet.
 */
public final class SearchStore {

    static final Query SEARCH = ReaderTransactions.prepare("""
            SELECT k.conversation_id, m.seq, m.message_id, m.role, m.created_at,
                   ts_headline(?::regconfig, translate(m.content, ?, ''), websearch_to_tsquery(?::regconfig, ?), ?)
              FROM search_messages(?::jsonb) WITH ORDINALITY AS k (conversation_id, seq, n)
              JOIN messages m ON m.user_id = ? AND m.conversation_id = k.conversation_id AND m.seq = k.seq
             ORDER BY k.n""");

    private final ReaderTransactions transactions;
    private final SearchSettings settings;

    public SearchStore(ReaderTransactions transactions, SearchSettings settings) {
        this.transactions = transactions;
        this.settings = settings;
    }

    /**
     * The SQL the API sends for {@code requestDocument} (as {@code search_messages} takes it), with
     * its arguments in bind order: what a benchmark's baseline must run.
     */
    public static SqlCall call(String readerRole, String schema, String userId, String requestDocument,
                               String configuration, String q) {
        return ReaderTransactions.call(readerRole, schema, userId, SEARCH,
                arguments(userId, requestDocument, configuration, q));
    }

    Page<SearchHit> search(String userId, SearchQuery.Parsed query) {
        ObjectNode document = query.document();
        document.put("config", settings.configuration());
        List<SearchHit> rows = transactions.query(userId, SEARCH, this::readAll,
                arguments(userId, document.toString(), settings.configuration(), query.q()));
        return Pages.of(rows, query.paging());
    }

    private static List<Object> arguments(String userId, String document, String configuration, String q) {
        return List.of(configuration, Snippets.START + Snippets.STOP, configuration, q, Snippets.HEADLINE_OPTIONS,
                document, userId);
    }

    private List<SearchHit> readAll(ResultSet rs) throws SQLException {
        List<SearchHit> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(new SearchHit(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    ConversationStore.instant(rs, 5), Snippets.render(rs.getString(6), settings)));
        }
        return rows;
    }
}
