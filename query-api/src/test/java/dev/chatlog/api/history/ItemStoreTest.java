package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.api.db.InlinedSql;
import dev.chatlog.api.db.SqlCall;
import org.junit.jupiter.api.Test;

class ItemStoreTest {

    @Test
    void newestItemsIsTheDescendingScanTheStoreRuns() {
        SqlCall call = ItemStore.newestItems("chatlog_reader", "chatlog", "alice", "c1", 50);

        assertThat(call.querySql()).isEqualTo(ItemStore.DESCENDING.sql());
        assertThat(call.scopeArguments()).containsExactly("chatlog_reader", "alice", "chatlog");
        assertThat(call.queryArguments()).containsExactly("alice", "c1", Long.MAX_VALUE, 51, "alice", "c1",
                Long.MAX_VALUE, 51, 51, "alice", "c1");
    }

    @Test
    void newestItemsPutsEachArgumentWhereTheScanExpectsIt() {
        SqlCall call = ItemStore.newestItems("chatlog_reader", "chatlog", "alice", "c1", 50);

        String query = InlinedSql.inline(call.querySql(), call.queryArguments()).replaceAll("\\s+", " ");

        String scan = " WHERE user_id = 'alice' AND conversation_id = 'c1' AND seq < 9223372036854775807"
                + " ORDER BY seq DESC LIMIT 51)";
        assertThat(query).contains("FROM messages" + scan).contains("FROM tool_calls" + scan)
                .contains("ORDER BY seq DESC LIMIT 51 ) x ON true"
                        + " WHERE c.user_id = 'alice' AND c.conversation_id = 'c1' AND c.deleted_at IS NULL");
    }

    @Test
    void newestItemsRefusesALimitTheApiNeverSends() {
        assertThatThrownBy(() -> ItemStore.newestItems("chatlog_reader", "chatlog", "alice", "c1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ItemStore.newestItems("chatlog_reader", "chatlog", "alice", "c1", 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

}
