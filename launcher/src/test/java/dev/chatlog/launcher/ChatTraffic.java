package dev.chatlog.launcher;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationDeleted;
import dev.chatlog.event.ConversationRenamed;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import dev.chatlog.event.UserErased;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Generates a deterministic mix of every event type, including retried duplicates. */
final class ChatTraffic {

    private final Random random;
    private final String prefix;
    private Instant clock = Instant.parse("2026-11-01T10:00:00Z");
    private int next;

    ChatTraffic(long seed, String prefix) {
        this.random = new Random(seed);
        this.prefix = prefix;
    }

    List<ChatEvent> events(int count, int users) {
        List<ChatEvent> events = new ArrayList<>();
        while (events.size() < count) {
            String user = prefix + "-user-" + random.nextInt(users);
            String conversation = prefix + "-conv-" + random.nextInt(users * 3);
            int kind = random.nextInt(100);
            if (kind < 55) {
                MessageCreated m = new MessageCreated(id(), user, conversation, tick(), "msg_" + (++next),
                        random.nextBoolean() ? Role.USER : Role.ASSISTANT, "content " + next);
                events.add(m);
                if (kind < 3) {
                    events.add(m); // a producer's retried duplicate
                }
            } else if (kind < 85) {
                String call = "call_" + (++next);
                events.add(new ToolCallRequested(id(), user, conversation, tick(), call, "add_task",
                        JsonNodeFactory.instance.objectNode().put("title", "task " + next), null));
                events.add(new ToolCallCompleted(id(), user, conversation, tick(), call, ToolCallStatus.OK,
                        JsonNodeFactory.instance.objectNode().put("id", next), null));
            } else if (kind < 95) {
                events.add(new ConversationRenamed(id(), user, conversation, tick(), "title " + next++));
            } else if (kind < 98) {
                events.add(new ConversationDeleted(id(), user, conversation, tick()));
            } else {
                events.add(new UserErased(id(), user, tick()));
            }
        }
        return events;
    }

    private Instant tick() {
        clock = clock.plusMillis(1 + random.nextInt(1000));
        return clock;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
