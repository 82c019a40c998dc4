package dev.chatlog.bench.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options of the API benchmark, from {@code --name value} arguments.
 *
 * @param reads           which reads to measure: the hot reads, the finding reads, or both
 * @param items           items in the whole dataset
 * @param heavyItems      items of the heavy user (user 0), spread over its conversations
 * @param rate            requests per second of the hot reads' fixed-rate runs
 * @param findRate        requests per second of the finding reads' fixed-rate runs
 * @param seconds         length of every measured run
 * @param dbConnections   database connections of the API's pool, and pgbench clients
 * @param httpConnections HTTP connections of the load generator
 */
public record ApiBenchOptions(Reads reads, long items, long heavyItems, int users, int heavyConversations,
                              int conversationsPerUser, int rate, int findRate, int seconds, int warmupSeconds,
                              int dbConnections, int httpConnections, String heap, Path dataDir) {

    /** The groups of reads, each written to its own section of docs/benchmarks.md. */
    public enum Reads {
        /** Paging through a conversation and the list of conversations: section {@code api}. */
        HOT,
        /** Tool calls across the history and full-text search: section {@code api-find}. */
        FIND,
        ALL;

        boolean hot() {
            return this != FIND;
        }

        boolean find() {
            return this != HOT;
        }
    }

    public static ApiBenchOptions parse(String[] args) {
        Reads reads = Reads.HOT;
        Long items = null;
        long heavyItems = 500_000;
        Integer users = null;
        int heavy = 10_000;
        int perUser = 20;
        int rate = 1000;
        int findRate = 200;
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
                case "--reads" -> reads = Reads.valueOf(value.toUpperCase(Locale.ROOT));
                case "--items" -> items = Long.parseLong(value.replace("_", ""));
                case "--heavy-items" -> heavyItems = Long.parseLong(value.replace("_", ""));
                case "--users" -> users = Integer.parseInt(value);
                case "--heavy-conversations" -> heavy = Integer.parseInt(value);
                case "--conversations-per-user" -> perUser = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--find-rate" -> findRate = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                case "--db-connections" -> db = Integer.parseInt(value);
                case "--http-connections" -> http = Integer.parseInt(value);
                case "--heap" -> heap = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "; options: --reads"
                        + " hot|find|all --items --heavy-items --users --heavy-conversations --conversations-per-user"
                        + " --rate --find-rate --seconds --warmup-seconds --db-connections --http-connections --heap"
                        + " --data-dir");
            }
        }
        // the finding reads need only the heavy user's history; the hot reads need the many other users too
        long allItems = items != null ? items : reads == Reads.FIND ? 600_000 : 5_000_000;
        int allUsers = users != null ? users : reads == Reads.FIND ? 101 : 1000;
        if (allUsers < 2 || heavy < 1 || perUser < 1 || heavyItems < heavy
                || allItems < heavyItems + (long) (allUsers - 1) * perUser) {
            throw new IllegalArgumentException("the dataset needs at least 2 users and one item per conversation");
        }
        return new ApiBenchOptions(reads, allItems, heavyItems, allUsers, heavy, perUser, rate, findRate, seconds,
                warmup, db, http, heap, dataDir);
    }

    /** The reads to measure, hot reads first. */
    List<ApiRead> readList() {
        List<ApiRead> list = new ArrayList<>();
        if (reads.hot()) {
            list.addAll(ApiHotRead.ALL);
        }
        if (reads.find()) {
            list.addAll(ApiFindRead.ALL);
        }
        return list;
    }

    /** The command line that repeats this run, for the report. */
    String command() {
        return String.format(Locale.ROOT, "bench/run api --reads %s --items %d --heavy-items %d --users %d"
                        + " --rate %d --find-rate %d --seconds %d --db-connections %d --http-connections %d",
                reads.name().toLowerCase(Locale.ROOT), items, heavyItems, users, rate, findRate, seconds,
                dbConnections, httpConnections);
    }
}
