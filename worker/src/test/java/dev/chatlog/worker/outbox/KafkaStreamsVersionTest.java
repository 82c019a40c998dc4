package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaStreamsVersionTest {

    /**
     * Fails when the Kafka Streams dependency changes: audit the new version's commit paths (does
     * every commit still call {@code flushCache()} on the outbox store first?) before adding it to
     * {@link KafkaStreamsVersion#AUDITED}.
     */
    @Test
    void theKafkaStreamsOnTheClassPathIsAnAuditedVersion() {
        assertThat(KafkaStreamsVersion.running()).isIn(KafkaStreamsVersion.AUDITED);
        assertThat(KafkaStreamsVersion.check(false)).as("runs unaudited").isFalse();
    }

    @Test
    void refusesAVersionNobodyAuditedAndNamesTheSettingThatOverridesIt() {
        assertThat(KafkaStreamsVersion.refusal("9.0.0", false))
                .contains("Kafka Streams 9.0.0 is not a version the worker was audited with (4.3.1)")
                .contains("CHATLOG_KAFKA_STREAMS_UNAUDITED=true");
    }

    @Test
    void runsAnUnauditedVersionWhenTheOperatorAllowsIt() {
        assertThat(KafkaStreamsVersion.refusal("9.0.0", true)).isNull();
        assertThat(KafkaStreamsVersion.refusal("4.3.1", false)).isNull();
    }

    @Test
    void anUnknownVersionIsRefusedToo() {
        assertThat(KafkaStreamsVersion.refusal("unknown", false)).contains("Kafka Streams unknown is not");
    }
}
