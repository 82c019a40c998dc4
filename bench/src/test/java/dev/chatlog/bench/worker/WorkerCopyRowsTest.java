package dev.chatlog.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCopyRowsTest {

    private static final Instant T = Instant.parse("2025-06-13T09:00:00Z");

    @TempDir
    Path temp;

    @Test
    void writesOneCopyFilePerTableAndDeletesThemWhenClosed() throws Exception {
        Path messages;
        try (WorkerCopyRows rows = new WorkerCopyRows(temp)) {
            rows.add(new ConversationCreated("e1", "u1", "c1", T, "Plans"));
            rows.add(new MessageCreated("e2", "u1", "c1", T.plusSeconds(1), "m1", Role.USER, "tab\\there"));
            rows.add(new MessageCreated("e3", "u1", "c1", T.plusSeconds(2), "m2", Role.ASSISTANT, "ok"));

            assertThat(rows.finish()).isEqualTo(Map.of("conversations", 1L, "messages", 2L, "tool_calls", 0L));
            messages = rows.file("messages");
            assertThat(Files.readAllLines(messages)).hasSize(2).first().asString().contains("tab\\\\there");
            assertThat(Files.readString(rows.file("conversations"))).contains("Plans").contains("\t2\t");
        }

        assertThat(messages).doesNotExist();
        assertThat(temp.resolve("conversations.copy")).doesNotExist();
        assertThat(temp.resolve("tool_calls.copy")).doesNotExist();
    }
}
