package dev.chatlog.bench.api;

import static dev.chatlog.bench.api.ApiHotRead.PGBENCH_CONVERSATION;
import static dev.chatlog.bench.api.ApiRead.PGBENCH_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.api.db.SqlCall;
import dev.chatlog.api.history.ConversationStore;
import dev.chatlog.api.history.ItemStore;
import dev.chatlog.bench.api.ApiRead.Script;
import org.junit.jupiter.api.Test;

class ApiHotReadTest {

    static final ApiDataset DATASET = new ApiDataset(10, 50, 3, 100, 20);
    static final String SCOPE = "SELECT set_config('role', 'chatlog_reader', true), set_config('chatlog.user_id', "
            + PGBENCH_USER + ", true), set_config('search_path', 'chatlog', true)";

    @Test
    void pgbenchScriptsOfTheLastItemsRunTheApisItemQuery() {
        String query = substitute(ItemStore.newestItems("chatlog_reader", "chatlog", "u", "c", 50).querySql(),
                PGBENCH_USER, PGBENCH_CONVERSATION, "9223372036854775807", "51",
                PGBENCH_USER, PGBENCH_CONVERSATION, "9223372036854775807", "51",
                "51", PGBENCH_USER, PGBENCH_CONVERSATION);
        String pick = "\\set u random(1, 9)\n\\set k random(1, 3)\n";

        assertScripts(ApiHotRead.LAST_ITEMS, pick, query);
    }

    @Test
    void pgbenchScriptsOfTheFirstConversationsRunTheApisConversationQuery() {
        String query = substitute(ConversationStore.newestConversations("chatlog_reader", "chatlog", "u", 20)
                .querySql(), PGBENCH_USER, "21");
        String pick = "\\set u 0\n\\set k random(1, 50)\n";

        assertScripts(ApiHotRead.FIRST_CONVERSATIONS, pick, query);
    }

    @Test
    void theJdbcFormIsTheCallTheApiMakesForThePick() {
        SqlCall call = ApiHotRead.LAST_ITEMS.call(new int[] {3, 2});

        assertThat(call).isEqualTo(ItemStore.newestItems("chatlog_reader", "chatlog", ApiDataset.user(3), "c2", 50));
        assertThat(ApiHotRead.FIRST_CONVERSATIONS.call(new int[] {0, 7}))
                .isEqualTo(ConversationStore.newestConversations("chatlog_reader", "chatlog", ApiDataset.user(0), 20));
    }

    @Test
    void eachRequestAsksForThePageSizeItsSqlFetches() {
        assertThat(ApiHotRead.LAST_ITEMS.pathTemplate()).endsWith("limit=50");
        assertThat(ApiHotRead.LAST_ITEMS.call(new int[] {1, 1}).queryArguments()).contains(51);
        assertThat(ApiHotRead.FIRST_CONVERSATIONS.pathTemplate()).endsWith("?limit=20");
        assertThat(ApiHotRead.FIRST_CONVERSATIONS.call(new int[] {0, 1}).queryArguments()).endsWith(21);
    }

    private static void assertScripts(ApiHotRead read, String pick, String query) {
        assertThat(read.pgbenchScript(DATASET, Script.SAME_SQL_ONE_ROUND_TRIP))
                .isEqualTo(pick + SCOPE + " \\;\n" + query + ";\n");
        assertThat(read.pgbenchScript(DATASET, Script.SAME_SQL_PREPARED_TRANSACTION))
                .isEqualTo(pick + "BEGIN;\n" + SCOPE + ";\n" + query + ";\nEND;\n");
        assertThat(read.pgbenchScript(DATASET, Script.QUERY_ONLY)).isEqualTo(pick + query + ";\n");
        for (Script script : Script.values()) {
            assertThat(read.pgbenchScript(DATASET, script)).doesNotContain("?");
        }
    }

    /** {@code sql} with its placeholders replaced by {@code values}, in order. */
    private static String substitute(String sql, String... values) {
        String[] parts = sql.split("\\?", -1);
        assertThat(parts).hasSize(values.length + 1);
        StringBuilder text = new StringBuilder(parts[0]);
        for (int i = 0; i < values.length; i++) {
            text.append(values[i]).append(parts[i + 1]);
        }
        return text.toString();
    }
}
