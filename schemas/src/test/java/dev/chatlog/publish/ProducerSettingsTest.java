package dev.chatlog.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void makesTheProducerIdempotentWithAcksAll() {
        Map<String, Object> settings = ProducerSettings.of("broker:9092", new Properties());

        assertThat(settings).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    @Test
    void keepsExtraSettingsAndAgreeingValues() {
        Properties extra = new Properties();
        extra.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        extra.put(ProducerConfig.ACKS_CONFIG, "-1");
        extra.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        Map<String, Object> settings = ProducerSettings.of("broker:9092", extra);

        assertThat(settings).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5").containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void rejectsEverySettingThatWouldBreakTheGuaranteesAtOnce() {
        Properties extra = new Properties();
        extra.put(ProducerConfig.ACKS_CONFIG, "1");
        extra.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        extra.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        extra.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "other:9092");

        assertThatThrownBy(() -> ProducerSettings.of("broker:9092", extra))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value '1' for acks: the chat event publisher requires all")
                .hasMessageContaining("Invalid value 'false' for enable.idempotence: the chat event publisher requires true")
                .hasMessageContaining("Invalid value '" + StringSerializer.class.getName() + "' for key.serializer")
                .hasMessageContaining("Invalid value 'other:9092' for bootstrap.servers");
    }
}
