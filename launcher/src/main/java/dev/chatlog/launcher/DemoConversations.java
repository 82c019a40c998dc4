package dev.chatlog.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A few todo-chatbot conversations for two users, published by dev mode. */
final class DemoConversations {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String ALICE_GROCERIES = "conv-alice-groceries";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ChatEvent> events = new ArrayList<>();
    private Instant clock;
    private int ids;

    private DemoConversations(Instant start) {
        this.clock = start;
    }

    static List<ChatEvent> events(Instant start) {
        DemoConversations demo = new DemoConversations(start);
        demo.aliceGroceries();
        demo.aliceWeek();
        demo.bobChores();
        return List.copyOf(demo.events);
    }

    private void aliceGroceries() {
        String c = ALICE_GROCERIES;
        created(ALICE, c, "Groceries");
        say(ALICE, c, Role.USER, "Add buy milk and call the plumber to my list.");
        String m = say(ALICE, c, Role.ASSISTANT, "Adding both tasks.");
        call(ALICE, c, m, "add_task", "{\"title\":\"Buy milk\"}", "{\"id\":1,\"title\":\"Buy milk\",\"done\":false}");
        call(ALICE, c, m, "add_task", "{\"title\":\"Call the plumber\"}",
                "{\"id\":2,\"title\":\"Call the plumber\",\"done\":false}");
        say(ALICE, c, Role.ASSISTANT, "Done: \"Buy milk\" (#1) and \"Call the plumber\" (#2) are on your list.");
        say(ALICE, c, Role.USER, "I bought the milk.");
        String m2 = say(ALICE, c, Role.ASSISTANT, "Marking it complete.");
        call(ALICE, c, m2, "complete_task", "{\"id\":1}", "{\"id\":1,\"title\":\"Buy milk\",\"done\":true}");
        say(ALICE, c, Role.ASSISTANT, "\"Buy milk\" is done. One task left: \"Call the plumber\".");
    }

    private void aliceWeek() {
        String c = "conv-alice-week";
        created(ALICE, c, "What's left this week");
        say(ALICE, c, Role.USER, "What is still open?");
        String m = say(ALICE, c, Role.ASSISTANT, "Let me look.");
        call(ALICE, c, m, "list_tasks", "{\"status\":\"open\"}",
                "[{\"id\":2,\"title\":\"Call the plumber\",\"done\":false}]");
        say(ALICE, c, Role.ASSISTANT, "You have one open task: \"Call the plumber\" (#2).");
    }

    private void bobChores() {
        String c = "conv-bob-chores";
        created(BOB, c, "Chores");
        say(BOB, c, Role.USER, "Remind me to water the plants and take out the trash.");
        String m = say(BOB, c, Role.ASSISTANT, "Adding them now.");
        call(BOB, c, m, "add_task", "{\"title\":\"Water the plants\"}",
                "{\"id\":1,\"title\":\"Water the plants\",\"done\":false}");
        call(BOB, c, m, "add_task", "{\"title\":\"Take out the trash\"}",
                "{\"id\":2,\"title\":\"Take out the trash\",\"done\":false}");
        say(BOB, c, Role.ASSISTANT, "Both are on your list.");
        say(BOB, c, Role.USER, "Trash is out. What's left?");
        String m2 = say(BOB, c, Role.ASSISTANT, "Updating your list.");
        call(BOB, c, m2, "complete_task", "{\"id\":2}", "{\"id\":2,\"title\":\"Take out the trash\",\"done\":true}");
        call(BOB, c, m2, "list_tasks", "{\"status\":\"open\"}",
                "[{\"id\":1,\"title\":\"Water the plants\",\"done\":false}]");
        say(BOB, c, Role.ASSISTANT, "Nice. Only \"Water the plants\" is left.");
    }

    private void created(String user, String conversation, String title) {
        events.add(new ConversationCreated(eventId(), user, conversation, tick(), title));
    }

    private String say(String user, String conversation, Role role, String content) {
        String messageId = "msg_" + conversation + "_" + (++ids);
        events.add(new MessageCreated(eventId(), user, conversation, tick(), messageId, role, content));
        return messageId;
    }

    private void call(String user, String conversation, String messageId, String name, String arguments,
            String output) {
        String callId = "call_" + conversation.replace('-', '_') + "_" + (++ids);
        events.add(new ToolCallRequested(eventId(), user, conversation, tick(), callId, name, json(arguments),
                messageId));
        events.add(new ToolCallCompleted(eventId(), user, conversation, tick(), callId, ToolCallStatus.OK,
                json(output), null));
    }

    private Instant tick() {
        clock = clock.plusSeconds(2);
        return clock;
    }

    private static String eventId() {
        return UUID.randomUUID().toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("demo JSON is malformed: " + text, e);
        }
    }
}
