package dev.chatlog.api.history;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import dev.chatlog.api.db.SqlCall;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a conversation's items by keyset on {@code seq}: messages and tool calls share the sequence,
 * so a page is the merge of two index range scans. One statement also says whether the conversation
 * exists (and is not deleted), which tells an empty page from a 404.
 */
public final class ItemStore {

    private static final Query ASCENDING = scan(">", "ASC");
    static final Query DESCENDING = scan("<", "DESC");

    private final ReaderTransactions transactions;

    public ItemStore(ReaderTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The SQL the API sends for the newest {@code limit} items of a conversation (order=desc, no
     * cursor), with its arguments in bind order: what a benchmark's baseline must run.
     */
    public static SqlCall newestItems(String readerRole, String schema, String userId, String conversationId,
                                      int limit) {
        Paging<Long> paging = Paging.first(limit, true);
        return ReaderTransactions.call(readerRole, schema, userId, query(paging),
                arguments(userId, conversationId, paging));
    }

    /** The page, or empty when the user has no such conversation. */
    Optional<Page<Item>> list(String userId, String conversationId, Paging<Long> paging) {
        List<Item> rows = transactions.query(userId, query(paging), ItemStore::readAll,
                arguments(userId, conversationId, paging));
        return rows == null ? Optional.empty() : Optional.of(Pages.of(rows, paging));
    }

    private static Query query(Paging<Long> paging) {
        return paging.descending() ? DESCENDING : ASCENDING;
    }

    /** The arguments of {@link #scan}'s placeholders, in order. */
    private static List<Object> arguments(String userId, String conversationId, Paging<Long> paging) {
        long bound = paging.bound() != null ? paging.bound() : paging.descending() ? Long.MAX_VALUE : 0L;
        int fetch = paging.limit() + 1;
        return List.of(userId, conversationId, bound, fetch,
                userId, conversationId, bound, fetch,
                fetch, userId, conversationId);
    }

    /** The item with {@code seq}, if the conversation exists and has it. */
    Optional<Item> item(String userId, String conversationId, long seq) {
        return list(userId, conversationId, new Paging<>(1, true, seq + 1, false))
                .flatMap(page -> page.data().stream().filter(i -> i.seq() == seq).findFirst());
    }

    private static Query scan(String comparison, String direction) {
        return ReaderTransactions.prepare("""
                SELECT x.kind, x.seq, x.ref, x.message_id, x.label, x.content, x.arguments, x.status, x.output,
                       x.error, x.occurred_at, x.completed_at
                  FROM conversations c
                  LEFT JOIN (
                       (SELECT 'm' AS kind, seq, message_id AS ref, message_id, role AS label, content,
                               NULL::text AS arguments, NULL::text AS status, NULL::text AS output, NULL::text AS error,
                               created_at AS occurred_at, NULL::timestamptz AS completed_at
                          FROM messages
                         WHERE user_id = ? AND conversation_id = ? AND seq %1$s ?
                         ORDER BY seq %2$s LIMIT ?)
                       UNION ALL
                       (SELECT 't', seq, tool_call_id, message_id, name, NULL, arguments::text, status, output::text,
                               error, requested_at, completed_at
                          FROM tool_calls
                         WHERE user_id = ? AND conversation_id = ? AND seq %1$s ?
                         ORDER BY seq %2$s LIMIT ?)
                       ORDER BY seq %2$s LIMIT ?
                  ) x ON true
                 WHERE c.user_id = ? AND c.conversation_id = ? AND c.deleted_at IS NULL
                 ORDER BY x.seq %2$s""".formatted(comparison, direction));
    }

    /** The items, or null when no row came back: no conversation at all. */
    private static List<Item> readAll(ResultSet rs) throws SQLException {
        List<Item> items = null;
        while (rs.next()) {
            if (items == null) {
                items = new ArrayList<>();
            }
            String kind = rs.getString(1);
            if (kind == null) {
                continue;
            }
            items.add(kind.equals("m")
                    ? new Message(rs.getLong(2), rs.getString(4), rs.getString(5), rs.getString(6),
                            ConversationStore.instant(rs, 11))
                    : new ToolCall(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), ConversationStore.instant(rs, 11),
                            ConversationStore.instant(rs, 12)));
        }
        return items;
    }
}
