package dev.chatlog.bench.api;

import dev.chatlog.api.db.SqlCall;
import dev.chatlog.api.history.ConversationStore;
import dev.chatlog.api.history.ItemStore;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hot read: the HTTP request the chat service or a UI sends, and the SQL the API runs for it. The
 * SQL is not a copy: the query API's own stores build it ({@link ItemStore#newestItems},
 * {@link ConversationStore#newestConversations}), so the pgbench and JDBC baselines measure whatever
 * the API sends today; a baseline only chooses how to fill in its arguments.
 */
record ApiHotRead(String name, boolean heavyUser, String pathTemplate, Sql sql) implements ApiRead {

    /** How a pgbench script computes the conversation id of {@link ApiDataset} from its variable {@code k}. */
    static final String PGBENCH_CONVERSATION = "('c' || :k)";
    private static final List<String> PGBENCH_EXPRESSIONS = List.of(PGBENCH_USER, PGBENCH_CONVERSATION);

    // each request names its limit, which the SQL of the baselines then shares
    static final int ITEMS = 50;
    static final int CONVERSATIONS = 20;

    static final ApiHotRead LAST_ITEMS = new ApiHotRead("last 50 items of a conversation", false,
            "/v1/conversations/{conversation}/items?order=desc&limit=" + ITEMS,
            (user, conversation) -> ItemStore.newestItems(READER_ROLE, SCHEMA, user, conversation, ITEMS));

    static final ApiHotRead FIRST_CONVERSATIONS = new ApiHotRead("first page of the heavy user's conversations", true,
            "/v1/conversations?limit=" + CONVERSATIONS,
            (user, conversation) -> ConversationStore.newestConversations(READER_ROLE, SCHEMA, user, CONVERSATIONS));

    static final List<ApiHotRead> ALL = List.of(LAST_ITEMS, FIRST_CONVERSATIONS);

    /** The API's SQL for this read, for one user and conversation (ignored by a read that needs none). */
    interface Sql {
        SqlCall call(String userId, String conversationId);
    }

    /** A random user (the heavy one for a heavy read) and one of its conversations: {@code [user, conversation]}. */
    @Override
    public int[] pick(ApiDataset dataset, SplittableRandom random) {
        if (heavyUser) {
            return new int[] {0, 1 + random.nextInt(dataset.heavyConversations())};
        }
        return new int[] {1 + random.nextInt(dataset.users() - 1), 1 + random.nextInt(dataset.conversationsPerUser())};
    }

    @Override
    public SqlCall call(int[] pick) {
        return sql.call(ApiDataset.user(pick[0]), ApiDataset.conversation(pick[1]));
    }

    @Override
    public ApiHttpLoad.Requests requests(ApiDataset dataset, List<String> tokens) {
        return random -> {
            int[] pick = pick(dataset, random);
            String path = pathTemplate.replace("{conversation}", ApiDataset.conversation(pick[1]));
            return ApiRead.get(path, tokens.get(pick[0]));
        };
    }

    @Override
    public int rate(ApiBenchOptions options) {
        return options.rate();
    }

    @Override
    public String pgbenchScript(ApiDataset dataset, Script script) {
        SqlCall call = sql.call(PGBENCH_USER, PGBENCH_CONVERSATION);
        String scope = PgBenchSql.inline(call.scopeSql(), call.scopeArguments(), PGBENCH_EXPRESSIONS);
        String query = PgBenchSql.inline(call.querySql(), call.queryArguments(), PGBENCH_EXPRESSIONS);
        String pick = heavyUser
                ? "\\set u 0\n\\set k random(1, " + dataset.heavyConversations() + ")\n"
                : "\\set u random(1, " + (dataset.users() - 1) + ")\n\\set k random(1, " + dataset.conversationsPerUser() + ")\n";
        return pick + script.body(scope, query);
    }
}
