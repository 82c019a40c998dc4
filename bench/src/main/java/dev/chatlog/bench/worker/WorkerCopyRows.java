package dev.chatlog.bench.worker;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds the benchmark's events into the rows the worker will end up storing, written as COPY
 * text files (one per table), so the raw COPY baseline loads exactly the same rows. Closing it
 * deletes the files.
 */
final class WorkerCopyRows implements AutoCloseable {

    private static final class Conversation {
        final String userId;
        final String id;
        final String title;
        final Instant createdAt;
        Instant lastActivityAt;
        int items;

        Conversation(String userId, String id, String title, Instant createdAt) {
            this.userId = userId;
            this.id = id;
            this.title = title;
            this.createdAt = createdAt;
            this.lastActivityAt = createdAt;
        }
    }

    private final Path directory;
    private final Writer messages;
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    private final Map<String, String[]> toolCalls = new LinkedHashMap<>();
    private final Map<String, Long> toolCallSeq = new HashMap<>();
    private long messageRows;

    WorkerCopyRows(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.messages = Files.newBufferedWriter(directory.resolve("messages.copy"), StandardCharsets.UTF_8);
    }

    void add(ChatEvent event) throws IOException {
        String key = event.userId() + "\u0001" + event.conversationId();
        switch (event) {
            case ConversationCreated e -> conversations.put(key,
                    new Conversation(e.userId(), e.conversationId(), e.title(), e.occurredAt()));
            case MessageCreated e -> {
                Conversation c = item(key, e);
                line(messages, e.userId(), e.conversationId(), Long.toString(c.items), e.messageId(), e.role().json(),
                        e.content(), e.occurredAt().toString());
                messageRows++;
            }
            case ToolCallRequested e -> {
                Conversation c = item(key, e);
                toolCalls.put(key + "\u0001" + e.toolCallId(), new String[] {e.userId(), e.conversationId(),
                        Long.toString(c.items), e.toolCallId(), null, e.name(), e.arguments().toString(), "pending",
                        null, null, e.occurredAt().toString(), null});
            }
            case ToolCallCompleted e -> {
                String[] row = toolCalls.get(key + "\u0001" + e.toolCallId());
                row[7] = e.status().json();
                row[8] = e.output() == null ? null : e.output().toString();
                row[9] = e.error();
                row[11] = e.occurredAt().toString();
                Conversation c = conversations.get(key);
                if (e.occurredAt().isAfter(c.lastActivityAt)) {
                    c.lastActivityAt = e.occurredAt();
                }
            }
            default -> throw new IllegalArgumentException("the benchmark does not generate " + event.type());
        }
    }

    private Conversation item(String key, ChatEvent e) {
        Conversation c = conversations.computeIfAbsent(key,
                k -> new Conversation(e.userId(), e.conversationId(), null, e.occurredAt()));
        c.items++;
        if (e.occurredAt().isAfter(c.lastActivityAt)) {
            c.lastActivityAt = e.occurredAt();
        }
        return c;
    }

    /** Writes the remaining files and returns the row count per table. */
    Map<String, Long> finish() throws IOException {
        messages.close();
        try (Writer w = Files.newBufferedWriter(directory.resolve("tool_calls.copy"), StandardCharsets.UTF_8)) {
            for (String[] row : toolCalls.values()) {
                line(w, row);
            }
        }
        try (Writer w = Files.newBufferedWriter(directory.resolve("conversations.copy"), StandardCharsets.UTF_8)) {
            for (Conversation c : conversations.values()) {
                line(w, c.userId, c.id, c.title, c.createdAt.toString(), c.lastActivityAt.toString(),
                        Integer.toString(c.items), null);
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("conversations", (long) conversations.size());
        rows.put("messages", messageRows);
        rows.put("tool_calls", (long) toolCalls.size());
        return rows;
    }

    Path file(String table) {
        return directory.resolve(table + ".copy");
    }

    private static void line(Writer w, String... columns) throws IOException {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                w.write('\t');
            }
            String v = columns[i];
            if (v == null) {
                w.write("\\N");
                continue;
            }
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                switch (ch) {
                    case '\\' -> w.write("\\\\");
                    case '\t' -> w.write("\\t");
                    case '\n' -> w.write("\\n");
                    case '\r' -> w.write("\\r");
                    default -> w.write(ch);
                }
            }
        }
        w.write('\n');
    }

    /** Closes the files and deletes them: they hold the whole run's rows, hundreds of megabytes. */
    @Override
    public void close() {
        try {
            messages.close();
            for (String table : new String[] {"conversations", "messages", "tool_calls"}) {
                Files.deleteIfExists(file(table));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
