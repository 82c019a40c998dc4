package dev.chatlog.testkit;

/** Where a JVM's test servers come from; chosen once by {@link ServerSelection}. */
public enum ServerSource {
    /** A Kafka broker in a child JVM and PostgreSQL from the embedded binaries, on free ports. */
    EMBEDDED,
    /** The {@code apache/kafka} and {@code postgres} images, run by Testcontainers on a Docker engine. */
    TESTCONTAINERS,
    /** Servers that are already running: {@code CHATLOG_TEST_KAFKA_BOOTSTRAP} and {@code CHATLOG_TEST_DB_URL}. */
    EXTERNAL
}
