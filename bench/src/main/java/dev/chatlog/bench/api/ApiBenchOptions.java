package dev.chatlog.bench.api;

import java.nio.file.Path;

/**
 * Options of the API benchmark, from {@code --name value} arguments.
 *
 * @param items          items in the whole dataset (about a tenth belong to the heavy user)
 * @param rate           requests per second of the fixed-rate runs
 * @param seconds        length of every measured run
 * @param dbConnections  database connections of the API's pool, and pgbench clients
 * @param httpConnections HTTP connections of the load generator
 */
public record ApiBenchOptions(long items, int users, int heavyConversations, int conversationsPerUser, int rate,
                              int seconds, int warmupSeconds, int dbConnections, int httpConnections, String heap,
                              Path dataDir) {

    public static ApiBenchOptions parse(String[] args) {
        long items = 5_000_000;
        int users = 1000;
        int heavy = 10_000;
        int perUser = 20;
        int rate = 1000;
        int seconds = 20;
        int warmup = 10;
        int db = 4;
        int http = 32;
        String heap = "256m";
        Path dataDir = Path.of(".chatlog", "bench-api");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--items" -> items = Long.parseLong(value.replace("_", ""));
                case "--users" -> users = Integer.parseInt(value);
                case "--heavy-conversations" -> heavy = Integer.parseInt(value);
                case "--conversations-per-user" -> perUser = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                case "--db-connections" -> db = Integer.parseInt(value);
                case "--http-connections" -> http = Integer.parseInt(value);
                case "--heap" -> heap = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "; options: --items --users"
                        + " --heavy-conversations --conversations-per-user --rate --seconds --warmup-seconds"
                        + " --db-connections --http-connections --heap --data-dir");
            }
        }
        if (users < 2 || heavy < 1 || perUser < 1 || items < heavy + (long) (users - 1) * perUser) {
            throw new IllegalArgumentException("the dataset needs at least 2 users and one item per conversation");
        }
        return new ApiBenchOptions(items, users, heavy, perUser, rate, seconds, warmup, db, http, heap, dataDir);
    }
}
