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
        assertThat(inline(call.sql(), call.arguments())).isEqualTo("""
                SELECT set_config('role', 'chatlog_reader', true), set_config('chatlog.user_id', 'alice', true),\
                 set_config('search_path', 'chatlog', true);
                SELECT content FROM messages WHERE conversation_id = 'c1' AND seq > 3""");
    }

    /** {@code sql} with each placeholder replaced by its argument, strings quoted. */
    static String inline(String sql, List<Object> arguments) {
        String[] parts = sql.split("\\?", -1);
        assertThat(parts).hasSize(arguments.size() + 1);
        StringBuilder text = new StringBuilder(parts[0]);
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            text.append(argument instanceof String s ? "'" + s + "'" : argument).append(parts[i + 1]);
        }
        return text.toString();
    }
}
