package dev.chatlog.worker.sink;

import java.util.Map;
import java.util.Set;

/**
 * What the database holds about the conversations a batch touches: their rows, which of the
 * batch's message ids exist, and the status of the batch's tool calls that exist.
 */
record StoredState(Map<ConversationKey, ConversationRow> conversations, Set<ItemKey> messageIds,
                   Map<ItemKey, String> toolCallStatus) {

    static StoredState empty() {
        return new StoredState(Map.of(), Set.of(), Map.of());
    }
}
