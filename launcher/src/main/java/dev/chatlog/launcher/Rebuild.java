package dev.chatlog.launcher;

import dev.chatlog.db.PostgresDataSources;
import dev.chatlog.migrations.ControlSchema;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Replays the input topic from its earliest offset into a new schema while the live worker and
 * the API go on, then switches both to the new schema in one transaction on the control row.
 * Holding that row locked pauses the live worker's writes (each of its batches reads the row with
 * FOR SHARE) until the rebuild has applied everything the live tables had; reads never pause.
 */
final class Rebuild {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Map<String, String> env;
    private final PrintWriter out;
    private final Clock clock;

    Rebuild(Map<String, String> env, PrintWriter out, Clock clock) {
        this.env = env;
        this.out = out;
        this.clock = clock;
    }

    /** What a rebuild did. */
    record Result(String previousSchema, String newSchema, long events) {
    }

    Result run(boolean allowPartial) throws SQLException, InterruptedException {
        WorkerConfig live = WorkerConfig.fromEnv(env);
        String deployment = live.dbSchema();
        DataSource dataSource = PostgresDataSources.direct(live.databaseLogin());
        Migrations.apply(dataSource, deployment);
        String previous;
        try (Connection c = dataSource.getConnection()) {
            previous = ControlSchema.activeSchema(c, deployment);
        }
        TopicOffsets offsets;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, live.kafkaBootstrapServers()))) {
            offsets = TopicOffsets.of(admin, live.topic());
        }
        refuseLostHistory(live.topic(), offsets, allowPartial);

        String target = deployment + "_r" + LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(SUFFIX);
        Migrations.apply(dataSource, target);
        out.printf("rebuilding %s from topic %s into schema %s (live tables: %s)%n",
                deployment, live.topic(), target, previous);
        Map<String, String> rebuildEnv = new HashMap<>(env);
        rebuildEnv.put("CHATLOG_DB_SCHEMA", target);
        rebuildEnv.put("CHATLOG_MIGRATE", "false");
        rebuildEnv.put("CHATLOG_WORKER_APPLICATION_ID", live.applicationId() + "-rebuild-" + target);
        rebuildEnv.put("CHATLOG_DLQ_TOPIC", live.deadLetterTopic() + ".rebuild");
        rebuildEnv.put("CHATLOG_WORKER_METRICS_PORT", "0");
        rebuildEnv.put("CHATLOG_WORKER_STATE_DIR",
                System.getProperty("java.io.tmpdir") + "/chatlog-rebuild-" + target);
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(rebuildEnv))) {
            ProgressBar bar = new ProgressBar(out, 0);
            while (true) {
                Map<Integer, Long> applied = appliedOffsets(dataSource, target, live.topic());
                Map<Integer, Long> liveApplied = appliedOffsets(dataSource, previous, live.topic());
                bar.show(offsets.done(applied), offsets.total());
                if (caughtUp(applied, liveApplied, offsets)) {
                    break;
                }
                Thread.sleep(250);
            }
            bar.finish();
            switchOver(dataSource, deployment, previous, target, live.topic());
        }
        out.printf("switched the worker and the API to %s; the previous tables stay in %s until 'rebuild --drop-previous'%n",
                target, previous);
        return new Result(previous, target, offsets.total());
    }

    /** Drops the schema the last switch left behind. */
    String dropPrevious() throws SQLException {
        WorkerConfig live = WorkerConfig.fromEnv(env);
        String deployment = live.dbSchema();
        DataSource dataSource = PostgresDataSources.direct(live.databaseLogin());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String previous = ControlSchema.previousSchema(c, deployment);
            if (previous == null) {
                c.rollback();
                return null;
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + quote(previous) + " CASCADE");
            }
            ControlSchema.forgetPrevious(c, deployment);
            c.commit();
            return previous;
        }
    }

    private static void refuseLostHistory(String topic, TopicOffsets offsets, boolean allowPartial) {
        String lost = offsets.earliest().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> "partition " + e.getKey() + " starts at offset " + e.getValue())
                .collect(Collectors.joining(", "));
        if (!lost.isEmpty() && !allowPartial) {
            throw new IllegalStateException("topic " + topic + " no longer holds its whole history (" + lost
                    + "): retention deleted events, so a rebuild would lose them. Pass --allow-partial to rebuild"
                    + " from what is left.");
        }
    }

    /** The rebuild has applied everything in the topic when it started, and everything the live tables hold. */
    private static boolean caughtUp(Map<Integer, Long> applied, Map<Integer, Long> liveApplied, TopicOffsets offsets) {
        for (int p : offsets.end().keySet()) {
            long mine = applied.getOrDefault(p, offsets.earliest().get(p));
            if (mine < offsets.end().get(p) || mine < liveApplied.getOrDefault(p, 0L)) {
                return false;
            }
        }
        return true;
    }

    private void switchOver(DataSource dataSource, String deployment, String previous, String target, String topic)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ControlSchema.lockForSwitch(c, deployment);
            // The live worker is paused now; let the rebuild pass whatever it committed last.
            long pausedAt = System.nanoTime();
            while (!caughtUpWithin(c, previous, target, topic)) {
                Thread.sleep(50);
            }
            ControlSchema.switchTo(c, deployment, target, previous);
            c.commit();
            out.printf("writes paused for %d ms during the switch%n", (System.nanoTime() - pausedAt) / 1_000_000);
        }
    }

    private static boolean caughtUpWithin(Connection c, String previous, String target, String topic) throws SQLException {
        Map<Integer, Long> live = appliedOffsets(c, previous, topic);
        Map<Integer, Long> rebuilt = appliedOffsets(c, target, topic);
        return live.entrySet().stream().allMatch(e -> rebuilt.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    static Map<Integer, Long> appliedOffsets(DataSource dataSource, String schema, String topic) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return appliedOffsets(c, schema, topic);
        }
    }

    private static Map<Integer, Long> appliedOffsets(Connection c, String schema, String topic) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT partition, next_offset FROM " + quote(schema) + ".applied_offsets WHERE topic = ?")) {
            s.setString(1, topic);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return offsets;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
