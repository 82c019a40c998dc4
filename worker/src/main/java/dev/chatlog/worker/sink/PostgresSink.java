package dev.chatlog.worker.sink;

import dev.chatlog.migrations.ControlSchema;
import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.failure.DeadLetterPublisher;
import dev.chatlog.worker.failure.FailureClass;
import dev.chatlog.worker.failure.FailureClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches to PostgreSQL: in one transaction it locks the stored offsets of the batch's
 * partitions, skips what is below them, plans the rest in memory, writes it and stores the next
 * offsets (in one statement, unless the batch is large; see {@link BatchWriter}), and publishes the
 * batch's dead letters before it commits. Rows land in the schema
 * the deployment's control row names, read FOR SHARE, so a rebuild's switch waits for the batch.
 */
public final class PostgresSink implements EventSink {

    /**
     * The channel every batch notifies as it stores its offsets, with the topic as payload.
     * PostgreSQL delivers the notification when the transaction commits, and never for one rolled
     * back. The API's read-your-writes waits listen on it, so they read the stored offsets again as
     * soon as a batch commits instead of at their next poll.
     */
    public static final String APPLIED_CHANNEL = "chatlog_applied";

    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
    /** After a batch met a stored duplicate, this many batches look every id up before they plan. */
    private static final int CAREFUL_BATCHES = 16;

    /** How a transaction finds out which of its items are stored already. */
    private enum Lookup {
        /** Only what completions need; the inserts catch a stored duplicate and the batch is planned again. */
        OPTIMISTIC,
        /** Every message and tool-call id of the batch's stored conversations. */
        ALL_IDS,
        /** Every id, and each event under its own savepoint, to single out one PostgreSQL refuses. */
        ONE_BY_ONE
    }

    private final DataSource dataSource;
    private final String deployment;
    private final DeadLetterPublisher deadLetters;
    private final AtomicInteger carefulBatchesLeft = new AtomicInteger();
    private final Runnable messagesStored;

    /** {@code dataSource} must hand out connections with auto-commit off. */
    public PostgresSink(DataSource dataSource, String deployment, DeadLetterPublisher deadLetters) {
        this(dataSource, deployment, deadLetters, () -> { });
    }

    /**
     * As above; {@code messagesStored} runs on the writing thread after each commit that stored
     * messages (which a trigger queued for the search indexer).
     */
    public PostgresSink(DataSource dataSource, String deployment, DeadLetterPublisher deadLetters,
                        Runnable messagesStored) {
        this.dataSource = dataSource;
        this.deployment = deployment;
        this.deadLetters = deadLetters;
        this.messagesStored = messagesStored;
    }

    @Override
    public long nextOffset(String topic, int partition) {
        try (Connection c = dataSource.getConnection()) {
            try {
                prepareTransaction(c);
                return OffsetStore.next(c, topic, partition);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new SinkFailure("could not read the stored offset of " + topic + "-" + partition, e);
        }
    }

    /** What one transaction came to: the batch applied, or rolled back to be planned again. */
    private sealed interface Attempt {
        record Applied(SinkResult result) implements Attempt {
        }

        record Replan(WriteOutcome.Stale stale) implements Attempt {
        }
    }

    /** A plan and what writing it came to. */
    private record Written(BatchPlan plan, WriteOutcome outcome) {
    }

    @Override
    public SinkResult apply(String topic, Map<Integer, List<PendingEvent>> eventsByPartition) {
        boolean careful = carefulBatchesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        try {
            Lookup lookup = careful ? Lookup.ALL_IDS : Lookup.OPTIMISTIC;
            Attempt attempt = inTransaction(topic, eventsByPartition, lookup);
            if (attempt instanceof Attempt.Replan replan && lookup == Lookup.OPTIMISTIC) {
                log.debug("planning a batch of {} again: {} holds an item it took for new ({})", topic,
                        replan.stale().table(), replan.stale().clash().getMessage());
                carefulBatchesLeft.set(CAREFUL_BATCHES);
                attempt = inTransaction(topic, eventsByPartition, Lookup.ALL_IDS);
            }
            return result(topic, eventsByPartition, attempt);
        } catch (SinkFailure e) {
            if (FailureClassifier.classify(e) != FailureClass.BAD_INPUT) {
                throw e;
            }
            log.warn("PostgreSQL refused a batch from {} ({}); applying its events one by one to find the culprit",
                    topic, e.getCause().getMessage());
            return result(topic, eventsByPartition, inTransaction(topic, eventsByPartition, Lookup.ONE_BY_ONE));
        }
    }

    /**
     * The result of an applied batch. A batch that is stale again although every id was looked up
     * met another writer storing the same items meanwhile: it fails with PostgreSQL's unique
     * violation, which the classifier files as transient, and a retry sees those items.
     */
    private static SinkResult result(String topic, Map<Integer, List<PendingEvent>> eventsByPartition,
                                     Attempt attempt) {
        return switch (attempt) {
            case Attempt.Applied applied -> applied.result();
            case Attempt.Replan replan -> throw new SinkFailure("another writer stored items of " + topic
                    + " partitions " + eventsByPartition.keySet() + " while this batch was written",
                    replan.stale().clash());
        };
    }

    private Attempt inTransaction(String topic, Map<Integer, List<PendingEvent>> eventsByPartition, Lookup lookup) {
        List<Integer> partitions = new ArrayList<>(new TreeSet<>(eventsByPartition.keySet()));
        try (Connection c = dataSource.getConnection()) {
            try {
                List<PendingEvent> all = new ArrayList<>();
                partitions.forEach(p -> all.addAll(eventsByPartition.get(p)));
                // what the batch reads goes with begin_batch, for all its events: they are all fresh but
                // after a restart, when what is left once the stored offsets are known is read again
                StateLoader.Reads reads = StateLoader.reads(lookup == Lookup.ONE_BY_ONE ? List.of() : all,
                        lookup == Lookup.ALL_IDS);
                Map<Integer, Long> stored = OffsetStore.begin(c, deployment, topic, partitions, reads);
                List<PendingEvent> fresh = new ArrayList<>();
                Map<Integer, Long> advanced = new TreeMap<>();
                for (PendingEvent e : all) {
                    if (e.offset() >= stored.get(e.partition())) {
                        fresh.add(e);
                        advanced.put(e.partition(), e.offset() + 1);
                    }
                }
                int total = all.size();
                if (fresh.isEmpty()) {
                    c.rollback();
                    return new Attempt.Applied(SinkResult.skippedAll(total));
                }
                OffsetStore.Advance advance = new OffsetStore.Advance(topic, advanced);
                Written written;
                if (lookup == Lookup.ONE_BY_ONE) {
                    written = writeOneByOne(c, fresh, advance);
                } else {
                    StoredState state = fresh.size() == total ? reads.state()
                            : StateLoader.load(c, fresh, lookup == Lookup.ALL_IDS);
                    written = write(c, fresh, state, advance);
                }
                if (written.outcome() instanceof WriteOutcome.Stale stale) {
                    c.rollback();
                    return new Attempt.Replan(stale);
                }
                BatchPlan plan = written.plan();
                List<DeadLetter> letters = plan.rejected().stream().map(r -> deadLetter(r, topic)).toList();
                if (!letters.isEmpty()) {
                    // before the commit, so that no batch commits without its dead letters sent
                    deadLetters.publish(letters);
                }
                c.commit(); // nothing left to do when the writer's last statement committed
                if (!plan.messages().isEmpty()) {
                    messagesStored.run();
                }
                return new Attempt.Applied(new SinkResult(plan.appliedByType(), plan.duplicatesByType(),
                        total - fresh.size(), letters));
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e instanceof SinkFailure f ? f
                        : new SinkFailure("could not apply events of " + topic + " partitions " + partitions
                                + " to PostgreSQL", e);
            }
        } catch (SQLException e) {
            throw new SinkFailure("could not reach PostgreSQL to apply events of " + topic, e);
        }
    }

    /**
     * Writes {@code events}, planned over {@code state}, and moves the offsets to {@code advance} in
     * the same round trip (when not null); when the plan has no dead letters to send, also commits
     * in it.
     */
    private static Written write(Connection c, List<PendingEvent> events, StoredState state,
                                 OffsetStore.Advance advance) throws SQLException {
        BatchPlan plan = BatchPlanner.plan(events, state);
        return new Written(plan, BatchWriter.write(c, plan, advance, advance != null && plan.rejected().isEmpty()));
    }

    /**
     * Applies each event under its own savepoint, so the one PostgreSQL refuses is dead-lettered
     * alone, then moves the offsets to {@code advance}.
     */
    private static Written writeOneByOne(Connection c, List<PendingEvent> events, OffsetStore.Advance advance)
            throws SQLException {
        List<BatchPlan.Rejection> rejected = new ArrayList<>();
        Map<String, Integer> applied = new HashMap<>();
        Map<String, Integer> duplicates = new HashMap<>();
        List<MessageRow> messages = new ArrayList<>();
        for (PendingEvent event : events) {
            Savepoint savepoint = c.setSavepoint();
            try {
                Written one = write(c, List.of(event), StateLoader.load(c, List.of(event), true), null);
                if (one.outcome() instanceof WriteOutcome.Stale) {
                    return one;
                }
                rejected.addAll(one.plan().rejected());
                messages.addAll(one.plan().messages());
                one.plan().appliedByType().forEach((k, v) -> applied.merge(k, v, Integer::sum));
                one.plan().duplicatesByType().forEach((k, v) -> duplicates.merge(k, v, Integer::sum));
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                if (FailureClassifier.classify(e) != FailureClass.BAD_INPUT) {
                    throw e;
                }
                c.rollback(savepoint);
                rejected.add(new BatchPlan.Rejection(event, DeadLetter.REJECTED_BY_DATABASE,
                        "PostgreSQL refused the event: " + e.getMessage()));
            }
        }
        OffsetStore.advance(c, advance);
        return new Written(new BatchPlan(Set.of(), List.of(), messages, List.of(), List.of(), rejected,
                applied, duplicates), WriteOutcome.WRITTEN);
    }

    /**
     * Points the transaction at the deployment's active schema (holding its control row FOR SHARE),
     * and rules out hash and merge joins: a batch looks up a few thousand keys in tables that grow
     * without bound, which index nested loops do in time proportional to the batch, not the table.
     */
    private void prepareTransaction(Connection c) throws SQLException {
        String schema = ControlSchema.activeSchemaForWrite(c, deployment);
        try (PreparedStatement s = c.prepareStatement("""
                SELECT set_config('search_path', quote_ident(?), true), set_config('enable_hashjoin', 'off', true),
                       set_config('enable_mergejoin', 'off', true)""")) {
            s.setString(1, schema);
            s.executeQuery().close();
        }
    }

    private static DeadLetter deadLetter(BatchPlan.Rejection r, String topic) {
        return new DeadLetter(r.event().key(), r.event().value(), r.reason(), FailureClass.BAD_INPUT, r.message(),
                topic, r.event().partition(), r.event().offset(), r.event().event().eventId());
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
