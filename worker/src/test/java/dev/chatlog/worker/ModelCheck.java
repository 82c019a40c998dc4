package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.worker.failure.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks a worker's result against the model folded from the topic: the tables hold exactly the
 * model's rows (nothing missing, nothing twice, every seq gap-free in topic order), the stored
 * offsets reached the end, and every rejected record is on the dead-letter topic with its bytes.
 */
public final class ModelCheck {

    private ModelCheck() {
    }

    /** Waits for the worker to apply the whole topic, then compares; returns the model. */
    public static ChatModel assertDatabaseMatchesTopic(String bootstrap, DataSource db, String topic, String dlqTopic,
                                                       Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTopics.readAll(bootstrap, topic);
        ChatModel model = ChatModel.of(records);
        await("stored offsets reach the end of " + topic).atMost(timeout).pollInterval(Duration.ofMillis(300))
                .until(() -> DatabaseSnapshot.caughtUp(db, "chatlog", topic, model.nextOffsets()));
        ChatTables actual = DatabaseSnapshot.read(db, "chatlog");
        List<String> differences = actual.differencesFrom(model.tables(), 20);
        assertThat(differences).as("differences between the database and the model of %d records", records.size())
                .isEmpty();
        assertThat(DatabaseSnapshot.nextOffsets(db, "chatlog", topic)).isEqualTo(model.nextOffsets());
        assertSeqsGapFree(actual);
        assertDeadLetters(bootstrap, records, dlqTopic, model, timeout);
        return model;
    }

    private static void assertSeqsGapFree(ChatTables t) {
        Map<String, List<Long>> seqs = new HashMap<>();
        t.messages().values().forEach(m -> seqs.computeIfAbsent(m.userId() + "/" + m.conversationId(),
                k -> new ArrayList<>()).add(m.seq()));
        t.toolCalls().values().forEach(c -> seqs.computeIfAbsent(c.userId() + "/" + c.conversationId(),
                k -> new ArrayList<>()).add(c.seq()));
        seqs.forEach((conversation, list) -> {
            list.sort(Long::compare);
            for (int i = 0; i < list.size(); i++) {
                assertThat(list.get(i)).as("seq %d of %s", i + 1, conversation).isEqualTo(i + 1L);
            }
            assertThat(t.conversations().get(conversation).itemCount()).as("item count of %s", conversation)
                    .isEqualTo(list.size());
        });
    }

    private static void assertDeadLetters(String bootstrap, List<ConsumerRecord<byte[], byte[]>> source,
                                          String dlqTopic, ChatModel model, Duration timeout) {
        Map<String, ConsumerRecord<byte[], byte[]>> byPosition = new HashMap<>();
        source.forEach(r -> byPosition.put(r.partition() + "@" + r.offset(), r));
        Map<String, String> reasons = new TreeMap<>();
        List<String> repeatedRejects = new ArrayList<>();
        await("dead letters of " + dlqTopic).atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            reasons.clear();
            repeatedRejects.clear();
            for (ConsumerRecord<byte[], byte[]> d : KafkaTopics.readAll(bootstrap, dlqTopic)) {
                String where = header(d, DeadLetter.SOURCE_PARTITION) + "@" + header(d, DeadLetter.SOURCE_OFFSET);
                String reason = header(d, DeadLetter.REASON);
                if (reasons.put(where, reason) != null && !reason.equals(DeadLetter.UNKNOWN_TOOL_CALL)) {
                    repeatedRejects.add(where);
                }
                ConsumerRecord<byte[], byte[]> original = byPosition.get(where);
                assertThat(original).as("source record of dead letter %s", where).isNotNull();
                assertThat(d.value()).as("value of dead letter %s", where).isEqualTo(original.value());
                assertThat(d.key()).as("key of dead letter %s", where).isEqualTo(original.key());
            }
            assertThat(reasons).isEqualTo(model.deadLetters());
        });
        assertThat(repeatedRejects).as("rejected records dead-lettered twice").isEmpty();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
