package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestServersTest {

    @TempDir
    Path temp;

    @Test
    void deletesADataDirectoryWithEverythingInIt() throws IOException {
        Path root = temp.resolve("chatlog-servers-1");
        Files.createDirectories(root.resolve("postgres/base/16384"));
        Files.createDirectories(root.resolve("kafka/data/topic-0"));
        Files.writeString(root.resolve("postgres/base/16384/1259"), "heap");
        Files.writeString(root.resolve("kafka/data/topic-0/00000000000000000000.log"), "records");
        Files.writeString(root.resolve("kafka/broker.log"), "log");

        TestServers.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(temp).exists();
    }

    @Test
    void deletingADirectoryThatIsGoneAlreadyIsNoError() {
        TestServers.deleteTree(temp.resolve("never-created"));

        assertThat(temp.resolve("never-created")).doesNotExist();
    }
}
