package dev.chatlog.worker.sink;

import java.util.Map;
import java.util.Set;

/**
 * What the database holds about the conversations a batch touches: the rows of those it read,
 * which of the batch's message ids exist, and the status of the batch's tool calls that exist.
 * {@code unread} holds the conversations the batch only appends items to and did not read: the
 * writer adds to their rows without knowing them (see {@link ConversationWrite}).
 */
record StoredState(Map<ConversationKey, ConversationRow> conversations, Set<ConversationKey> unread,
                   Set<ItemKey> messageIds, Map<ItemKey, String> toolCallStatus) {

    /** Every conversation read: those absent from {@code conversations} are not stored. */
    StoredState(Map<ConversationKey, ConversationRow> conversations, Set<ItemKey> messageIds,
                Map<ItemKey, String> toolCallStatus) {
        this(conversations, Set.of(), messageIds, toolCallStatus);
    }

    static StoredState empty() {
        return new StoredState(Map.of(), Set.of(), Map.of());
    }
}
