package dev.chatlog.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.migrations.ControlSchema;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.worker.ChatModel;
import dev.chatlog.worker.ChatTables;
import dev.chatlog.worker.DatabaseSnapshot;
import dev.chatlog.worker.TestEvents;
import dev.chatlog.worker.WriterPool;
import dev.chatlog.worker.failure.DeadLetter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@ExtendWith(ChatlogServersExtension.class)
class PostgresSinkIT {

    private static final String TOPIC = "chat.events";

    private final TestEvents events = new TestEvents();
    private final List<ChatEvent> log = new ArrayList<>();
    private final List<DeadLetter> published = new ArrayList<>();
    private TestDatabase db;
    private HikariDataSource pool;
    private PostgresSink sink;

    @BeforeEach
    void setUp(TestDatabase db) {
        this.db = db;
        Migrations.apply(db.dataSource(), "chatlog");
        pool = WriterPool.open(db, 2);
        sink = new PostgresSink(pool, "chatlog", published::addAll);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    /** Adds events to the topic log and returns them as pending events at their offsets. */
    private List<PendingEvent> append(ChatEvent... batch) {
        List<PendingEvent> pending = new ArrayList<>();
        for (ChatEvent e : batch) {
            pending.add(PendingEvent.of(0, log.size(), e, TestEvents.key(e), TestEvents.value(e)));
            log.add(e);
        }
        return pending;
    }

    private static SinkResult apply(PostgresSink sink, List<PendingEvent> events) {
        return sink.apply(TOPIC, Map.of(0, events));
    }

    private ChatModel model() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            records.add(new ConsumerRecord<>(TOPIC, 0, i, TestEvents.key(log.get(i)), TestEvents.value(log.get(i))));
        }
        return ChatModel.of(records);
    }

    private void assertTablesMatchModel() {
        ChatTables actual = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(actual.differencesFrom(model().tables(), 20)).isEmpty();
    }

    @Test
    void appliesEveryEventTypeAsTheRoleOfTheWorkerAndStoresTheNextOffset() {
        SinkResult first = apply(sink, append(
                events.created("u1", "c1", "Groceries"),
                events.message("u1", "c1", "m1", "add milk"),
                events.requested("u1", "c1", "t1"),
                events.completed("u1", "c1", "t1"),
                events.requested("u1", "c1", "t2"),
                events.renamed("u1", "c1", "Shopping"),
                events.message("u2", "c7", "m1", "implicitly creates c7")));
        SinkResult second = apply(sink, append(
                events.failed("u1", "c1", "t2", "tool crashed"),
                events.message("u1", "c1", "m2", "after the tools"),
                events.deleted("u2", "c7")));

        assertTablesMatchModel();
        assertThat(first.appliedByType()).containsEntry("message.created", 2).containsEntry("tool_call.requested", 2);
        assertThat(second.appliedByType()).containsEntry("tool_call.completed", 1);
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 10L));
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.conversations().get("u1/c1").itemCount()).isEqualTo(4);
        assertThat(t.toolCalls().get("u1/c1/3").status()).isEqualTo("error");
        assertThat(t.conversations().get("u2/c7").deletedAt()).isNotNull();
    }

    @Test
    void skipsEventsBelowTheStoredOffsetSoARedeliveryAppliesNothingTwice() {
        List<PendingEvent> all = append(
                events.message("u1", "c1", "m1", "one"),
                events.message("u1", "c1", "m2", "two"),
                events.requested("u1", "c1", "t1"),
                events.message("u1", "c1", "m3", "three"),
                events.completed("u1", "c1", "t1"),
                events.message("u1", "c1", "m4", "four"));
        apply(sink, all.subList(0, 4));

        SinkResult redelivered = apply(sink, all.subList(2, 6));
        SinkResult again = apply(sink, all);

        assertThat(redelivered.skipped()).isEqualTo(2);
        assertThat(again.skipped()).isEqualTo(6);
        assertTablesMatchModel();
        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").conversations().get("u1/c1").itemCount()).isEqualTo(5);
    }

    @Test
    void aCommittedBatchNotifiesTheListenersOfAppliedOffsetsAndARedeliverySkippedWholeDoesNot() throws Exception {
        try (Connection listener = db.dataSource().getConnection()) {
            listener.setAutoCommit(true);
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN " + PostgresSink.APPLIED_CHANNEL);
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            List<PendingEvent> batch = append(events.message("u1", "c1", "m1", "one"), events.message("u1", "c1", "m2", "two"));

            apply(sink, batch);
            PGNotification[] committed = pg.getNotifications(10_000);
            apply(sink, batch);
            PGNotification[] skipped = pg.getNotifications(500);

            assertThat(committed).singleElement().satisfies(n -> {
                assertThat(n.getName()).isEqualTo(PostgresSink.APPLIED_CHANNEL);
                assertThat(n.getParameter()).isEqualTo(TOPIC);
            });
            assertThat(skipped).isEmpty();
        }
    }

    @Test
    void dropsAProducersRetriedDuplicateInALaterBatchWithoutConsumingASeq() {
        MessageCreated m1 = events.message("u1", "c1", "m1", "hi");
        apply(sink, append(m1, events.requested("u1", "c1", "t1")));

        SinkResult result = apply(sink, append(m1, events.requested("u1", "c1", "t1"),
                events.message("u1", "c1", "m2", "next")));

        assertThat(result.duplicatesByType()).containsEntry("message.created", 1).containsEntry("tool_call.requested", 1);
        assertTablesMatchModel();
        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").messages().get("u1/c1/3").messageId()).isEqualTo("m2");
    }

    @Test
    void completesAStoredToolCallWhoseRequestArrivesAgainInTheSameBatch() {
        apply(sink, append(events.requested("u1", "c1", "t1")));

        // The batch takes the repeated request for new until its insert meets the stored row, then
        // is planned again: the request is a duplicate and the completion completes the stored call.
        SinkResult result = apply(sink, append(events.requested("u1", "c1", "t1"), events.completed("u1", "c1", "t1"),
                events.message("u1", "c1", "m1", "done")));
        SinkResult next = apply(sink, append(events.message("u1", "c1", "m1", "again"),
                events.message("u1", "c1", "m2", "later")));

        assertThat(result.duplicatesByType()).containsEntry("tool_call.requested", 1);
        assertThat(result.appliedByType()).containsEntry("tool_call.completed", 1).containsEntry("message.created", 1);
        assertThat(next.duplicatesByType()).containsEntry("message.created", 1);
        assertTablesMatchModel();
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.toolCalls().get("u1/c1/1").status()).isEqualTo("ok");
        assertThat(t.conversations().get("u1/c1").itemCount()).isEqualTo(3);
    }

    /** Messages whose contents together fill several runs of one statement's JDBC batch. */
    private List<ChatEvent> bigMessages(String user, String conversation, String prefix, int count) {
        List<ChatEvent> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(events.message(user, conversation, prefix + i,
                    (prefix + i + " ").repeat(BatchWriter.CHUNK_CHARS / 3 / (prefix.length() + 3))));
        }
        return messages;
    }

    @Test
    void writesABatchOfSeveralRunsAndFindsARetriedDuplicateInItsLastRun() {
        apply(sink, append(events.message("u1", "c1", "m1", "first")));
        List<ChatEvent> batch = new ArrayList<>(bigMessages("u1", "c1", "big", 10));
        batch.add(events.message("u1", "c1", "m1", "first, sent again"));
        batch.add(events.message("u1", "c1", "m2", "after the big ones"));

        SinkResult result = apply(sink, append(batch.toArray(ChatEvent[]::new)));

        assertThat(result.appliedByType()).containsEntry("message.created", 11);
        assertThat(result.duplicatesByType()).containsEntry("message.created", 1);
        assertTablesMatchModel();
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.messages()).hasSize(12);
        assertThat(t.messages().get("u1/c1/12").messageId()).isEqualTo("m2");
    }

    @Test
    void singlesOutAnEventPostgresRefusesInALaterRunOfABatch() {
        List<ChatEvent> batch = new ArrayList<>(bigMessages("u1", "c1", "big", 8));
        batch.add(events.message("u1", "c1", "nul", "nul \u0000 text"));
        batch.add(events.message("u1", "c1", "m9", "after"));

        SinkResult result = apply(sink, append(batch.toArray(ChatEvent[]::new)));

        assertThat(result.deadLetters()).extracting(DeadLetter::sourceOffset).containsExactly(8L);
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.messages()).hasSize(9);
        assertThat(t.messages().get("u1/c1/9").messageId()).isEqualTo("m9");
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 10L));
    }

    @Test
    void twoWorkersTakingTurnsOnAPartitionNeverPlanFromTheirOwnOutdatedRows() {
        PostgresSink other = new PostgresSink(pool, "chatlog", published::addAll);
        List<PendingEvent> all = append(
                events.message("u1", "c1", "m1", "one"),
                events.message("u1", "c1", "m2", "two"),
                events.renamed("u1", "c1", "Plans"),
                events.message("u1", "c1", "m3", "three"),
                events.message("u1", "c1", "m4", "four"),
                events.deleted("u1", "c1"));

        apply(sink, all.subList(0, 2));
        apply(other, all.subList(2, 4));
        apply(sink, all.subList(4, 5));
        apply(other, all.subList(5, 6));

        assertTablesMatchModel();
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.conversations().get("u1/c1").itemCount()).isEqualTo(4);
        assertThat(t.conversations().get("u1/c1").title()).isEqualTo("Plans");
    }

    @Test
    void aConversationChangedThroughAnotherPartitionIsReadAgainNotOverwritten() {
        // After partitions are added to a topic, one user's events can sit on two partitions: the
        // sink's cached row of c1 (from partition 0) goes stale while partition 1 writes c1.
        PostgresSink other = new PostgresSink(pool, "chatlog", published::addAll);
        apply(sink, append(events.message("u1", "c1", "m1", "on partition 0")));
        ChatEvent viaOtherPartition = events.message("u1", "c1", "m2", "on partition 1");
        other.apply(TOPIC, Map.of(1, List.of(PendingEvent.of(1, 0, viaOtherPartition, TestEvents.key(viaOtherPartition),
                TestEvents.value(viaOtherPartition)))));

        SinkResult renamed = apply(sink, append(events.renamed("u1", "c1", "Renamed on partition 0")));
        apply(sink, append(events.message("u1", "c1", "m3", "on partition 0 again")));

        assertThat(renamed.appliedByType()).containsEntry("conversation.renamed", 1);
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.conversations().get("u1/c1").itemCount()).isEqualTo(3);
        assertThat(t.conversations().get("u1/c1").title()).isEqualTo("Renamed on partition 0");
        assertThat(t.messages().values()).extracting(ChatTables.Message::messageId, ChatTables.Message::seq)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("m1", 1L),
                        org.assertj.core.groups.Tuple.tuple("m2", 2L), org.assertj.core.groups.Tuple.tuple("m3", 3L));
    }

    @Test
    void twoWritersAppendingToOneConversationAtOnceGetDisjointSeqsWithoutAGap() throws Exception {
        // One user's events on two partitions, written by two sinks concurrently: each batch adds its
        // items to the conversation without reading it, under the row lock of the upsert.
        pool.setMaximumPoolSize(4);
        PostgresSink other = new PostgresSink(pool, "chatlog", published::addAll);
        int batches = 40;
        int perBatch = 5;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int partition = 0; partition < 2; partition++) {
                int p = partition;
                PostgresSink writer = p == 0 ? sink : other;
                done.add(writers.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<PendingEvent> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            ChatEvent m = events.message("u1", "c1", "p" + p + "-" + (b * perBatch + i), "x");
                            batch.add(PendingEvent.of(p, b * perBatch + i, m, TestEvents.key(m), TestEvents.value(m)));
                        }
                        writer.apply(TOPIC, Map.of(p, batch));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }

        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        int total = 2 * batches * perBatch;
        assertThat(t.conversations().get("u1/c1").itemCount()).isEqualTo(total);
        assertThat(t.messages().values()).extracting(ChatTables.Message::seq).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, total).boxed().toList());
        for (int p = 0; p < 2; p++) {
            String prefix = "p" + p + "-";
            List<Long> seqsInTopicOrder = t.messages().values().stream().filter(m -> m.messageId().startsWith(prefix))
                    .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.messageId().substring(3))))
                    .map(ChatTables.Message::seq).toList();
            assertThat(seqsInTopicOrder).as("partition %d in its topic order", p).isSorted().hasSize(batches * perBatch);
        }
    }

    @Test
    void twoWritersSharingConversationsNeverReuseASeqAcrossMessagesAndToolCallsWhileOneReadsAndRenames()
            throws Exception {
        // One user's events on two partitions, written concurrently. Every third batch of a side also
        // renames the conversations, so that batch reads their rows (the path that used to write an
        // absolute item count) while the other side appends messages and tool calls to them.
        pool.setMaximumPoolSize(4);
        PostgresSink other = new PostgresSink(pool, "chatlog", published::addAll);
        int batches = 24;
        List<String> conversations = List.of("c1", "c2", "c3");
        Map<String, Instant> lastActivity = new java.util.HashMap<>();
        List<List<List<PendingEvent>>> sides = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<List<PendingEvent>> side = new ArrayList<>();
            long offset = 0;
            for (int b = 0; b < batches; b++) {
                List<PendingEvent> batch = new ArrayList<>();
                for (String c : conversations) {
                    List<ChatEvent> list = new ArrayList<>(List.of(events.message("u1", c, "p" + p + "-" + b + "-m", "x"),
                            events.requested("u1", c, "p" + p + "-" + b + "-t"),
                            events.completed("u1", c, "p" + p + "-" + b + "-t")));
                    lastActivity.put(c, events.now());
                    if (b % 3 == p) {
                        list.add(events.renamed("u1", c, "p" + p + "-" + b));
                    }
                    for (ChatEvent e : list) {
                        batch.add(PendingEvent.of(p, offset++, e, TestEvents.key(e), TestEvents.value(e)));
                    }
                }
                side.add(batch);
            }
            sides.add(side);
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int partition = p;
                PostgresSink writer = p == 0 ? sink : other;
                done.add(writers.submit(() -> {
                    for (List<PendingEvent> batch : sides.get(partition)) {
                        writer.apply(TOPIC, Map.of(partition, batch));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }

        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        int items = 2 * batches * 2;
        for (String c : conversations) {
            List<Long> seqs = new ArrayList<>();
            Map<Long, String> itemBySeq = new java.util.TreeMap<>();
            t.messages().values().stream().filter(m -> m.conversationId().equals(c)).forEach(m -> {
                seqs.add(m.seq());
                itemBySeq.put(m.seq(), m.messageId());
            });
            t.toolCalls().values().stream().filter(tc -> tc.conversationId().equals(c)).forEach(tc -> {
                seqs.add(tc.seq());
                itemBySeq.put(tc.seq(), tc.toolCallId());
                assertThat(tc.status()).as("tool call %s completed", tc.toolCallId()).isEqualTo("ok");
            });
            assertThat(seqs).as("seqs of %s across messages and tool calls", c)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, items).boxed().toList());
            ChatTables.Conversation row = t.conversations().get("u1/" + c);
            assertThat(row.itemCount()).isEqualTo(items);
            assertThat(row.lastActivityAt()).isEqualTo(lastActivity.get(c));
            assertThat(row.title()).startsWith("p");
            for (int p = 0; p < 2; p++) {
                String prefix = "p" + p + "-";
                List<String> inSeqOrder = itemBySeq.values().stream().filter(id -> id.startsWith(prefix)).toList();
                List<String> inTopicOrder = inSeqOrder.stream().sorted(Comparator
                        .comparingInt((String id) -> Integer.parseInt(id.split("-")[1]))
                        .thenComparing(id -> id.split("-")[2])).toList();
                assertThat(inSeqOrder).as("items of partition %d in %s", p, c).isEqualTo(inTopicOrder).hasSize(items / 2);
            }
        }
    }

    @Test
    void erasesEveryRowOfAUserAndKeepsWhatTheyWriteAfterwards() {
        apply(sink, append(events.created("u1", "c1", "t"), events.message("u1", "c1", "m1", "x"),
                events.requested("u1", "c2", "t1"), events.message("u2", "c3", "m1", "other user")));

        apply(sink, append(events.message("u1", "c1", "m2", "y"), events.erased("u1"),
                events.message("u1", "c1", "m1", "fresh start")));

        assertTablesMatchModel();
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.conversations().keySet()).containsExactlyInAnyOrder("u1/c1", "u2/c3");
        assertThat(t.messages().get("u1/c1/1").content()).isEqualTo("fresh start");
        assertThat(t.toolCalls()).isEmpty();
    }

    @Test
    void deadLettersACompletionOfAnUnknownToolCallBeforeCommittingTheBatch() {
        var unknown = events.completed("u1", "c1", "call_ghost");
        SinkResult result = apply(sink, append(events.message("u1", "c1", "m1", "x"), unknown));

        assertThat(result.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.UNKNOWN_TOOL_CALL);
            assertThat(d.sourceOffset()).isEqualTo(1);
            assertThat(d.value()).isEqualTo(TestEvents.value(unknown));
        });
        assertThat(published).containsExactlyElementsOf(result.deadLetters());
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 2L));
    }

    @Test
    void commitsNothingWhenTheDeadLettersCannotBeSent() {
        PostgresSink failing = new PostgresSink(pool, "chatlog", letters -> {
            throw new IllegalStateException("broker down", new org.apache.kafka.common.errors.TimeoutException("t"));
        });

        assertThatThrownBy(() -> apply(failing, append(events.message("u1", "c1", "m1", "x"),
                events.completed("u1", "c1", "call_ghost")))).isInstanceOf(SinkFailure.class);

        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").rowCount()).isZero();
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of());
    }

    @Test
    void aBatchRetriedAfterItsDeadLettersWentOutSendsThemAgainUnderTheSameIdentity() {
        boolean[] failNext = {true};
        PostgresSink flaky = new PostgresSink(pool, "chatlog", letters -> {
            published.addAll(letters);
            if (failNext[0]) {
                failNext[0] = false; // the letters went out, then the transaction fails before its commit
                throw new IllegalStateException("connection lost", new org.apache.kafka.common.errors.TimeoutException("t"));
            }
        });
        List<PendingEvent> batch = append(events.message("u1", "c1", "m1", "x"), events.completed("u1", "c1", "call_ghost"),
                events.completed("u1", "c1", "call_other_ghost"));

        assertThatThrownBy(() -> apply(flaky, batch)).isInstanceOf(SinkFailure.class);
        SinkResult retried = apply(flaky, batch);

        assertThat(retried.deadLetters()).hasSize(2);
        assertThat(published).hasSize(4);
        // what consumers deduplicate on: the headers naming the source topic, partition and offset
        List<List<String>> identities = published.stream().map(PostgresSinkIT::identity).toList();
        assertThat(identities.subList(0, 2)).isEqualTo(identities.subList(2, 4));
        assertThat(identities.get(0)).isNotEqualTo(identities.get(1)).containsExactly(TOPIC, "0", "1");
        assertThat(published.get(0).value()).isEqualTo(published.get(2).value());
        assertTablesMatchModel();
    }

    private static List<String> identity(DeadLetter letter) {
        var headers = letter.addHeadersTo(new org.apache.kafka.common.header.internals.RecordHeaders());
        return java.util.stream.Stream.of(DeadLetter.SOURCE_TOPIC, DeadLetter.SOURCE_PARTITION, DeadLetter.SOURCE_OFFSET)
                .map(h -> new String(headers.lastHeader(h).value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    @Test
    void storedOffsetsOnlyGrowEvenWhenACallerTriesToMoveOneBack() throws Exception {
        apply(sink, append(events.message("u1", "c1", "m1", "x"), events.message("u1", "c1", "m2", "y"),
                events.message("u1", "c1", "m3", "z")));

        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("SET LOCAL search_path = chatlog");
            OffsetStore.advance(c, new OffsetStore.Advance(TOPIC, Map.of(0, 1L)));
            c.commit();
        }

        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 3L));
        assertThat(sink.nextOffset(TOPIC, 0)).isEqualTo(3);
        assertThat(sink.nextOffset(TOPIC, 5)).as("a partition nothing was applied from").isZero();
        SinkResult again = apply(sink, append(events.message("u1", "c1", "m4", "after")));
        assertThat(again.appliedByType()).containsEntry("message.created", 1);
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 4L));
    }

    @Test
    void deadLettersAnEventPostgresRefusesAndAppliesTheRestOfItsBatch() {
        MessageCreated yearZero = new MessageCreated("e-0", "u1", "c1", Instant.parse("0000-01-01T00:00:00Z"), "m0",
                Role.USER, "PostgreSQL has no year zero");
        SinkResult result = apply(sink, append(events.message("u1", "c1", "m1", "before"), yearZero,
                events.message("u1", "c1", "m2", "nul \u0000 text"), events.message("u1", "c1", "m3", "after")));

        assertThat(result.deadLetters()).extracting(DeadLetter::sourceOffset, DeadLetter::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, DeadLetter.REJECTED_BY_DATABASE),
                org.assertj.core.groups.Tuple.tuple(2L, DeadLetter.REJECTED_BY_DATABASE));
        ChatTables t = DatabaseSnapshot.read(db.dataSource(), "chatlog");
        assertThat(t.messages().values()).extracting(ChatTables.Message::messageId, ChatTables.Message::seq)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("m1", 1L),
                        org.assertj.core.groups.Tuple.tuple("m3", 2L));
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 4L));
    }

    /** Switches the deployment "chatlog" to the schema "chatlog_next", as a rebuild does, and commits. */
    private void switchToNextSchema() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            beginSwitchToNextSchema(c);
            c.commit();
        }
    }

    /** Locks the control row and switches the deployment on {@code c}, leaving the transaction open. */
    private static void beginSwitchToNextSchema(Connection c) throws SQLException {
        c.setAutoCommit(false);
        ControlSchema.lockForSwitch(c, "chatlog");
        ControlSchema.switchTo(c, "chatlog", "chatlog_next", "chatlog");
    }

    @Test
    void writesIntoTheSchemaTheDeploymentWasSwitchedTo() throws Exception {
        Migrations.apply(db.dataSource(), "chatlog_next");
        switchToNextSchema();

        apply(sink, append(events.message("u1", "c1", "m1", "to the new schema")));

        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog_next").messages()).hasSize(1);
        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").rowCount()).isZero();
    }

    @Test
    void aConnectionThatWroteBeforeASwitchWritesAndLocksOffsetsInTheNewSchemaAfterIt() throws Exception {
        Migrations.apply(db.dataSource(), "chatlog_next");
        try (HikariDataSource one = WriterPool.open(db, 1)) {
            PostgresSink onOneConnection = new PostgresSink(one, "chatlog", published::addAll);
            // enough batches for every statement to be prepared on the server and its plan kept
            for (int i = 0; i < 8; i++) {
                apply(onOneConnection, append(events.message("u1", "c1", "m" + i, "before the switch")));
            }
            switchToNextSchema();

            apply(onOneConnection, append(events.message("u1", "c1", "m8", "after the switch")));
        }

        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog_next").messages().values())
                .extracting(ChatTables.Message::messageId).containsExactly("m8");
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog_next", TOPIC)).isEqualTo(Map.of(0, 9L));
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 8L));
        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").messages()).hasSize(8);
    }

    @Test
    void everyStatementOfABatchIsPlannedOncePerConnectionNotPerExecution() throws Exception {
        try (HikariDataSource one = WriterPool.open(db, 1)) {
            PostgresSink onOneConnection = new PostgresSink(one, "chatlog", published::addAll);
            apply(onOneConnection, append(events.created("u1", "c1", "first")));
            for (int i = 0; i < 8; i++) {
                String call = "t" + i;
                apply(onOneConnection, append(events.message("u1", "c1", "m" + i, "hello " + i),
                        events.requested("u1", "c1", call)));
                apply(onOneConnection, append(events.completed("u1", "c1", call)));
            }
            try (Connection c = one.getConnection()) {
                List<String> plannedPerExecution = new ArrayList<>();
                int prepared = 0;
                long writesOnTheirPlan = 0;
                long readsOnTheirPlan = 0;
                try (Statement s = c.createStatement();
                     var rs = s.executeQuery("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")) {
                    while (rs.next()) {
                        prepared++;
                        if (rs.getString("statement").startsWith("WITH conv AS")) {
                            writesOnTheirPlan += rs.getLong("generic_plans");
                        }
                        // a statement that follows another in one message begins with the line break after the ';'
                        if (rs.getString("statement").strip().startsWith("SELECT t.user_id, t.conversation_id, t.tool_call_id")) {
                            readsOnTheirPlan += rs.getLong("generic_plans");
                        }
                        // begin_batch's call opens the transaction, before its settings apply; it plans nothing costly
                        if (rs.getLong("custom_plans") > 0 && !rs.getString("statement").contains("begin_batch")) {
                            plannedPerExecution.add(rs.getString("statement"));
                        }
                    }
                }
                c.rollback();
                assertThat(prepared).as("statements the batches prepared on their connection").isGreaterThanOrEqualTo(5);
                assertThat(plannedPerExecution).as("statements planned again for their parameters").isEmpty();
                // the write and its COMMIT go as one message, and the write is still a prepared statement
                assertThat(writesOnTheirPlan).as("batches written by a prepared statement").isGreaterThanOrEqualTo(4);
                // the reads go in one message with begin_batch, and are still prepared statements
                assertThat(readsOnTheirPlan).as("stored tool calls read by a prepared statement").isGreaterThanOrEqualTo(3);
            }
        }
        assertTablesMatchModel();
    }

    /** {@code pool}, counting every statement its connections prepare or create. */
    private static DataSource countingStatements(DataSource pool, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")
                                        || m.getName().equals("prepareCall")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(c, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aBatchReadsWithItsBeginAndWritesItsRowsAndOffsetsInOneStatement() {
        apply(sink, append(events.created("u1", "c1", "first"), events.requested("u1", "c1", "t1")));
        AtomicInteger statements = new AtomicInteger();
        PostgresSink counted = new PostgresSink(countingStatements(pool, statements), "chatlog", published::addAll);

        SinkResult result = apply(counted, append(events.created("u2", "c2", "second"),
                events.message("u1", "c1", "m1", "hello"), events.requested("u1", "c1", "t2"),
                events.completed("u1", "c1", "t1"), events.message("u2", "c2", "m2", "there")));

        assertThat(result.appliedByType()).containsEntry("message.created", 2).containsEntry("tool_call.completed", 1)
                .containsEntry("tool_call.requested", 1).containsEntry("conversation.created", 1);
        // begin_batch with the row of the conversation the batch creates and the stored tool call
        // its completion needs, then one statement for every row and the offsets (four before, and
        // eight before that)
        assertThat(statements).hasValue(2);
        assertThat(DatabaseSnapshot.nextOffsets(db.dataSource(), "chatlog", TOPIC)).isEqualTo(Map.of(0, 7L));
        assertTablesMatchModel();
    }

    @Test
    void everyStatementOfABatchLooksRowsUpByIndexWithThePlanItMadeOnEmptyTables() throws Exception {
        try (HikariDataSource one = WriterPool.open(db, 1)) {
            PostgresSink onOneConnection = new PostgresSink(one, "chatlog", published::addAll);
            // every kind of statement, more than five times: pgjdbc prepares a statement on its fifth use
            for (int i = 0; i < 7; i++) {
                String conversation = "c" + i;
                apply(onOneConnection, append(events.created("u1", conversation, "first"),
                        events.message("u1", conversation, "m" + i, "hello"), events.requested("u1", conversation, "t" + i)));
                apply(onOneConnection, append(events.completed("u1", conversation, "t" + i),
                        events.renamed("u1", conversation, "renamed"), events.message("u2", "c1", "m" + i, "hi")));
                apply(onOneConnection, append(events.erased("u3"), events.message("u3", "c1", "m" + i, "again")));
            }
            try (Connection c = one.getConnection()) {
                // the batch's own settings and search path, under which its statements were planned
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT * FROM " + ControlSchema.SCHEMA + ".begin_batch('chatlog', '" + TOPIC
                            + "', '{0}')").close();
                }
                Map<String, String> plans = new TreeMap<>();
                try (Statement s = c.createStatement();
                     var rs = s.executeQuery("""
                             SELECT name, statement, coalesce(array_length(parameter_types, 1), 0)
                               FROM pg_prepared_statements WHERE statement !~* '^\\s*(COMMIT|BEGIN)'""")) {
                    while (rs.next()) {
                        plans.put(rs.getString(2), "EXECUTE \"" + rs.getString(1) + "\"("
                                + String.join(", ", Collections.nCopies(rs.getInt(3), "NULL")) + ")");
                    }
                }
                List<String> scanning = new ArrayList<>();
                for (Map.Entry<String, String> statement : plans.entrySet()) {
                    StringBuilder plan = new StringBuilder();
                    try (Statement s = c.createStatement();
                         var rs = s.executeQuery("EXPLAIN (COSTS OFF) " + statement.getValue())) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                    if (plan.toString().matches("(?s).*Seq Scan on (conversations|messages|tool_calls|message_search).*")) {
                        scanning.add(statement.getKey() + "\n" + plan);
                    }
                }
                c.rollback();
                assertThat(plans).as("statements the batches prepared").hasSizeGreaterThanOrEqualTo(8);
                assertThat(scanning).as("statements whose kept plan reads a table sequentially").isEmpty();
            }
        }
        assertTablesMatchModel();
    }

    @Test
    void aBatchWaitsForASwitchInProgressAndWritesWhereItPoints() throws Exception {
        Migrations.apply(db.dataSource(), "chatlog_next");
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection c = db.dataSource().getConnection()) {
            beginSwitchToNextSchema(c);
            Future<SinkResult> batch = writer.submit(() -> apply(sink, append(events.message("u1", "c1", "m1", "held"))));
            Thread.sleep(500);
            assertThat(batch).as("a batch while the switch holds the control row").isNotDone();
            c.commit();
            assertThat(batch.get(30, TimeUnit.SECONDS).appliedByType()).containsEntry("message.created", 1);
        } finally {
            writer.shutdownNow();
        }

        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog_next").messages()).hasSize(1);
        assertThat(DatabaseSnapshot.read(db.dataSource(), "chatlog").rowCount()).isZero();
    }
}
