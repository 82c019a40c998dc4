package dev.chatlog.bench.api;

import dev.chatlog.api.db.SqlCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A read the API benchmark measures: the HTTP request a client sends, and the SQL the API runs for
 * it, which the pgbench and JDBC baselines run too. The SQL comes from the query API's own stores,
 * so the baselines measure whatever the API sends today; a read only chooses the arguments.
 */
interface ApiRead {

    /** The API's defaults: the benchmark sets neither CHATLOG_DB_READER_ROLE nor CHATLOG_DB_SCHEMA. */
    String READER_ROLE = "chatlog_reader";
    String SCHEMA = "chatlog";

    /** How a pgbench script computes the user id of {@link ApiDataset} from its variable {@code u}. */
    String PGBENCH_USER = "('u' || lpad(:u::text, 31, '0'))";

    /** The name in the report. */
    String name();

    /** Requests per second of the open-loop runs. */
    int rate(ApiBenchOptions options);

    /** A random request's choices: {@code [user, choice]}. */
    int[] pick(ApiDataset dataset, SplittableRandom random);

    /** The SQL the API sends for a {@link #pick}. */
    SqlCall call(int[] pick);

    /** The HTTP requests of random picks, for the users' {@code tokens}. */
    ApiHttpLoad.Requests requests(ApiDataset dataset, List<String> tokens);

    /** The ways pgbench sends this read's SQL that the report shows. */
    default List<Script> scripts() {
        return List.of(Script.values());
    }

    /** The SQL of random picks as a pgbench script sends it. */
    String pgbenchScript(ApiDataset dataset, Script script);

    /** The bytes of a GET of {@code path} with {@code token}, over a kept-alive connection. */
    static byte[] get(String path, String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** How a pgbench script sends the SQL, labelled as in the report. */
    enum Script {
        /** The scope statement and the query in one round trip ({@code \;}), as the API sends them; simple protocol. */
        SAME_SQL_ONE_ROUND_TRIP("pgbench, same SQL, 1 round trip", "simple"),
        /** The same two statements between BEGIN and END: four round trips, but prepared. */
        SAME_SQL_PREPARED_TRANSACTION("pgbench, same SQL, prepared, BEGIN..END", "prepared"),
        /** Only the query, prepared, as the superuser: no role, no row-level security. */
        QUERY_ONLY("pgbench, query only, prepared", "prepared");

        final String label;
        /** pgbench's query mode: simple allows two statements in one round trip. */
        final String protocol;

        Script(String label, String protocol) {
            this.label = label;
            this.protocol = protocol;
        }

        /** The script's text after the lines that pick its variables. */
        String body(String scope, String query) {
            return switch (this) {
                case SAME_SQL_ONE_ROUND_TRIP -> scope + " \\;\n" + query + ";\n";
                case SAME_SQL_PREPARED_TRANSACTION -> "BEGIN;\n" + scope + ";\n" + query + ";\nEND;\n";
                case QUERY_ONLY -> query + ";\n";
            };
        }
    }
}
