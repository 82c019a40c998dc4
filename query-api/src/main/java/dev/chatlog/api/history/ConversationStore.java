package dev.chatlog.api.history;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import dev.chatlog.api.db.SqlCall;
import dev.chatlog.api.history.CursorCodec.ConversationKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a user's conversations: one by id, or a keyset page by last activity. Deleted ones do not exist here. */
public final class ConversationStore {

    private static final String SELECT = """
            SELECT conversation_id, title, created_at, last_activity_at, item_count
              FROM conversations
             WHERE user_id = ? AND deleted_at IS NULL""";
    /**
     * The {@code activity_hour} (migration V4) of the page's bound: the column's own expression, so
     * the keyset condition on the indexed hour is exact.
     */
    private static final String HOUR_OF_BOUND =
            "floor(extract(epoch FROM ?::timestamptz AT TIME ZONE 'UTC') / 3600)::bigint";
    private static final Query FIND = ReaderTransactions.prepare(SELECT + " AND conversation_id = ?");
    static final Query FIRST_DESC = page("", "DESC");
    private static final Query FIRST_ASC = page("", "ASC");
    private static final Query NEXT_DESC = page(" AND activity_hour <= " + HOUR_OF_BOUND
            + " AND (last_activity_at, conversation_id) < (?, ?)", "DESC");
    private static final Query NEXT_ASC = page(" AND activity_hour >= " + HOUR_OF_BOUND
            + " AND (last_activity_at, conversation_id) > (?, ?)", "ASC");

    private final ReaderTransactions transactions;

    public ConversationStore(ReaderTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The SQL the API sends for the first page of a user's conversations, most recently active
     * first, with its arguments in bind order: what a benchmark's baseline must run.
     */
    public static SqlCall newestConversations(String readerRole, String schema, String userId, int limit) {
        Paging<ConversationKey> paging = Paging.first(limit, true);
        return ReaderTransactions.call(readerRole, schema, userId, query(paging), arguments(userId, paging));
    }

    Optional<Conversation> find(String userId, String conversationId) {
        return transactions.query(userId, FIND, rs -> rs.next() ? Optional.of(read(rs)) : Optional.empty(),
                List.of(userId, conversationId));
    }

    Page<Conversation> list(String userId, Paging<ConversationKey> paging) {
        List<Conversation> rows = transactions.query(userId, query(paging), ConversationStore::readAll,
                arguments(userId, paging));
        return Pages.of(rows, paging);
    }

    private static Query query(Paging<ConversationKey> paging) {
        if (paging.bound() == null) {
            return paging.descending() ? FIRST_DESC : FIRST_ASC;
        }
        return paging.descending() ? NEXT_DESC : NEXT_ASC;
    }

    /** The arguments of {@link #query}'s placeholders, in order. */
    private static List<Object> arguments(String userId, Paging<ConversationKey> paging) {
        int fetch = paging.limit() + 1;
        ConversationKey key = paging.bound();
        if (key == null) {
            return List.of(userId, fetch);
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(key.lastActivityAt(), ZoneOffset.UTC);
        return List.of(userId, at, at, key.conversationId(), fetch);
    }

    private static Query page(String keyset, String direction) {
        return ReaderTransactions.prepare(SELECT + keyset + "\n ORDER BY activity_hour " + direction
                + ", last_activity_at " + direction + ", conversation_id " + direction + "\n LIMIT ?");
    }

    private static List<Conversation> readAll(ResultSet rs) throws SQLException {
        List<Conversation> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(read(rs));
        }
        return rows;
    }

    private static Conversation read(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getInt(5));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
