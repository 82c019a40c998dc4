package dev.chatlog.worker.topology;

import dev.chatlog.worker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the input and dead-letter topics when missing: the configured partition count, and
 * records kept forever ({@code retention.ms=-1}), because the input topic is the history a rebuild
 * replays and dead letters wait for an operator. Warns when an existing input topic deletes history.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    /** Room for a maximal event plus the outbox's framing or the dead-letter headers. */
    static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {
    }

    /** Creates what is missing and returns warnings about what exists, each also logged. */
    public static List<String> ensure(Admin admin, WorkerConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : List.of(config.topic(), config.deadLetterTopic())) {
            if (!existing.contains(topic)) {
                missing.add(newTopic(topic, config));
            }
        }
        create(admin, missing);
        List<String> warnings = new ArrayList<>();
        if (existing.contains(config.topic())) {
            warnings.addAll(inspect(admin, config));
        }
        warnings.forEach(log::warn);
        return warnings;
    }

    private static NewTopic newTopic(String name, WorkerConfig config) {
        Optional<Short> replication = config.topicReplicationFactor() < 0 ? Optional.empty()
                : Optional.of((short) config.topicReplicationFactor());
        return new NewTopic(name, Optional.of(config.topicPartitions()), replication).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
    }

    private static void create(Admin admin, Collection<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (var e : admin.createTopics(topics).values().entrySet()) {
            try {
                e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("created topic {}", e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
    }

    private static List<String> inspect(Admin admin, WorkerConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        String topic = config.topic();
        List<String> warnings = new ArrayList<>();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        String policy = value(topicConfig, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        if (policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            long retentionMs = Long.parseLong(value(topicConfig, TopicConfig.RETENTION_MS_CONFIG, "-1"));
            long retentionBytes = Long.parseLong(value(topicConfig, TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
            if (retentionMs >= 0) {
                warnings.add("Topic " + topic + " deletes events older than " + retentionMs + " ms (retention.ms): "
                        + "the history it holds cannot be replayed into fresh tables; set retention.ms=-1");
            }
            if (retentionBytes >= 0) {
                warnings.add("Topic " + topic + " deletes events beyond " + retentionBytes + " bytes per partition "
                        + "(retention.bytes): the history cannot be replayed into fresh tables; set retention.bytes=-1");
            }
        }
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        if (description.partitions().size() != config.topicPartitions()) {
            log.info("topic {} has {} partitions (CHATLOG_TOPIC_PARTITIONS={} applies only to topics the worker creates)",
                    topic, description.partitions().size(), config.topicPartitions());
        }
        return warnings;
    }

    /** The partition count of {@code topic}. */
    public static int partitions(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    private static String value(Config config, String name, String otherwise) {
        var entry = config.get(name);
        return entry == null || entry.value() == null ? otherwise : entry.value();
    }
}
