package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path temp;

    @Test
    void aBrokerJarDirectoryReplacesThisJvmsClassPathKeepingBrokerMain() throws IOException {
        for (String jar : List.of("kafka_2.13-3.9.1.jar", "kafka-clients-3.9.1.jar", "notes.txt")) {
            Files.writeString(temp.resolve(jar), "");
        }

        List<String> entries = List.of(KafkaBroker.brokerClassPath(temp.toString()).split(File.pathSeparator));

        assertThat(entries).containsExactly(
                temp.resolve("kafka-clients-3.9.1.jar").toString(),
                temp.resolve("kafka_2.13-3.9.1.jar").toString(),
                Path.of("target", "classes").toAbsolutePath().toString());
    }

    @Test
    void theBrokerStartsFastUnlessItsJvmOptionsAreGiven() {
        String before = System.clearProperty(KafkaBroker.JVM_OPTIONS_PROPERTY);
        try {
            assertThat(KafkaBroker.jvmOptions()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            System.setProperty(KafkaBroker.JVM_OPTIONS_PROPERTY, " " + KafkaBroker.PRODUCTION_JVM_OPTIONS + " ");
            assertThat(KafkaBroker.jvmOptions()).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35");
        } finally {
            if (before == null) {
                System.clearProperty(KafkaBroker.JVM_OPTIONS_PROPERTY);
            } else {
                System.setProperty(KafkaBroker.JVM_OPTIONS_PROPERTY, before);
            }
        }
    }

    @Test
    void withoutADirectoryTheBrokerRunsOnThisJvmsClassPath() {
        assertThat(KafkaBroker.brokerClassPath(null).split(File.pathSeparator))
                .hasSameSizeAs(System.getProperty("java.class.path").split(File.pathSeparator))
                .allMatch(entry -> Path.of(entry).isAbsolute());
    }

    @Test
    void aDirectoryWithTwoBrokerVersionsIsRejected() throws IOException {
        Files.writeString(temp.resolve("kafka_2.13-3.9.1.jar"), "");
        Files.writeString(temp.resolve("kafka_2.13-4.3.1.jar"), "");

        assertThatThrownBy(() -> KafkaBroker.brokerClassPath(temp.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several Kafka broker jars");
    }

    @Test
    void aDirectoryWithoutABrokerJarIsRejected() throws IOException {
        Files.writeString(temp.resolve("kafka-clients-4.3.1.jar"), "");

        assertThatThrownBy(() -> KafkaBroker.brokerClassPath(temp.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Kafka broker jar")
                .hasMessageContaining("chatlog.test.broker.classpath");
    }
}
