package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One user's events spread over two partitions on purpose (as a producer with another partitioner
 * would), applied by two worker instances at once, several conversations written from both sides.
 * The tables must equal the model up to the order between the partitions: the same rows, with
 * every conversation's seqs gap-free and unique across messages and tool calls, each partition's
 * items in its topic order, and exact item counts and last activity.
 */
@ExtendWith(ChatlogServersExtension.class)
class WorkerPartitionSpreadIT {

    private static final String USER = "spread-user";
    private static final List<String> CONVERSATIONS = List.of("c1", "c2", "c3", "c4");

    /** Both sides' events, interleaved: each side writes messages and tool calls to every conversation; side 0 also renames. */
    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int rounds) {
        TestEvents events = new TestEvents();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (int side = 0; side < 2; side++) {
                for (String c : CONVERSATIONS) {
                    List<ChatEvent> list = new ArrayList<>();
                    list.add(events.message(USER, c, "p" + side + "-" + i + "-m", "side " + side + ", round " + i));
                    if (i % 3 == side) {
                        list.add(events.requested(USER, c, "p" + side + "-" + i + "-t"));
                        list.add(events.completed(USER, c, "p" + side + "-" + i + "-t"));
                    }
                    if (side == 0 && i % 10 == 5) {
                        list.add(events.renamed(USER, c, "title " + i));
                    }
                    for (ChatEvent e : list) {
                        records.add(new ProducerRecord<>(topic, side, TestEvents.key(e), TestEvents.value(e)));
                    }
                }
            }
        }
        return records;
    }

    @Test
    void twoInstancesApplyOneUsersEventsFromTwoPartitionsWithoutLosingOrRepeatingASeq(TestServers servers,
                                                                                       TestDatabase db) {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(2)).with("CHATLOG_BATCH_MAX_EVENTS", "60")
                .with("CHATLOG_OUTBOX_MAX_EVENTS", "600");
        List<ProducerRecord<byte[], byte[]>> records = records(env.topic(), 120);

        try (Worker first = Worker.start(env.stateDir(servers.uniqueName("spread-a")).config());
             Worker second = Worker.start(env.stateDir(servers.uniqueName("spread-b")).config());
             PacedProducer producer = PacedProducer.start(servers.kafkaBootstrap(), records, 40, Duration.ofMillis(50))) {
            producer.awaitDone(Duration.ofSeconds(90));
            List<ConsumerRecord<byte[], byte[]>> read = KafkaTopics.readAll(servers.kafkaBootstrap(), env.topic());
            ChatModel model = ChatModel.of(read);
            await("both partitions applied").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> DatabaseSnapshot.caughtUp(db.dataSource(), "chatlog", env.topic(), model.nextOffsets()));

            ChatTables actual = DatabaseSnapshot.read(db.dataSource(), "chatlog");
            assertThat(withoutOrder(actual).differencesFrom(withoutOrder(model.tables()), 20))
                    .as("differences from the model, up to the order between partitions").isEmpty();
            for (String c : CONVERSATIONS) {
                assertSeqs(actual, c);
            }
            assertThat(first.isRunning() && second.isRunning()).isTrue();
            int home = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(USER.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 2;
            long away = records.stream().filter(r -> r.partition() != home).count();
            assertThat(mispartitioned(first) + mispartitioned(second))
                    .as("records counted on another partition than their key's (a record read again after a move counts again)")
                    .isGreaterThanOrEqualTo(away);
        }
    }

    private static double mispartitioned(Worker worker) {
        return worker.meterRegistry().find("chatlog.worker.records.mispartitioned").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    /** The tables with items keyed by their id instead of their seq, seqs zeroed, and no creation time. */
    private static ChatTables withoutOrder(ChatTables t) {
        Map<String, ChatTables.Conversation> conversations = new TreeMap<>();
        t.conversations().values().forEach(c -> conversations.put(c.userId() + "/" + c.conversationId(),
                new ChatTables.Conversation(c.userId(), c.conversationId(), c.title(), null, c.lastActivityAt(),
                        c.itemCount(), c.deletedAt())));
        Map<String, ChatTables.Message> messages = new TreeMap<>();
        t.messages().values().forEach(m -> messages.put(m.userId() + "/" + m.conversationId() + "/" + m.messageId(),
                new ChatTables.Message(m.userId(), m.conversationId(), 0, m.messageId(), m.role(), m.content(),
                        m.createdAt())));
        Map<String, ChatTables.ToolCall> toolCalls = new TreeMap<>();
        t.toolCalls().values().forEach(x -> toolCalls.put(x.userId() + "/" + x.conversationId() + "/" + x.toolCallId(),
                new ChatTables.ToolCall(x.userId(), x.conversationId(), 0, x.toolCallId(), x.messageId(), x.name(),
                        x.arguments(), x.status(), x.output(), x.error(), x.requestedAt(), x.completedAt())));
        return new ChatTables(conversations, messages, toolCalls);
    }

    /** Seqs 1..n once each across both tables, and each side's items in its topic order. */
    private static void assertSeqs(ChatTables t, String conversation) {
        Map<Long, String> idBySeq = new TreeMap<>();
        List<Long> seqs = new ArrayList<>();
        t.messages().values().stream().filter(m -> m.conversationId().equals(conversation)).forEach(m -> {
            seqs.add(m.seq());
            idBySeq.put(m.seq(), m.messageId());
        });
        t.toolCalls().values().stream().filter(x -> x.conversationId().equals(conversation)).forEach(x -> {
            seqs.add(x.seq());
            idBySeq.put(x.seq(), x.toolCallId());
        });
        assertThat(seqs).as("seqs of %s across messages and tool calls", conversation)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        assertThat(t.conversations().get(USER + "/" + conversation).itemCount()).isEqualTo(seqs.size());
        Function<String, Integer> round = id -> Integer.parseInt(id.split("-")[1]);
        Map<String, List<String>> bySide = idBySeq.values().stream()
                .collect(Collectors.groupingBy(id -> id.substring(0, 2), TreeMap::new, Collectors.toList()));
        bySide.forEach((side, inSeqOrder) -> assertThat(inSeqOrder).as("%s items of %s in seq order", side, conversation)
                .isEqualTo(inSeqOrder.stream().sorted(Comparator.comparing(round).thenComparing(id -> id)).toList()));
        assertThat(bySide).hasSize(2);
    }
}
