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

/**
 * What each event type does to the tables, one record per type: what a batch must read before it
 * plans the event ({@link #reads()}, {@link #lookUp(ItemLookups)}), and how the event changes the
 * planned rows ({@link #plan(BatchPlanner, PendingEvent)}), starting with the fields PostgreSQL must
 * be able to store. {@link #of(ChatEvent)} is exhaustive: a new event type does not compile until
 * it has a record here.
 */
sealed interface EventEffect {

    /** What of its conversation a batch must read before it plans an event. */
    enum Reads {
        /** Nothing: the event has no conversation. */
        NOTHING,
        /** The conversation's row: the event sets more than its item count and last activity. */
        ROW,
        /** Nothing in the optimistic mode: the event only adds or completes items, and the writer appends. */
        ITEMS_ONLY
    }

    static EventEffect of(ChatEvent event) {
        return switch (event) {
            case ConversationCreated e -> new ConversationCreatedEffect(e);
            case ConversationRenamed e -> new ConversationRenamedEffect(e);
            case ConversationDeleted e -> new ConversationDeletedEffect(e);
            case MessageCreated e -> new MessageCreatedEffect(e);
            case ToolCallRequested e -> new ToolCallRequestedEffect(e);
            case ToolCallCompleted e -> new ToolCallCompletedEffect(e);
            case UserErased e -> new UserErasedEffect(e);
        };
    }

    Reads reads();

    /** Adds the stored items this event's plan must know about, once its conversation is known to hold items. */
    void lookUp(ItemLookups lookups);

    /** Folds the event, in topic order, into the batch's plan. */
    BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending);

    /** {@code user.erased}: deletes every row of the user; later events of the batch start afresh. */
    record UserErasedEffect(UserErased event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.NOTHING;
        }

        @Override
        public void lookUp(ItemLookups lookups) {
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            planner.erase(event.userId());
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /** {@code conversation.created}: creates the conversation with its title, unless it exists. */
    record ConversationCreatedEffect(ConversationCreated event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ROW;
        }

        @Override
        public void lookUp(ItemLookups lookups) {
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            String unstorable = StorableText.check(event.title(), "title");
            if (unstorable != null) {
                return planner.unstorable(pending, unstorable);
            }
            ConversationState c = planner.readConversation(event);
            if (c.exists) {
                return BatchPlanner.Outcome.DUPLICATE;
            }
            c.ensureExists(event.occurredAt());
            c.title = event.title();
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /** {@code conversation.renamed}: sets the title, creating the conversation if needed. */
    record ConversationRenamedEffect(ConversationRenamed event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ROW;
        }

        @Override
        public void lookUp(ItemLookups lookups) {
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            String unstorable = StorableText.check(event.title(), "title");
            if (unstorable != null) {
                return planner.unstorable(pending, unstorable);
            }
            ConversationState c = planner.readConversation(event);
            c.ensureExists(event.occurredAt());
            c.title = event.title();
            c.renamed = true;
            c.changed = true;
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /** {@code conversation.deleted}: sets {@code deleted_at} once, creating the conversation if needed. */
    record ConversationDeletedEffect(ConversationDeleted event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ROW;
        }

        @Override
        public void lookUp(ItemLookups lookups) {
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            ConversationState c = planner.readConversation(event);
            c.ensureExists(event.occurredAt());
            if (c.deletedAt != null) {
                return BatchPlanner.Outcome.DUPLICATE;
            }
            c.deletedAt = event.occurredAt();
            c.deleted = true;
            c.changed = true;
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /** {@code message.created}: a row of {@code messages} with the conversation's next seq, unless its id is stored. */
    record MessageCreatedEffect(MessageCreated event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ITEMS_ONLY;
        }

        // Only a careful batch looks the id up: the insert's unique key catches a stored one otherwise.
        @Override
        public void lookUp(ItemLookups lookups) {
            if (lookups.allIds()) {
                lookups.messages().add(new ItemKey(event.userId(), event.conversationId(), event.messageId()));
            }
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            String unstorable = StorableText.check(event.content(), "content");
            if (unstorable != null) {
                return planner.unstorable(pending, unstorable);
            }
            ConversationState c = planner.conversation(event);
            if (c.newMessageIds.contains(event.messageId()) || planner.storedMessage(c, event.messageId())) {
                return BatchPlanner.Outcome.DUPLICATE;
            }
            c.ensureExists(event.occurredAt());
            c.newMessageIds.add(event.messageId());
            c.newMessages.add(new MessageRow(event.userId(), event.conversationId(), c.nextSeq(), event.messageId(),
                    event.role().json(), event.content(), event.occurredAt()));
            c.touch(event.occurredAt());
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /**
     * {@code tool_call.requested}: a pending row of {@code tool_calls} with the conversation's next
     * seq, unless its id is stored.
     */
    record ToolCallRequestedEffect(ToolCallRequested event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ITEMS_ONLY;
        }

        @Override
        public void lookUp(ItemLookups lookups) {
            ItemKey key = new ItemKey(event.userId(), event.conversationId(), event.toolCallId());
            if (lookups.allIds()) {
                lookups.toolCalls().add(key);
            } else {
                lookups.requested().add(key);
            }
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            // serialized once, for the check and the row
            String arguments = event.arguments() == null ? null : event.arguments().toString();
            String unstorable = StorableText.first(StorableText.check(event.name(), "name"),
                    StorableText.checkJson(arguments, "arguments"));
            if (unstorable != null) {
                return planner.unstorable(pending, unstorable);
            }
            ConversationState c = planner.conversation(event);
            if (c.newToolCalls.containsKey(event.toolCallId())
                    || planner.storedToolCallStatus(c, event.toolCallId()) != null) {
                return BatchPlanner.Outcome.DUPLICATE;
            }
            c.ensureExists(event.occurredAt());
            c.newToolCalls.put(event.toolCallId(), new ToolCallRow(event.userId(), event.conversationId(),
                    c.nextSeq(), event.toolCallId(), event.messageId(), event.name(), arguments, event.occurredAt()));
            c.touch(event.occurredAt());
            return BatchPlanner.Outcome.APPLIED;
        }
    }

    /**
     * {@code tool_call.completed}: fills in the result of a pending tool call in place (the batch's
     * own request, or a stored row); a completion of a tool call never requested is a dead letter.
     */
    record ToolCallCompletedEffect(ToolCallCompleted event) implements EventEffect {
        @Override
        public Reads reads() {
            return Reads.ITEMS_ONLY;
        }

        // The batch's own request needs no look-up, unless the batch is careful.
        @Override
        public void lookUp(ItemLookups lookups) {
            ItemKey key = new ItemKey(event.userId(), event.conversationId(), event.toolCallId());
            if (lookups.allIds() || !lookups.requested().contains(key)) {
                lookups.toolCalls().add(key);
            }
        }

        @Override
        public BatchPlanner.Outcome plan(BatchPlanner planner, PendingEvent pending) {
            String output = event.output() == null ? null : event.output().toString();
            String unstorable = StorableText.first(StorableText.check(event.error(), "error"),
                    StorableText.checkJson(output, "output"));
            if (unstorable != null) {
                return planner.unstorable(pending, unstorable);
            }
            ConversationState c = planner.conversation(event);
            Completion completion = new Completion(event.userId(), event.conversationId(), event.toolCallId(),
                    event.status().json(), output, event.error(), event.occurredAt());
            ToolCallRow fresh = c.newToolCalls.get(event.toolCallId());
            if (fresh != null) {
                if (!fresh.status.equals("pending")) {
                    return BatchPlanner.Outcome.DUPLICATE;
                }
                fresh.complete(completion);
            } else {
                String status = planner.storedToolCallStatus(c, event.toolCallId());
                if (status == null) {
                    return planner.reject(pending, DeadLetter.UNKNOWN_TOOL_CALL, "tool_call.completed names tool call '"
                            + event.toolCallId() + "', which conversation '" + event.conversationId() + "' of user '"
                            + event.userId() + "' never requested");
                }
                if (!status.equals("pending") || c.completionsOfStored.containsKey(event.toolCallId())) {
                    return BatchPlanner.Outcome.DUPLICATE;
                }
                c.completionsOfStored.put(event.toolCallId(), completion);
            }
            c.touch(event.occurredAt());
            return BatchPlanner.Outcome.APPLIED;
        }
    }
}
