package dev.chatlog.bench.api;

import dev.chatlog.config.SearchSetting;
import dev.chatlog.worker.search.SearchIndexer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads {@link ApiDataset} with COPY, two tables in parallel, into migrated tables, then makes the
 * messages searchable as the worker does: the COPY fires the trigger that queues them, and the
 * worker's own {@link SearchIndexer#indexBatch} moves them into the search table. A schema whose
 * comment already describes the same dataset is reused as it is.
 */
final class ApiDatasetLoader {

    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
    private static final int CHUNK = 1 << 20;
    private static final int SEARCH_BATCH = 20_000;
    /** The configuration the API searches with when CHATLOG_SEARCH_CONFIG is not set, as the benchmark runs it. */
    static final String SEARCH_CONFIGURATION = SearchSetting.CONFIG.definition().defaultValue();

    private ApiDatasetLoader() {
    }

    static void ensure(DataSource dataSource, String schema, ApiDataset dataset) throws Exception {
        if (dataset.describe().equals(comment(dataSource, schema))) {
            System.out.println("reusing the loaded " + dataset.describe());
            return;
        }
        System.out.println("loading " + dataset.describe() + " ...");
        long start = System.nanoTime();
        execute(dataSource, "TRUNCATE " + schema + ".conversations, " + schema + ".messages, " + schema + ".tool_calls, "
                + schema + ".message_search, " + schema + ".message_search_queue");
        copy(dataSource, schema + ".conversations (user_id, conversation_id, title, created_at, last_activity_at,"
                + " item_count)", (out, user) -> conversations(out, dataset, user), dataset.users());
        CompletableFuture<Void> messages = CompletableFuture.runAsync(() -> copy(dataSource, schema
                + ".messages (user_id, conversation_id, seq, message_id, role, content, created_at)",
                (out, user) -> items(out, dataset, user, false), dataset.users()));
        CompletableFuture<Void> calls = CompletableFuture.runAsync(() -> copy(dataSource, schema
                + ".tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments, status,"
                + " output, error, requested_at, completed_at)", (out, user) -> items(out, dataset, user, true),
                dataset.users()));
        CompletableFuture.allOf(messages, calls).join();
        System.out.printf("copied in %.0f s; indexing the messages for search ...%n", (System.nanoTime() - start) / 1e9);
        long indexed = 0;
        for (int taken; (taken = SearchIndexer.indexBatch(dataSource, schema, SEARCH_CONFIGURATION, SEARCH_BATCH)) > 0; ) {
            indexed += taken;
        }
        System.out.printf("indexed %,d messages in %.0f s; vacuuming and analyzing ...%n", indexed,
                (System.nanoTime() - start) / 1e9);
        execute(dataSource, "VACUUM ANALYZE " + schema + ".conversations, " + schema + ".messages, "
                + schema + ".tool_calls, " + schema + ".message_search, " + schema + ".message_search_queue");
        execute(dataSource, "COMMENT ON SCHEMA " + schema + " IS '" + dataset.describe() + "'");
        System.out.printf("dataset ready in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private interface Rows {
        void write(StringBuilder out, int user);
    }

    private static void copy(DataSource dataSource, String table, Rows rows, int users) {
        try (Connection c = dataSource.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
            StringBuilder out = new StringBuilder(CHUNK + 4096);
            for (int user = 0; user < users; user++) {
                rows.write(out, user);
                if (out.length() >= CHUNK) {
                    flush(copy, out);
                }
            }
            flush(copy, out);
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed", e);
        }
    }

    private static void flush(CopyIn copy, StringBuilder out) throws SQLException {
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        out.setLength(0);
    }

    static Instant createdAt(int user, int conversation) {
        return BASE.plusSeconds(user * 1_000_000L + conversation * 60L);
    }

    private static void conversations(StringBuilder out, ApiDataset d, int user) {
        String id = ApiDataset.user(user);
        for (int k = 1; k <= d.conversationsOf(user); k++) {
            Instant created = createdAt(user, k);
            int items = d.itemsOf(user);
            out.append(id).append('\t').append(ApiDataset.conversation(k)).append("\tConversation ").append(k)
                    .append('\t').append(created).append('\t').append(created.plusSeconds(items)).append('\t')
                    .append(items).append('\n');
        }
    }

    private static void items(StringBuilder out, ApiDataset d, int user, boolean toolCalls) {
        String id = ApiDataset.user(user);
        for (int k = 1; k <= d.conversationsOf(user); k++) {
            Instant created = createdAt(user, k);
            String conversation = ApiDataset.conversation(k);
            for (int seq = 1; seq <= d.itemsOf(user); seq++) {
                boolean call = seq % 4 == 3;
                if (call != toolCalls) {
                    continue;
                }
                String at = created.plusSeconds(seq).toString();
                SplittableRandom random = new SplittableRandom(((long) user << 42) ^ ((long) k << 16) ^ seq);
                out.append(id).append('\t').append(conversation).append('\t').append(seq).append('\t');
                if (call) {
                    out.append("call_").append(seq).append("\tm").append(seq - 1).append('\t');
                    ApiToolCalls.append(out, random);
                    out.append('\t').append(at).append('\t').append(at).append('\n');
                } else {
                    boolean fromUser = seq % 4 == 1;
                    out.append('m').append(seq).append(fromUser ? "\tuser\t" : "\tassistant\t");
                    ApiChatText.words(out, random, fromUser ? 6 + random.nextInt(20) : 12 + random.nextInt(34));
                    out.append('\t').append(at).append('\n');
                }
            }
        }
    }

    private static String comment(DataSource dataSource, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT obj_description('" + schema + "'::regnamespace, 'pg_namespace')")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
