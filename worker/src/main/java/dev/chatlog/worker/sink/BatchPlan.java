package dev.chatlog.worker.sink;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes a batch comes to, computed in memory: users to erase first, then the conversations it
 * changed (in key order, see {@link ConversationWrite} for how their items' seqs are placed), new
 * messages and tool calls, and completions of tool calls stored earlier.
 * {@code rejected} holds events that must go to the dead letters instead, with the reason.
 */
record BatchPlan(Set<String> erasedUsers, List<ConversationWrite> conversations,
                 List<MessageRow> messages, List<ToolCallRow> toolCalls, List<Completion> completions,
                 List<Rejection> rejected, Map<String, Integer> appliedByType, Map<String, Integer> duplicatesByType) {

    /** An event the plan leaves out, and why. */
    record Rejection(PendingEvent event, String reason, String message) {
    }
}
