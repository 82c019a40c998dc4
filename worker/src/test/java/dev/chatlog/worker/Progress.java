package dev.chatlog.worker;

import javax.sql.DataSource;

/** How far a worker got: the sum of the stored next offsets of a topic's partitions. */
public final class Progress {

    private Progress() {
    }

    public static long applied(DataSource db, String topic) {
        return DatabaseSnapshot.nextOffsets(db, "chatlog", topic).values().stream().mapToLong(Long::longValue).sum();
    }
}
