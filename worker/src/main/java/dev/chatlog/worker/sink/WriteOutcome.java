package dev.chatlog.worker.sink;

import java.sql.SQLException;

/** What writing a plan came to: every row written, or a plan whose assumption was stale. */
sealed interface WriteOutcome {

    WriteOutcome WRITTEN = new Written();

    /** Every row of the plan is written. */
    record Written() implements WriteOutcome {
    }

    /**
     * A message or tool call the plan took for new was stored already (a retried duplicate the
     * optimistic load did not look up, or an item another writer stored meanwhile): the insert
     * failed on a unique key ({@code clash}), nothing of the batch may commit, and it must be
     * planned again.
     */
    record Stale(String table, SQLException clash) implements WriteOutcome {
    }
}
