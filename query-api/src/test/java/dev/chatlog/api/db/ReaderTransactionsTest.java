package dev.chatlog.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReaderTransactionsTest {

    static final ReaderTransactions.Query QUERY =
            ReaderTransactions.prepare("SELECT content FROM messages WHERE conversation_id = ? AND seq > ?");

    @Test
    void aCallCarriesTheCommandTheQueryIsSentAs() {
        SqlCall call = ReaderTransactions.call("chatlog_reader", "chatlog", "alice", QUERY, List.of("c1", 3L));

        assertThat(call.sql()).isEqualTo(QUERY.command());
        assertThat(call.querySql()).isEqualTo(QUERY.sql());
        assertThat(call.sql()).startsWith(call.scopeSql() + ";\n").endsWith(QUERY.sql());
    }

    @Test
    void bindsRoleUserAndSchemaIntoTheScopeStatementBeforeTheQueryArguments() {
        SqlCall call = ReaderTransactions.call("chatlog_reader", "chatlog", "alice", QUERY, List.of("c1", 3L));

        assertThat(call.arguments()).containsExactly("chatlog_reader", "alice", "chatlog", "c1", 3L);
        assertThat(InlinedSql.inline(call.sql(), call.arguments())).isEqualTo("""
                SELECT set_config('role', 'chatlog_reader', true), set_config('chatlog.user_id', 'alice', true),\
                 set_config('search_path', 'chatlog', true);
                SELECT content FROM messages WHERE conversation_id = 'c1' AND seq > 3""");
    }

}
