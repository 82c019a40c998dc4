package dev.chatlog.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Kafka broker and PostgreSQL versions of a test run, as the build recorded them in
 * {@code server-versions.properties}: by default the clients' Kafka version and the embedded
 * binaries' PostgreSQL, other versions in the compat profile. The container images are those
 * versions; docker-compose.yml uses the default ones (a test compares them).
 */
public final class ServerVersions {

    private static final Properties VERSIONS = load();

    private ServerVersions() {
    }

    /** The Kafka broker version, for example {@code 4.3.1}. */
    public static String kafka() {
        return VERSIONS.getProperty("kafka");
    }

    /** The PostgreSQL version as the server reports it, for example {@code 17.6}. */
    public static String postgres() {
        // the binaries' artifact version appends a packaging revision: 17.6.0 is PostgreSQL 17.6
        String[] parts = VERSIONS.getProperty("postgres").split("\\.");
        return parts[0] + "." + parts[1];
    }

    public static String kafkaImage() {
        return "apache/kafka:" + kafka();
    }

    public static String postgresImage() {
        return "postgres:" + postgres();
    }

    private static Properties load() {
        try (InputStream in = ServerVersions.class.getResourceAsStream("server-versions.properties")) {
            Properties versions = new Properties();
            versions.load(in);
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read server-versions.properties", e);
        }
    }
}
