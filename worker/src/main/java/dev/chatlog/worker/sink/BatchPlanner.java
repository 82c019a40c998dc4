package dev.chatlog.worker.sink;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.worker.failure.DeadLetter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a batch of events, in topic order, over what the database holds, into the rows to write.
 * A pure function: each event's {@link EventEffect} assigns seqs, drops duplicates, merges
 * completions into tool calls of the same batch, or resets a user's state at {@code user.erased}
 * so later events start afresh; this class holds the state they share.
 */
final class BatchPlanner {

    /** What planning one event came to. */
    enum Outcome {
        APPLIED,
        /** A retried duplicate, or a change that is in place already: nothing to write. */
        DUPLICATE,
        /** Left out of the plan, for the dead letters. */
        REJECTED
    }

    private final StoredState stored;
    private final Map<ConversationKey, ConversationState> conversations = new LinkedHashMap<>();
    private final Set<String> erasedUsers = new HashSet<>();
    private final List<BatchPlan.Rejection> rejected = new ArrayList<>();
    private final Map<String, Integer> applied = new HashMap<>();
    private final Map<String, Integer> duplicates = new HashMap<>();

    private BatchPlanner(StoredState stored) {
        this.stored = stored;
    }

    /** Plans {@code events} (ascending offsets, none applied before) over {@code stored}. */
    static BatchPlan plan(List<PendingEvent> events, StoredState stored) {
        BatchPlanner planner = new BatchPlanner(stored);
        for (PendingEvent e : events) {
            String type = e.event().type();
            switch (EventEffect.of(e.event()).plan(planner, e)) {
                case APPLIED -> planner.applied.merge(type, 1, Integer::sum);
                case DUPLICATE -> planner.duplicates.merge(type, 1, Integer::sum);
                case REJECTED -> { }
            }
        }
        return planner.result();
    }

    Outcome reject(PendingEvent pending, String reason, String message) {
        rejected.add(new BatchPlan.Rejection(pending, reason, message));
        return Outcome.REJECTED;
    }

    /** Rejects an event with text PostgreSQL cannot store ({@link StorableText}). */
    Outcome unstorable(PendingEvent pending, String problem) {
        return reject(pending, DeadLetter.REJECTED_BY_DATABASE, problem);
    }

    void erase(String userId) {
        erasedUsers.add(userId);
        conversations.keySet().removeIf(k -> k.userId().equals(userId));
    }

    /** The state of a conversation whose row the event may change beyond appending an item: it must have been read. */
    ConversationState readConversation(ChatEvent e) {
        ConversationState c = conversation(e);
        if (c.unread) {
            throw new IllegalStateException(e.type() + " for conversation '" + e.conversationId()
                    + "' of a batch that did not read it");
        }
        return c;
    }

    ConversationState conversation(ChatEvent e) {
        ConversationKey key = new ConversationKey(e.userId(), e.conversationId());
        return conversations.computeIfAbsent(key, k -> {
            if (erasedUsers.contains(k.userId())) {
                return ConversationState.absent(k);
            }
            ConversationRow row = stored.conversations().get(k);
            if (row != null) {
                return ConversationState.of(row);
            }
            return stored.unread().contains(k) ? ConversationState.unread(k) : ConversationState.absent(k);
        });
    }

    boolean storedMessage(ConversationState c, String messageId) {
        return !erasedUsers.contains(c.userId)
                && stored.messageIds().contains(new ItemKey(c.userId, c.conversationId, messageId));
    }

    String storedToolCallStatus(ConversationState c, String toolCallId) {
        return erasedUsers.contains(c.userId) ? null
                : stored.toolCallStatus().get(new ItemKey(c.userId, c.conversationId, toolCallId));
    }

    private BatchPlan result() {
        List<ConversationWrite> writes = new ArrayList<>();
        List<MessageRow> messages = new ArrayList<>();
        List<ToolCallRow> toolCalls = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        for (ConversationState c : conversations.values()) {
            if (c.changed && (c.unread || c.exists)) {
                writes.add(c.write());
            }
            messages.addAll(c.newMessages);
            toolCalls.addAll(c.newToolCalls.values());
            completions.addAll(c.completionsOfStored.values());
        }
        writes.sort(Comparator.comparing(ConversationWrite::userId).thenComparing(ConversationWrite::conversationId));
        return new BatchPlan(Set.copyOf(erasedUsers), writes, messages, toolCalls, completions,
                List.copyOf(rejected), Map.copyOf(applied), Map.copyOf(duplicates));
    }
}
