package dev.chatlog.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import dev.chatlog.worker.TestEvents;
import dev.chatlog.worker.failure.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private final TestEvents events = new TestEvents();

    private static List<PendingEvent> pending(ChatEvent... batch) {
        List<PendingEvent> list = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            list.add(PendingEvent.of(0, i, batch[i], TestEvents.key(batch[i]), TestEvents.value(batch[i])));
        }
        return list;
    }

    @Test
    void numbersMessagesAndToolCallsOfAConversationWithOneGapFreeSeqInTopicOrder() {
        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m1", "hi"),
                events.requested("u1", "c1", "t1"),
                events.message("u1", "c2", "m1", "other conversation"),
                events.message("u1", "c1", "m2", "again")), StoredState.empty());

        assertThat(plan.messages()).extracting(MessageRow::conversationId, MessageRow::messageId, MessageRow::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c1", "m1", 1L),
                        org.assertj.core.groups.Tuple.tuple("c1", "m2", 3L),
                        org.assertj.core.groups.Tuple.tuple("c2", "m1", 1L));
        assertThat(plan.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.seq).isEqualTo(2);
            assertThat(t.status).isEqualTo("pending");
        });
        assertThat(plan.conversations()).extracting(ConversationWrite::conversationId, w -> w.base() + w.added())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", 3), org.assertj.core.groups.Tuple.tuple("c2", 1));
    }

    @Test
    void continuesTheSeqOfAStoredConversation() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        StoredState stored = new StoredState(
                Map.of(new ConversationKey("u1", "c1"), new ConversationRow("u1", "c1", "old", t0, t0, 7, null)),
                Set.of(), Map.of());

        BatchPlan plan = BatchPlanner.plan(pending(events.message("u1", "c1", "m8", "next")), stored);

        assertThat(plan.messages()).singleElement().extracting(MessageRow::seq).isEqualTo(8L);
        assertThat(plan.conversations()).singleElement().satisfies(c -> {
            assertThat(c.base()).isEqualTo(7);
            assertThat(c.added()).isEqualTo(1);
            assertThat(c.renamed()).isFalse();
            assertThat(c.title()).isEqualTo("old");
            assertThat(c.createdAt()).isEqualTo(t0);
            assertThat(c.lastActivityAt()).isEqualTo(events.now());
        });
    }

    @Test
    void dropsARetriedMessageOrToolCallWithoutConsumingASeq() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        StoredState stored = new StoredState(
                Map.of(new ConversationKey("u1", "c1"), new ConversationRow("u1", "c1", null, t0, t0, 2, null)),
                Set.of(new ItemKey("u1", "c1", "m1")), Map.of(new ItemKey("u1", "c1", "t1"), "pending"));
        MessageCreated m2 = events.message("u1", "c1", "m2", "new");

        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m1", "stored before"),
                events.requested("u1", "c1", "t1"),
                m2,
                new MessageCreated("other-event-id", "u1", "c1", events.now(), "m2", Role.USER, "retried in batch")),
                stored);

        assertThat(plan.messages()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo("m2");
            assertThat(m.seq()).isEqualTo(3);
            assertThat(m.content()).isEqualTo("new");
        });
        assertThat(plan.toolCalls()).isEmpty();
        assertThat(plan.duplicatesByType()).containsEntry("message.created", 2).containsEntry("tool_call.requested", 1);
        assertThat(plan.appliedByType()).containsExactlyEntriesOf(Map.of("message.created", 1));
    }

    @Test
    void completesAToolCallOfTheSameBatchInTheRowItInserts() {
        BatchPlan plan = BatchPlanner.plan(pending(
                events.requested("u1", "c1", "t1"),
                events.completed("u1", "c1", "t1")), StoredState.empty());

        assertThat(plan.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.status).isEqualTo("ok");
            assertThat(t.outputJson).isEqualTo("{\"task_id\":42}");
            assertThat(t.completedAt).isEqualTo(events.now());
        });
        assertThat(plan.completions()).isEmpty();
    }

    @Test
    void appendsToAConversationItDidNotReadWithSeqsCountedFromTheBatchAlone() {
        ConversationKey c1 = new ConversationKey("u1", "c1");
        StoredState stored = new StoredState(Map.of(), Set.of(c1), Set.of(),
                Map.of(new ItemKey("u1", "c1", "t0"), "pending"));
        var first = events.message("u1", "c1", "m1", "hi");

        BatchPlan plan = BatchPlanner.plan(pending(
                first,
                events.requested("u1", "c1", "t1"),
                events.message("u1", "c1", "m1", "retried in the batch"),
                events.completed("u1", "c1", "t0"),
                events.message("u1", "c1", "m2", "again")), stored);

        assertThat(plan.conversations()).containsExactly(new ConversationWrite("u1", "c1", null, first.occurredAt(),
                events.now(), 0, 3, null, false, false));
        assertThat(plan.messages()).extracting(MessageRow::messageId, MessageRow::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m1", 1L), org.assertj.core.groups.Tuple.tuple("m2", 3L));
        assertThat(plan.toolCalls()).singleElement().satisfies(t -> assertThat(t.seq).isEqualTo(2));
        assertThat(plan.completions()).singleElement().extracting(Completion::toolCallId).isEqualTo("t0");
        assertThat(plan.duplicatesByType()).containsEntry("message.created", 1);
    }

    @Test
    void movesOnlyTheActivityOfAnUnreadConversationWhoseStoredToolCallCompletes() {
        StoredState stored = new StoredState(Map.of(), Set.of(new ConversationKey("u1", "c1")), Set.of(),
                Map.of(new ItemKey("u1", "c1", "t0"), "pending"));
        var done = events.completed("u1", "c1", "t0");

        BatchPlan plan = BatchPlanner.plan(pending(done), stored);

        assertThat(plan.conversations()).containsExactly(
                new ConversationWrite("u1", "c1", null, done.occurredAt(), done.occurredAt(), 0, 0, null, false, false));
        assertThat(plan.messages()).isEmpty();
    }

    @Test
    void refusesToRenameACreateOrDeleteAConversationItDidNotRead() {
        StoredState stored = new StoredState(Map.of(), Set.of(new ConversationKey("u1", "c1")), Set.of(), Map.of());

        for (ChatEvent e : List.<ChatEvent>of(events.created("u1", "c1", "t"), events.renamed("u1", "c1", "t"),
                events.deleted("u1", "c1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BatchPlanner.plan(pending(e), stored))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not read");
        }
    }

    @Test
    void startsAnErasedUsersUnreadConversationAfreshAfterTheErasure() {
        StoredState stored = new StoredState(Map.of(), Set.of(new ConversationKey("u1", "c1")), Set.of(), Map.of());

        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m5", "erased with the rest"),
                events.erased("u1"),
                events.message("u1", "c1", "m1", "after erasure")), stored);

        assertThat(plan.conversations()).singleElement().satisfies(c -> {
            assertThat(c.base()).isZero();
            assertThat(c.added()).isEqualTo(1);
        });
        assertThat(plan.messages()).singleElement().extracting(MessageRow::messageId, MessageRow::seq)
                .containsExactly("m1", 1L);
    }

    @Test
    void completesAStoredPendingToolCallInPlaceOnceOnly() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        StoredState stored = new StoredState(
                Map.of(new ConversationKey("u1", "c1"), new ConversationRow("u1", "c1", null, t0, t0, 1, null)),
                Set.of(), Map.of(new ItemKey("u1", "c1", "t1"), "pending", new ItemKey("u1", "c1", "t2"), "ok"));

        BatchPlan plan = BatchPlanner.plan(pending(
                events.failed("u1", "c1", "t1", "timeout"),
                events.completed("u1", "c1", "t1"),
                events.completed("u1", "c1", "t2")), stored);

        assertThat(plan.completions()).singleElement().satisfies(c -> {
            assertThat(c.toolCallId()).isEqualTo("t1");
            assertThat(c.status()).isEqualTo("error");
            assertThat(c.error()).isEqualTo("timeout");
        });
        assertThat(plan.duplicatesByType()).containsEntry("tool_call.completed", 2);
    }

    @Test
    void rejectsACompletionOfAToolCallNeverRequested() {
        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m1", "hi"),
                events.completed("u1", "c1", "nope")), StoredState.empty());

        assertThat(plan.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(DeadLetter.UNKNOWN_TOOL_CALL);
            assertThat(r.event().offset()).isEqualTo(1);
            assertThat(r.message()).contains("nope");
        });
        assertThat(plan.appliedByType()).doesNotContainKey("tool_call.completed");
        assertThat(plan.duplicatesByType()).isEmpty();
    }

    @Test
    void erasesAUserBeforeWritingAndStartsTheirLaterEventsAfresh() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        StoredState stored = new StoredState(
                Map.of(new ConversationKey("u1", "c1"), new ConversationRow("u1", "c1", "t", t0, t0, 5, null)),
                Set.of(new ItemKey("u1", "c1", "m1")), Map.of());

        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m6", "erased with the rest"),
                events.message("u2", "c9", "m1", "another user"),
                events.erased("u1"),
                events.message("u1", "c1", "m1", "after erasure")), stored);

        assertThat(plan.erasedUsers()).containsExactly("u1");
        assertThat(plan.messages()).extracting(MessageRow::userId, MessageRow::messageId, MessageRow::seq)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("u2", "m1", 1L),
                        org.assertj.core.groups.Tuple.tuple("u1", "m1", 1L));
        assertThat(plan.conversations()).filteredOn(c -> c.userId().equals("u1")).singleElement().satisfies(c -> {
            assertThat(c.base() + c.added()).isEqualTo(1);
            assertThat(c.title()).isNull();
        });
    }

    @Test
    void hidesADeletedConversationButKeepsStoringItsLaterItems() {
        BatchPlan plan = BatchPlanner.plan(pending(
                events.created("u1", "c1", "Groceries"),
                events.deleted("u1", "c1"),
                events.message("u1", "c1", "m1", "late"),
                events.deleted("u1", "c1")), StoredState.empty());

        assertThat(plan.conversations()).singleElement().satisfies(c -> {
            assertThat(c.deletedAt()).isNotNull();
            assertThat(c.deleted()).isTrue();
            assertThat(c.added()).isEqualTo(1);
            assertThat(c.title()).isEqualTo("Groceries");
        });
        assertThat(plan.duplicatesByType()).containsEntry("conversation.deleted", 1);
    }

    @Test
    void createsAConversationImplicitlyAndKeepsTheFirstCreationOnly() {
        var first = events.message("u1", "c1", "m1", "hi");
        BatchPlan plan = BatchPlanner.plan(pending(
                first,
                events.created("u1", "c1", "late title"),
                events.renamed("u1", "c1", "Renamed")), StoredState.empty());

        assertThat(plan.conversations()).singleElement().satisfies(c -> {
            assertThat(c.createdAt()).isEqualTo(first.occurredAt());
            assertThat(c.title()).isEqualTo("Renamed");
            assertThat(c.renamed()).isTrue();
            assertThat(c.lastActivityAt()).isEqualTo(first.occurredAt());
        });
        assertThat(plan.duplicatesByType()).containsEntry("conversation.created", 1);
    }

    @Test
    void neverMovesLastActivityBackForAnItemWithAnOlderTimestamp() {
        Instant late = Instant.parse("2030-01-01T00:00:00Z");
        MessageCreated newest = new MessageCreated("e1", "u1", "c1", late, "m1", Role.USER, "from the future");
        BatchPlan plan = BatchPlanner.plan(pending(newest, events.message("u1", "c1", "m2", "older clock")),
                StoredState.empty());

        assertThat(plan.conversations()).singleElement().extracting(ConversationWrite::lastActivityAt).isEqualTo(late);
    }

    @Test
    void rejectsTextPostgresCannotStoreWithoutConsumingASeq() {
        BatchPlan plan = BatchPlanner.plan(pending(
                events.message("u1", "c1", "m1", "nul \u0000 inside"),
                events.message("u1", "c1", "m2", "fine")), StoredState.empty());

        assertThat(plan.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(DeadLetter.REJECTED_BY_DATABASE);
            assertThat(r.message()).contains("U+0000", "/data/content");
        });
        assertThat(plan.messages()).singleElement().extracting(MessageRow::seq).isEqualTo(1L);
    }

    @Test
    void rejectsToolCallJsonPostgresCannotStoreAndStoresOtherJsonAsCompactText() {
        ObjectNode nul = JsonNodeFactory.instance.objectNode().put("title", "nul \u0000 inside");
        ObjectNode fine = JsonNodeFactory.instance.objectNode().put("title", "buy milk");
        BatchPlan plan = BatchPlanner.plan(pending(
                new ToolCallRequested("e1", "u1", "c1", Instant.parse("2025-06-13T09:00:00Z"), "t1", "add_task", nul, null),
                new ToolCallRequested("e2", "u1", "c1", Instant.parse("2025-06-13T09:00:01Z"), "t2", "add_task", fine, null),
                new ToolCallCompleted("e3", "u1", "c1", Instant.parse("2025-06-13T09:00:02Z"), "t2", ToolCallStatus.OK, nul, null)),
                StoredState.empty());

        assertThat(plan.rejected()).extracting(BatchPlan.Rejection::reason)
                .containsExactly(DeadLetter.REJECTED_BY_DATABASE, DeadLetter.REJECTED_BY_DATABASE);
        assertThat(plan.rejected()).extracting(BatchPlan.Rejection::message).satisfiesExactly(
                m -> assertThat(m).contains("U+0000", "/data/arguments"),
                m -> assertThat(m).contains("U+0000", "/data/output"));
        assertThat(plan.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.seq).isEqualTo(1L);
            assertThat(t.argumentsJson).isEqualTo("{\"title\":\"buy milk\"}");
            assertThat(t.status).isEqualTo("pending");
        });
    }
}
