package dev.chatlog.worker.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The start-up guard of the outbox store's commit hook: the versions of Kafka Streams whose commit
 * paths were read and found to flush the outbox store before they commit (worker/README.md, "The
 * outbox store and its commit hook"). Any other version is refused unless the operator says
 * otherwise; the {@link CommitGuard} still watches every commit.
 */
public final class KafkaStreamsVersion {

    /** Audited versions: add one only after reading its commit paths and running the worker's tests on it. */
    static final List<String> AUDITED = List.of("4.3.1");
    private static final String RESOURCE = "/kafka/kafka-streams-version.properties";

    private KafkaStreamsVersion() {
    }

    /** The version of the Kafka Streams library on the class path, or "unknown". */
    public static String running() {
        try (InputStream in = KafkaStreams.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Kafka Streams version", e);
        }
    }

    /**
     * Null when {@code version} is audited; otherwise the reason to refuse it, or, with
     * {@code allowUnaudited}, null as well (the caller logs a warning).
     */
    static String refusal(String version, boolean allowUnaudited) {
        if (AUDITED.contains(version) || allowUnaudited) {
            return null;
        }
        return "Kafka Streams " + version + " is not a version the worker was audited with ("
                + String.join(", ", AUDITED) + "): the outbox store relies on Kafka Streams flushing it before each"
                + " commit, through an interface that is not public API (worker/README.md, \"The outbox store and"
                + " its commit hook\"). Run an audited version, or set CHATLOG_KAFKA_STREAMS_UNAUDITED=true to run"
                + " this one anyway; the commit tripwire then stops the worker should a commit skip the flush";
    }

    /** Throws when the running version is neither audited nor allowed; true when it runs unaudited. */
    public static boolean check(boolean allowUnaudited) {
        String version = running();
        String refusal = refusal(version, allowUnaudited);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        return !AUDITED.contains(version);
    }
}
