package dev.chatlog.config;

/** The Kafka settings every component that touches the topics shares: one name and one default each. */
public enum KafkaSetting implements Setting {
    BOOTSTRAP_SERVERS("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", ValueType.text(),
            "Kafka bootstrap servers, host:port[,host:port...]"),
    TOPIC("CHATLOG_TOPIC", "chat.events", ValueType.topic(), "input topic of chat events"),
    DLQ_TOPIC("CHATLOG_DLQ_TOPIC", "chat.events.dlq", ValueType.topic(), "dead-letter topic");

    private final Definition definition;

    KafkaSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
