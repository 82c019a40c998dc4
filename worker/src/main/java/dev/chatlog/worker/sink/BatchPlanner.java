package dev.chatlog.worker.sink;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.ConversationDeleted;
import dev.chatlog.event.ConversationRenamed;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.UserErased;
import dev.chatlog.worker.failure.DeadLetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a batch of events, in topic order, over what the database holds, into the rows to write.
 * A pure function: it assigns seqs, drops duplicates, merges completions into tool calls of the
 * same batch, and resets a user's state at {@code user.erased} so later events start afresh.
 */
final class BatchPlanner {

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
            planner.apply(e);
        }
        return planner.result();
    }

    private void apply(PendingEvent pending) {
        ChatEvent event = pending.event();
        String json = StorableText.json(event);
        String unstorable = StorableText.problem(event, json);
        if (unstorable != null) {
            rejected.add(new BatchPlan.Rejection(pending, DeadLetter.REJECTED_BY_DATABASE, unstorable));
            return;
        }
        int rejectedBefore = rejected.size();
        boolean changed = switch (event) {
            case UserErased e -> erase(e.userId());
            case ConversationCreated e -> created(e);
            case ConversationRenamed e -> {
                ConversationState c = readConversation(e);
                c.ensureExists(e.occurredAt());
                c.title = e.title();
                c.changed = true;
                yield true;
            }
            case ConversationDeleted e -> deleted(e);
            case MessageCreated e -> message(e);
            case ToolCallRequested e -> requested(e, json);
            case ToolCallCompleted e -> completed(pending, e, json);
        };
        if (rejected.size() == rejectedBefore) {
            (changed ? applied : duplicates).merge(event.type(), 1, Integer::sum);
        }
    }

    private boolean erase(String userId) {
        erasedUsers.add(userId);
        conversations.keySet().removeIf(k -> k.userId().equals(userId));
        return true;
    }

    private boolean created(ConversationCreated e) {
        ConversationState c = readConversation(e);
        if (c.exists) {
            return false;
        }
        c.ensureExists(e.occurredAt());
        c.title = e.title();
        return true;
    }

    private boolean deleted(ConversationDeleted e) {
        ConversationState c = readConversation(e);
        c.ensureExists(e.occurredAt());
        if (c.deletedAt != null) {
            return false;
        }
        c.deletedAt = e.occurredAt();
        c.changed = true;
        return true;
    }

    private boolean message(MessageCreated e) {
        ConversationState c = conversation(e);
        if (c.newMessageIds.contains(e.messageId()) || storedMessage(c, e.messageId())) {
            return false;
        }
        c.ensureExists(e.occurredAt());
        c.newMessageIds.add(e.messageId());
        c.newMessages.add(new MessageRow(e.userId(), e.conversationId(), c.nextSeq(), e.messageId(),
                e.role().json(), e.content(), e.occurredAt()));
        c.touch(e.occurredAt());
        return true;
    }

    private boolean requested(ToolCallRequested e, String arguments) {
        ConversationState c = conversation(e);
        if (c.newToolCalls.containsKey(e.toolCallId()) || storedToolCallStatus(c, e.toolCallId()) != null) {
            return false;
        }
        c.ensureExists(e.occurredAt());
        c.newToolCalls.put(e.toolCallId(), new ToolCallRow(e.userId(), e.conversationId(), c.nextSeq(),
                e.toolCallId(), e.messageId(), e.name(), arguments, e.occurredAt()));
        c.touch(e.occurredAt());
        return true;
    }

    private boolean completed(PendingEvent pending, ToolCallCompleted e, String output) {
        ConversationState c = conversation(e);
        Completion completion = new Completion(e.userId(), e.conversationId(), e.toolCallId(), e.status().json(),
                output, e.error(), e.occurredAt());
        ToolCallRow fresh = c.newToolCalls.get(e.toolCallId());
        if (fresh != null) {
            if (!fresh.status.equals("pending")) {
                return false;
            }
            fresh.complete(completion);
        } else {
            String status = storedToolCallStatus(c, e.toolCallId());
            if (status == null) {
                rejected.add(new BatchPlan.Rejection(pending, DeadLetter.UNKNOWN_TOOL_CALL,
                        "tool_call.completed names tool call '" + e.toolCallId() + "', which conversation '"
                                + e.conversationId() + "' of user '" + e.userId() + "' never requested"));
                return false;
            }
            if (!status.equals("pending") || c.completionsOfStored.containsKey(e.toolCallId())) {
                return false;
            }
            c.completionsOfStored.put(e.toolCallId(), completion);
        }
        c.touch(e.occurredAt());
        return true;
    }

    /** The state of a conversation whose row the event may change beyond appending an item: it must have been read. */
    private ConversationState readConversation(ChatEvent e) {
        ConversationState c = conversation(e);
        if (c.unread) {
            throw new IllegalStateException(e.type() + " for conversation '" + e.conversationId()
                    + "' of a batch that did not read it");
        }
        return c;
    }

    private ConversationState conversation(ChatEvent e) {
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

    private boolean storedMessage(ConversationState c, String messageId) {
        return !erasedUsers.contains(c.userId)
                && stored.messageIds().contains(new ItemKey(c.userId, c.conversationId, messageId));
    }

    private String storedToolCallStatus(ConversationState c, String toolCallId) {
        return erasedUsers.contains(c.userId) ? null
                : stored.toolCallStatus().get(new ItemKey(c.userId, c.conversationId, toolCallId));
    }

    private BatchPlan result() {
        List<ConversationRow> rows = new ArrayList<>();
        List<ConversationAppend> appends = new ArrayList<>();
        List<MessageRow> messages = new ArrayList<>();
        List<ToolCallRow> toolCalls = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        for (ConversationState c : conversations.values()) {
            if (c.unread) {
                if (c.changed) {
                    appends.add(c.append());
                }
            } else if (c.exists && c.changed) {
                rows.add(c.row());
            }
            messages.addAll(c.newMessages);
            toolCalls.addAll(c.newToolCalls.values());
            completions.addAll(c.completionsOfStored.values());
        }
        return new BatchPlan(Set.copyOf(erasedUsers), rows, appends, messages, toolCalls, completions,
                List.copyOf(rejected), Map.copyOf(applied), Map.copyOf(duplicates));
    }
}
