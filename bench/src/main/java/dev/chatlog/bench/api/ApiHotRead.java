package dev.chatlog.bench.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hot read: the HTTP request the chat service or a UI sends, and the SQL the API runs for it, as
 * a template whose {@code {user}} and {@code {conversation}} a baseline fills in. The SQL mirrors
 * ReaderTransactions (the scope statement) and ItemStore / ConversationStore of the query API.
 */
record ApiHotRead(String name, boolean heavyUser, String pathTemplate, String sqlTemplate) {

    static final String SCOPE = "SELECT set_config('role', 'chatlog_reader', true),"
            + " set_config('chatlog.user_id', {user}, true), set_config('search_path', 'chatlog', true)";

    static final ApiHotRead LAST_ITEMS = new ApiHotRead("last 50 items of a conversation", false,
            "/v1/conversations/{conversation}/items?order=desc&limit=50", """
            SELECT x.kind, x.seq, x.ref, x.message_id, x.label, x.content, x.arguments, x.status, x.output,
                   x.error, x.occurred_at, x.completed_at
              FROM conversations c
              LEFT JOIN (
                   (SELECT 'm' AS kind, seq, message_id AS ref, message_id, role AS label, content,
                           NULL::text AS arguments, NULL::text AS status, NULL::text AS output, NULL::text AS error,
                           created_at AS occurred_at, NULL::timestamptz AS completed_at
                      FROM messages
                     WHERE user_id = {user} AND conversation_id = {conversation} AND seq < 9223372036854775807
                     ORDER BY seq DESC LIMIT 51)
                   UNION ALL
                   (SELECT 't', seq, tool_call_id, message_id, name, NULL, arguments::text, status, output::text,
                           error, requested_at, completed_at
                      FROM tool_calls
                     WHERE user_id = {user} AND conversation_id = {conversation} AND seq < 9223372036854775807
                     ORDER BY seq DESC LIMIT 51)
                   ORDER BY seq DESC LIMIT 51
              ) x ON true
             WHERE c.user_id = {user} AND c.conversation_id = {conversation} AND c.deleted_at IS NULL
             ORDER BY x.seq DESC""");

    static final ApiHotRead FIRST_CONVERSATIONS = new ApiHotRead("first page of the heavy user's conversations", true,
            "/v1/conversations", """
            SELECT conversation_id, title, created_at, last_activity_at, item_count
              FROM conversations
             WHERE user_id = {user} AND deleted_at IS NULL
             ORDER BY last_activity_at DESC, conversation_id DESC
             LIMIT 21""");

    static final List<ApiHotRead> ALL = List.of(LAST_ITEMS, FIRST_CONVERSATIONS);

    /** A random user (the heavy one for a heavy read) and one of its conversations: {@code [user, conversation]}. */
    int[] pick(ApiDataset dataset, SplittableRandom random) {
        if (heavyUser) {
            return new int[] {0, 1 + random.nextInt(dataset.heavyConversations())};
        }
        return new int[] {1 + random.nextInt(dataset.users() - 1), 1 + random.nextInt(dataset.conversationsPerUser())};
    }

    ApiHttpLoad.Requests requests(ApiDataset dataset, List<String> tokens) {
        return random -> {
            int[] pick = pick(dataset, random);
            String path = pathTemplate.replace("{conversation}", ApiDataset.conversation(pick[1]));
            return ("GET " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + tokens.get(pick[0])
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** How a pgbench script sends the SQL. */
    enum Script {
        /** The scope statement and the query in one round trip ({@code \;}), as the API sends them; simple protocol. */
        SAME_SQL_ONE_ROUND_TRIP,
        /** The same two statements between BEGIN and END: four round trips, but prepared. */
        SAME_SQL_PREPARED_TRANSACTION,
        /** Only the query, prepared, as the superuser: no role, no row-level security. */
        QUERY_ONLY
    }

    String pgbenchScript(ApiDataset dataset, Script script) {
        String user = "('u' || lpad(:u::text, 31, '0'))";
        String sql = sqlTemplate.replace("{user}", user).replace("{conversation}", "('c' || :k)");
        String scope = SCOPE.replace("{user}", user);
        String pick = heavyUser
                ? "\\set u 0\n\\set k random(1, " + dataset.heavyConversations() + ")\n"
                : "\\set u random(1, " + (dataset.users() - 1) + ")\n\\set k random(1, " + dataset.conversationsPerUser() + ")\n";
        return pick + switch (script) {
            case SAME_SQL_ONE_ROUND_TRIP -> scope + " \\;\n" + sql + ";\n";
            case SAME_SQL_PREPARED_TRANSACTION -> "BEGIN;\n" + scope + ";\n" + sql + ";\nEND;\n";
            case QUERY_ONLY -> sql + ";\n";
        };
    }

    /** The JDBC form: the same two statements with {@code ?} placeholders, and which pick fills each. */
    String jdbcSql() {
        return (SCOPE + ";\n" + sqlTemplate).replace("{user}", "?").replace("{conversation}", "?");
    }

    /** For each {@code ?} of {@link #jdbcSql()}: 0 for the user, 1 for the conversation. */
    int[] jdbcParameters() {
        String all = SCOPE + sqlTemplate;
        int[] params = new int[all.split("\\{(user|conversation)}", -1).length - 1];
        int index = 0;
        for (int at = all.indexOf('{'); at >= 0; at = all.indexOf('{', at + 1)) {
            if (all.startsWith("{user}", at)) {
                params[index++] = 0;
            } else if (all.startsWith("{conversation}", at)) {
                params[index++] = 1;
            }
        }
        return params;
    }
}
