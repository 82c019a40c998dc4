package dev.chatlog.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The valid example of every event type, shipped in this jar under {@code dev/chatlog/schemas/v1/examples/}.
 * They tell one todo-list conversation of one user in topic order, so they also serve as demo data.
 */
public final class EventExamples {

    static final String DIRECTORY = EventSchemas.RESOURCE_DIRECTORY + "examples/";

    static final List<String> NAMES = List.of(
            "conversation.created.json",
            "message.created.json",
            "message.created.assistant.json",
            "tool_call.requested.json",
            "tool_call.completed.json",
            "tool_call.requested.list_tasks.json",
            "tool_call.completed.list_tasks.json",
            "tool_call.requested.complete_task.json",
            "tool_call.completed.error.json",
            "conversation.renamed.json",
            "conversation.deleted.json",
            "user.erased.json");

    private EventExamples() {
    }

    /** Every valid example by file name, in topic order; a fresh copy on each call. */
    public static SequencedMap<String, byte[]> valid() {
        SequencedMap<String, byte[]> examples = new LinkedHashMap<>();
        for (String name : NAMES) {
            examples.put(name, read(DIRECTORY + name));
        }
        return examples;
    }

    private static byte[] read(String resource) {
        try (InputStream in = EventExamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("example " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read example " + resource, e);
        }
    }
}
