package dev.chatlog.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer settings of the publisher: the caller's extra properties plus the ones the
 * contract needs (idempotence, acks=all, byte-array serializers). A conflicting extra is an error,
 * never silently overridden.
 */
final class ProducerSettings {

    private ProducerSettings() {
    }

    static Map<String, Object> of(String bootstrapServers, Properties extra) {
        Map<String, Object> settings = new HashMap<>();
        extra.forEach((key, value) -> settings.put(String.valueOf(key), value));
        List<String> problems = new ArrayList<>();
        require(settings, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, bootstrapServers::equals, problems);
        require(settings, ProducerConfig.ACKS_CONFIG, "all", v -> v.equals("all") || v.equals("-1"), problems);
        require(settings, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", v -> v.equalsIgnoreCase("true"), problems);
        String serializer = ByteArraySerializer.class.getName();
        require(settings, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializer, serializer::equals, problems);
        require(settings, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer, serializer::equals, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return settings;
    }

    private static void require(Map<String, Object> settings, String name, String required,
                                Predicate<String> accepts, List<String> problems) {
        Object given = settings.get(name);
        String text = given instanceof Class<?> type ? type.getName() : given == null ? null : String.valueOf(given).trim();
        if (text != null && !accepts.test(text)) {
            problems.add("Invalid value '" + text + "' for " + name + ": the chat event publisher requires " + required);
        }
        settings.put(name, required);
    }
}
