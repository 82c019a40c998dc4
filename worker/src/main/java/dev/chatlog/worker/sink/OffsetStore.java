package dev.chatlog.worker.sink;

import dev.chatlog.migrations.ControlSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's stored offsets ({@code applied_offsets}): per input partition, the next offset to
 * apply. {@link #begin} holds the rows until the transaction ends, so two instances that both
 * believe they own a partition apply its batches one after the other, never the same event twice.
 * Rows are locked in partition order, so two such transactions cannot deadlock.
 */
final class OffsetStore {

    private static final String CREATE = """
            INSERT INTO applied_offsets (topic, partition, next_offset, updated_at)
            SELECT ?, p, 0, now() FROM unnest(?::int4[]) AS p ORDER BY p
            ON CONFLICT (topic, partition) DO NOTHING""";
    private static final String LOCK = """
            SELECT partition, next_offset FROM applied_offsets WHERE topic = ? AND partition = ANY(?::int4[])
            ORDER BY partition FOR UPDATE""";
    /**
     * Moves offsets forward: a {@code WITH} part of a batch's last statement ({@link BatchWriter}),
     * or of {@link #advance} alone. Offsets only grow: a caller that tried to move one back (a bug
     * upstream) leaves it where it is.
     */
    static final String ADVANCE = """
            UPDATE applied_offsets o SET next_offset = greatest(o.next_offset, x.next_offset), updated_at = now()
            FROM unnest(?::int4[], ?::int8[]) AS x(partition, next_offset)
            WHERE o.topic = ? AND o.partition = x.partition""";
    /** The query that follows {@link #ADVANCE}: notifies the topic's listeners, when the transaction commits. */
    static final String NOTIFY = "SELECT pg_notify('%s', ?)".formatted(PostgresSink.APPLIED_CHANNEL);

    /** Where a batch leaves a topic's partitions: the next offset of each. */
    record Advance(String topic, Map<Integer, Long> nextOffsets) {
    }

    private OffsetStore() {
    }

    /**
     * Begins a batch in one round trip: holds deployment {@code deployment}'s control row FOR SHARE,
     * points the transaction at the schema it names (without hash and merge joins), and locks the
     * partitions' rows, creating missing ones at 0 (migration control V3, {@code begin_batch}).
     * The queries of {@code reads} go in the same message, after {@code begin_batch}'s (so they read
     * the schema it chose, and lock nothing before the offsets), and {@code reads} takes their
     * answers. Returns the partitions' next offsets.
     */
    static Map<Integer, Long> begin(Connection c, String deployment, String topic, List<Integer> partitions,
                                    StateLoader.Reads reads) throws SQLException {
        Map<Integer, Long> next = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT partition, next_offset FROM " + ControlSchema.SCHEMA
                + ".begin_batch(?, ?, ?::int4[])");
        reads.queries().forEach(q -> sql.append(";\n").append(q));
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setString(1, deployment);
            s.setString(2, topic);
            s.setArray(3, c.createArrayOf("int4", partitions.toArray()));
            reads.bind(s, 4);
            s.execute();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    next.put(rs.getInt(1), rs.getLong(2));
                }
            }
            s.getMoreResults();
            reads.readAll(s);
        }
        return next.size() < partitions.size() ? createMissing(c, topic, partitions) : next;
    }

    private static Map<Integer, Long> createMissing(Connection c, String topic, List<Integer> partitions)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(CREATE)) {
            s.setString(1, topic);
            s.setArray(2, c.createArrayOf("int4", partitions.toArray()));
            s.executeUpdate();
        }
        return select(c, topic, partitions);
    }

    /**
     * Moves the partitions' next offsets forward to {@code advance}'s, never back, and notifies
     * {@link PostgresSink#APPLIED_CHANNEL} (delivered when the transaction commits).
     */
    static void advance(Connection c, Advance advance) throws SQLException {
        // a data-modifying WITH runs to completion whether or not the query reads it
        try (PreparedStatement s = c.prepareStatement("WITH advanced AS (\n" + ADVANCE + ")\n" + NOTIFY)) {
            bindAdvance(c, s, 1, advance);
            s.execute();
        }
    }

    /** Binds {@link #ADVANCE} and {@link #NOTIFY}'s four parameters from {@code first} on. */
    static void bindAdvance(Connection c, PreparedStatement s, int first, Advance advance) throws SQLException {
        s.setArray(first, c.createArrayOf("int4", advance.nextOffsets().keySet().toArray()));
        s.setArray(first + 1, c.createArrayOf("int8", advance.nextOffsets().values().toArray()));
        s.setString(first + 2, advance.topic());
        s.setString(first + 3, advance.topic());
    }

    /** The next offset to apply of one partition, without locking it: 0 when none is stored. */
    static long next(Connection c, String topic, int partition) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT next_offset FROM applied_offsets WHERE topic = ? AND partition = ?")) {
            s.setString(1, topic);
            s.setInt(2, partition);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Map<Integer, Long> select(Connection c, String topic, List<Integer> partitions) throws SQLException {
        Map<Integer, Long> next = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(LOCK)) {
            s.setString(1, topic);
            s.setArray(2, c.createArrayOf("int4", partitions.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return next;
    }
}
