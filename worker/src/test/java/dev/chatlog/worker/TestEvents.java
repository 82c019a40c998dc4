package dev.chatlog.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.ConversationDeleted;
import dev.chatlog.event.ConversationRenamed;
import dev.chatlog.event.EventJson;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import dev.chatlog.event.UserErased;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds events for tests, each one millisecond after the previous. */
public final class TestEvents {

    private Instant clock = Instant.parse("2025-06-13T09:00:00Z");

    public Instant now() {
        return clock;
    }

    private Instant next() {
        clock = clock.plusMillis(1);
        return clock;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    public ConversationCreated created(String user, String conversation, String title) {
        return new ConversationCreated(id(), user, conversation, next(), title);
    }

    public ConversationRenamed renamed(String user, String conversation, String title) {
        return new ConversationRenamed(id(), user, conversation, next(), title);
    }

    public ConversationDeleted deleted(String user, String conversation) {
        return new ConversationDeleted(id(), user, conversation, next());
    }

    public MessageCreated message(String user, String conversation, String messageId, String content) {
        return new MessageCreated(id(), user, conversation, next(), messageId, Role.USER, content);
    }

    public ToolCallRequested requested(String user, String conversation, String toolCallId) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("title", "Buy milk").put("priority", 2);
        return new ToolCallRequested(id(), user, conversation, next(), toolCallId, "add_task", arguments, null);
    }

    public ToolCallCompleted completed(String user, String conversation, String toolCallId) {
        ObjectNode output = JsonNodeFactory.instance.objectNode().put("task_id", 42);
        return new ToolCallCompleted(id(), user, conversation, next(), toolCallId, ToolCallStatus.OK, output, null);
    }

    public ToolCallCompleted failed(String user, String conversation, String toolCallId, String error) {
        return new ToolCallCompleted(id(), user, conversation, next(), toolCallId, ToolCallStatus.ERROR, null, error);
    }

    public UserErased erased(String user) {
        return new UserErased(id(), user, next());
    }

    public static byte[] key(ChatEvent event) {
        return event.userId().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(ChatEvent event) {
        return EventJson.write(event);
    }
}
