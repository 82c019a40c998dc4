package dev.chatlog.worker;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.ConversationDeleted;
import dev.chatlog.event.ConversationRenamed;
import dev.chatlog.event.EventParser;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.ParseResult;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.UserErased;
import dev.chatlog.worker.ChatTables.Conversation;
import dev.chatlog.worker.ChatTables.Message;
import dev.chatlog.worker.ChatTables.ToolCall;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The reference implementation the tests compare the database with: it folds the records read
 * back from the topic, one at a time in offset order per partition, the plainest way possible.
 */
public final class ChatModel {

    private static final EventParser PARSER = new EventParser();

    private final ChatTables tables = ChatTables.empty();
    private final Map<String, String> messageIds = new HashMap<>();
    private final Map<String, String> toolCallIds = new HashMap<>();
    /** Per source offset ("partition@offset"), the dead-letter reason the worker must give it. */
    private final Map<String, String> deadLetters = new TreeMap<>();
    /** Per partition, one past the offset of its last valid event. */
    private final Map<Integer, Long> nextOffsets = new TreeMap<>();

    /** Folds {@code records}, which must be in offset order within each partition. */
    public static ChatModel of(List<ConsumerRecord<byte[], byte[]>> records) {
        ChatModel model = new ChatModel();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String where = r.partition() + "@" + r.offset();
            switch (PARSER.parse(r.key(), r.value())) {
                case ParseResult.Rejected rejected -> model.deadLetters.put(where, rejected.reason().code());
                case ParseResult.Parsed parsed -> {
                    model.nextOffsets.put(r.partition(), r.offset() + 1);
                    if (!model.apply(parsed.event())) {
                        model.deadLetters.put(where, "unknown-tool-call");
                    }
                }
            }
        }
        return model;
    }

    public ChatTables tables() {
        return tables;
    }

    public Map<String, String> deadLetters() {
        return deadLetters;
    }

    public Map<Integer, Long> nextOffsets() {
        return nextOffsets;
    }

    /** Applies one event; false when it names a tool call that does not exist. */
    private boolean apply(ChatEvent event) {
        String convKey = event.userId() + "/" + event.conversationId();
        Conversation c = tables.conversations().get(convKey);
        switch (event) {
            case UserErased e -> erase(e.userId());
            case ConversationCreated e -> {
                if (c == null) {
                    put(new Conversation(e.userId(), e.conversationId(), e.title(), e.occurredAt(), e.occurredAt(), 0, null));
                }
            }
            case ConversationRenamed e -> {
                c = c != null ? c : create(e);
                put(new Conversation(c.userId(), c.conversationId(), e.title(), c.createdAt(), c.lastActivityAt(),
                        c.itemCount(), c.deletedAt()));
            }
            case ConversationDeleted e -> {
                c = c != null ? c : create(e);
                if (c.deletedAt() == null) {
                    put(new Conversation(c.userId(), c.conversationId(), c.title(), c.createdAt(), c.lastActivityAt(),
                            c.itemCount(), e.occurredAt()));
                }
            }
            case MessageCreated e -> {
                String idKey = convKey + "/" + e.messageId();
                if (!messageIds.containsKey(idKey)) {
                    c = advance(c != null ? c : create(e), e.occurredAt());
                    messageIds.put(idKey, idKey);
                    Message m = new Message(e.userId(), e.conversationId(), c.itemCount(), e.messageId(), e.role().json(),
                            e.content(), e.occurredAt());
                    tables.messages().put(m.key(), m);
                }
            }
            case ToolCallRequested e -> {
                String idKey = convKey + "/" + e.toolCallId();
                if (!toolCallIds.containsKey(idKey)) {
                    c = advance(c != null ? c : create(e), e.occurredAt());
                    ToolCall t = new ToolCall(e.userId(), e.conversationId(), c.itemCount(), e.toolCallId(), e.messageId(),
                            e.name(), e.arguments(), "pending", null, null, e.occurredAt(), null);
                    toolCallIds.put(idKey, t.key());
                    tables.toolCalls().put(t.key(), t);
                }
            }
            case ToolCallCompleted e -> {
                String rowKey = toolCallIds.get(convKey + "/" + e.toolCallId());
                if (rowKey == null) {
                    return false;
                }
                ToolCall t = tables.toolCalls().get(rowKey);
                if (t.status().equals("pending")) {
                    tables.toolCalls().put(rowKey, new ToolCall(t.userId(), t.conversationId(), t.seq(), t.toolCallId(),
                            t.messageId(), t.name(), t.arguments(), e.status().json(), e.output(), e.error(),
                            t.requestedAt(), e.occurredAt()));
                    Conversation now = tables.conversations().get(convKey);
                    put(new Conversation(now.userId(), now.conversationId(), now.title(), now.createdAt(),
                            later(now.lastActivityAt(), e.occurredAt()), now.itemCount(), now.deletedAt()));
                }
            }
        }
        return true;
    }

    private Conversation create(ChatEvent e) {
        return new Conversation(e.userId(), e.conversationId(), null, e.occurredAt(), e.occurredAt(), 0, null);
    }

    private Conversation advance(Conversation c, Instant at) {
        Conversation next = new Conversation(c.userId(), c.conversationId(), c.title(), c.createdAt(),
                later(c.lastActivityAt(), at), c.itemCount() + 1, c.deletedAt());
        put(next);
        return next;
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    private void put(Conversation c) {
        tables.conversations().put(c.key(), c);
    }

    private void erase(String userId) {
        String prefix = userId + "/";
        tables.conversations().keySet().removeIf(k -> k.startsWith(prefix));
        tables.messages().keySet().removeIf(k -> k.startsWith(prefix));
        tables.toolCalls().keySet().removeIf(k -> k.startsWith(prefix));
        messageIds.keySet().removeIf(k -> k.startsWith(prefix));
        toolCallIds.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
