package dev.chatlog.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Remembers, in PostgreSQL, which dead letters were republished, so that a replay republishes each
 * at most once however often it is run. A letter is marked before it is sent and unmarked if the
 * send fails; a crash between the two leaves it marked and unsent, never sent twice.
 */
final class ReplayLog {

    private final DataSource dataSource;

    ReplayLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Marks a letter as replayed; false when it was replayed before. */
    boolean mark(String dlqTopic, DeadLetter letter) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO chatlog_control.dlq_replays (dlq_topic, dlq_partition, dlq_offset, replayed_at)
                     VALUES (?, ?, ?, now())
                     ON CONFLICT DO NOTHING""")) {
            s.setString(1, dlqTopic);
            s.setInt(2, letter.partition());
            s.setLong(3, letter.offset());
            return s.executeUpdate() == 1;
        }
    }

    /** Takes the mark back after a failed send, so a later replay tries again. */
    void unmark(String dlqTopic, DeadLetter letter) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     DELETE FROM chatlog_control.dlq_replays
                     WHERE dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?""")) {
            s.setString(1, dlqTopic);
            s.setInt(2, letter.partition());
            s.setLong(3, letter.offset());
            s.executeUpdate();
        }
    }
}
