package dev.chatlog.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a plan is split into statements: runs of whole conversations, in key order, of bounded text. */
class BatchWriterTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static ConversationWrite write(String user, String conversation, int added) {
        return new ConversationWrite(user, conversation, "title", AT, AT, 0, added, null, false, false);
    }

    private static MessageRow message(String user, String conversation, long seq, int chars) {
        return new MessageRow(user, conversation, seq, "m" + seq, "user", "x".repeat(chars), AT);
    }

    private static BatchPlan plan(List<ConversationWrite> writes, List<MessageRow> messages,
                                  List<Completion> completions) {
        return new BatchPlan(Set.of(), writes, messages, List.of(), completions, List.of(), Map.of(), Map.of());
    }

    @Test
    void aSmallBatchIsOneRunHoldingEveryRow() {
        BatchPlan plan = plan(List.of(write("u1", "c1", 2), write("u2", "c1", 1)),
                List.of(message("u2", "c1", 1, 10), message("u1", "c1", 1, 10), message("u1", "c1", 2, 10)),
                List.of(new Completion("u3", "c9", "t1", "ok", "{}", null, AT)));

        List<BatchWriter.Run> runs = BatchWriter.Run.split(plan);

        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().conversations()).containsExactly(write("u1", "c1", 2), write("u2", "c1", 1));
        assertThat(runs.getFirst().messages()).extracting(MessageRow::userId).containsExactly("u1", "u1", "u2");
        assertThat(runs.getFirst().completions()).hasSize(1);
    }

    @Test
    void aLargeBatchSplitsBetweenConversationsInKeyOrderWithinTheTextBound() {
        List<ConversationWrite> writes = new ArrayList<>();
        List<MessageRow> messages = new ArrayList<>();
        int chars = BatchWriter.CHUNK_CHARS / 10;
        for (int c = 29; c >= 0; c--) {
            String conversation = "c%02d".formatted(c);
            writes.add(write("u1", conversation, 3));
            for (int seq = 1; seq <= 3; seq++) {
                messages.add(message("u1", conversation, seq, chars));
            }
        }
        // one conversation alone holds more than a run's text: it is a run of its own
        writes.add(write("u2", "huge", 12));
        for (int seq = 1; seq <= 12; seq++) {
            messages.add(message("u2", "huge", seq, chars));
        }

        List<BatchWriter.Run> runs = BatchWriter.Run.split(plan(writes, messages, List.of()));

        List<String> order = new ArrayList<>();
        for (BatchWriter.Run run : runs) {
            List<String> keys = run.conversations().stream().map(w -> w.userId() + "/" + w.conversationId()).toList();
            order.addAll(keys);
            assertThat(run.messages()).as("a run holds every item of its conversations and no other")
                    .allMatch(m -> keys.contains(m.userId() + "/" + m.conversationId()))
                    .hasSize(3 * keys.size() + (keys.contains("u2/huge") ? 9 : 0));
            long text = run.messages().stream().mapToLong(m -> m.content().length()).sum();
            if (!keys.equals(List.of("u2/huge"))) {
                assertThat(text).isLessThanOrEqualTo(BatchWriter.CHUNK_CHARS);
            }
        }
        assertThat(order).isSorted().hasSize(31);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(runs.getLast().conversations()).extracting(ConversationWrite::conversationId).containsExactly("huge");
    }
}
