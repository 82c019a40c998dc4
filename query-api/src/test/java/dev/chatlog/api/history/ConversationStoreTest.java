package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.api.db.InlinedSql;
import dev.chatlog.api.db.SqlCall;
import org.junit.jupiter.api.Test;

class ConversationStoreTest {

    @Test
    void newestConversationsIsTheFirstDescendingPageTheStoreRuns() {
        SqlCall call = ConversationStore.newestConversations("chatlog_reader", "chatlog", "alice", 20);

        assertThat(call.querySql()).isEqualTo(ConversationStore.FIRST_DESC.sql());
        assertThat(call.scopeArguments()).containsExactly("chatlog_reader", "alice", "chatlog");
        assertThat(call.queryArguments()).containsExactly("alice", 21);
    }

    @Test
    void newestConversationsPutsEachArgumentWhereThePageExpectsIt() {
        SqlCall call = ConversationStore.newestConversations("chatlog_reader", "chatlog", "alice", 20);

        assertThat(InlinedSql.inline(call.querySql(), call.queryArguments()))
                .contains("WHERE user_id = 'alice' AND deleted_at IS NULL")
                .contains("ORDER BY activity_hour DESC, last_activity_at DESC, conversation_id DESC")
                .endsWith("LIMIT 21");
    }
}
