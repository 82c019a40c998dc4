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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A deterministic stream of chat events over many users: messages, tool calls and their
 * completions, renames, deletions, producer retries (the same event twice), completions of
 * unknown tool calls, an occasional erasure, and, when asked, invalid records of every kind.
 */
public final class EventScript {

    private final Random random;
    private final List<User> users = new ArrayList<>();
    private final List<byte[][]> sent = new ArrayList<>();
    private final boolean badRecords;
    private Instant clock = Instant.parse("2025-06-13T09:00:00Z");
    private int counter;

    private static final class User {
        final String id;
        final List<Conversation> conversations = new ArrayList<>();

        User(String id) {
            this.id = id;
        }
    }

    private static final class Conversation {
        final String id;
        final List<String> pendingToolCalls = new ArrayList<>();

        Conversation(String id) {
            this.id = id;
        }
    }

    public EventScript(long seed, int userCount, boolean badRecords) {
        this.random = new Random(seed);
        this.badRecords = badRecords;
        for (int i = 0; i < userCount; i++) {
            users.add(new User("user-" + i + "-" + Long.toString(seed, 36)));
        }
    }

    /** The next {@code n} records, keyed by user id. */
    public List<ProducerRecord<byte[], byte[]>> next(String topic, int n) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[][] kv = nextRecord();
            sent.add(kv);
            out.add(new ProducerRecord<>(topic, kv[0], kv[1]));
        }
        return out;
    }

    private byte[][] nextRecord() {
        int dice = random.nextInt(1000);
        if (badRecords && dice < 10) {
            return BadRecords.of(dice % BadRecords.KINDS, users.get(random.nextInt(users.size())).id);
        }
        if (dice < 60 && !sent.isEmpty()) {
            return sent.get(random.nextInt(sent.size()));
        }
        return record(event(users.get(random.nextInt(users.size())), dice));
    }

    private ChatEvent event(User u, int dice) {
        clock = clock.plusMillis(1 + random.nextInt(50));
        String id = UUID.nameUUIDFromBytes(Long.toString(counter++).getBytes(StandardCharsets.UTF_8)).toString();
        if (u.conversations.isEmpty() || dice < 100) {
            Conversation c = new Conversation("conv-" + counter);
            u.conversations.add(c);
            return dice % 2 == 0 ? new ConversationCreated(id, u.id, c.id, clock, "Chat " + counter)
                    : message(id, u, c);
        }
        Conversation c = u.conversations.get(random.nextInt(u.conversations.size()));
        if (dice < 120) {
            return new ConversationRenamed(id, u.id, c.id, clock, "Renamed " + counter);
        }
        if (dice < 128) {
            return new ConversationDeleted(id, u.id, c.id, clock);
        }
        if (dice < 130) {
            u.conversations.clear();
            return new UserErased(id, u.id, clock);
        }
        if (dice < 135) {
            return new ToolCallCompleted(id, u.id, c.id, clock, "call_unknown_" + counter, ToolCallStatus.ERROR, null,
                    "no such call");
        }
        if (dice < 300) {
            String call = "call_" + counter;
            c.pendingToolCalls.add(call);
            ObjectNode args = JsonNodeFactory.instance.objectNode().put("title", "task " + counter).put("n", counter);
            return new ToolCallRequested(id, u.id, c.id, clock, call, "add_task", args, null);
        }
        if (dice < 450 && !c.pendingToolCalls.isEmpty()) {
            String call = c.pendingToolCalls.remove(random.nextInt(c.pendingToolCalls.size()));
            return random.nextBoolean()
                    ? new ToolCallCompleted(id, u.id, c.id, clock, call, ToolCallStatus.OK,
                            JsonNodeFactory.instance.objectNode().put("task_id", counter), null)
                    : new ToolCallCompleted(id, u.id, c.id, clock, call, ToolCallStatus.ERROR, null, "failed " + counter);
        }
        return message(id, u, c);
    }

    private MessageCreated message(String id, User u, Conversation c) {
        Role role = Role.values()[random.nextInt(2)];
        return new MessageCreated(id, u.id, c.id, clock, "msg_" + counter, role,
                "text " + counter + " " + "lorem ipsum ".repeat(random.nextInt(20)));
    }

    private static byte[][] record(ChatEvent e) {
        return new byte[][] {e.userId().getBytes(StandardCharsets.UTF_8), EventJson.write(e)};
    }
}
