package dev.chatlog.bench.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic stream of realistic chat events for the benchmark: users open conversations of
 * a todo-list assistant and take turns; a user message is 20-400 characters, an assistant message
 * 100-2000, and about 30% of items are tool calls with JSON arguments and outputs. Each tool call
 * is completed a few events later. The same seed always yields the same stream.
 */
public final class SyntheticChat {

    private static final String[] WORDS = ("please add buy milk tomorrow morning task list remind me call mom "
            + "finish the report meeting at noon sure I added it to your tasks done what else can I help with "
            + "here are your open tasks priority high low normal due date project groceries weekend plan the trip "
            + "book flights renew passport schedule dentist appointment water plants pay rent review pull request")
            .split(" ");
    private static final String[] TOOLS = {"add_task", "list_tasks", "complete_task", "delete_task", "update_task"};

    private final Random random;
    private final int users;
    private final String text;
    private final ConversationState[] active;
    private final Deque<ToolCallCompleted> pendingCompletions = new ArrayDeque<>();
    private Instant clock = Instant.parse("2025-06-13T09:00:00Z");
    private long counter;

    /** A user's current conversation: a turn is a user message, 0-3 tool calls, an assistant message. */
    private static final class ConversationState {
        final String userId;
        String conversationId;
        boolean userSpoke;
        int toolCallsLeft;

        ConversationState(String userId) {
            this.userId = userId;
        }
    }

    public SyntheticChat(long seed, int users) {
        this.random = new Random(seed);
        this.users = users;
        this.active = new ConversationState[users];
        StringBuilder b = new StringBuilder(1 << 20);
        Random words = new Random(seed + 1);
        while (b.length() < (1 << 20)) {
            b.append(WORDS[words.nextInt(WORDS.length)]).append(words.nextInt(12) == 0 ? ". " : " ");
        }
        this.text = b.toString();
    }

    /** The next event. */
    public ChatEvent next() {
        clock = clock.plusMillis(1);
        counter++;
        if (!pendingCompletions.isEmpty() && random.nextInt(3) == 0) {
            return pendingCompletions.poll();
        }
        int u = random.nextInt(users);
        ConversationState c = active[u];
        if (c == null) {
            c = active[u] = new ConversationState(String.format("user%05d%s", u, Long.toString(u * 7919L, 36)));
        }
        if (c.conversationId == null || (!c.userSpoke && random.nextInt(25) == 0)) {
            c.conversationId = "conv_" + Long.toString(counter, 36) + "_" + u;
            c.userSpoke = false;
            return new ConversationCreated(id(), c.userId, c.conversationId, clock, slice(10, 60));
        }
        if (!c.userSpoke) {
            c.userSpoke = true;
            int dice = random.nextInt(100);
            c.toolCallsLeft = dice < 40 ? 0 : dice < 75 ? 1 : dice < 95 ? 2 : 3;
            return new MessageCreated(id(), c.userId, c.conversationId, clock, "msg_" + counter, Role.USER, slice(20, 400));
        }
        if (c.toolCallsLeft > 0) {
            c.toolCallsLeft--;
            return toolCall(c);
        }
        c.userSpoke = false;
        return new MessageCreated(id(), c.userId, c.conversationId, clock, "msg_" + counter, Role.ASSISTANT,
                slice(100, 2000));
    }

    private ToolCallRequested toolCall(ConversationState c) {
        String callId = "call_" + Long.toString(counter, 36) + "x" + random.nextInt(1_000_000);
        ObjectNode arguments = JsonNodeFactory.instance.objectNode()
                .put("title", slice(10, 80)).put("due_date", "2025-06-" + (10 + random.nextInt(18)))
                .put("priority", random.nextBoolean() ? "normal" : "high");
        boolean ok = random.nextInt(20) != 0;
        ObjectNode output = JsonNodeFactory.instance.objectNode().put("task_id", random.nextInt(100_000))
                .put("status", "created");
        ArrayNode tasks = output.putArray("tasks");
        for (int i = random.nextInt(8); i > 0; i--) {
            tasks.addObject().put("id", random.nextInt(100_000)).put("title", slice(10, 120)).put("done", random.nextBoolean());
        }
        pendingCompletions.add(new ToolCallCompleted(id(), c.userId, c.conversationId, clock.plusMillis(1 + random.nextInt(5)),
                callId, ok ? ToolCallStatus.OK : ToolCallStatus.ERROR, ok ? output : null, ok ? null : "task service unavailable"));
        return new ToolCallRequested(id(), c.userId, c.conversationId, clock, callId, TOOLS[random.nextInt(TOOLS.length)],
                arguments, null);
    }

    private String slice(int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        int from = random.nextInt(text.length() - length);
        return text.substring(from, from + length);
    }

    private String id() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
