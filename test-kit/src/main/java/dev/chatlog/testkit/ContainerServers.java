package dev.chatlog.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL in containers, for machines with a Docker engine: the images of
 * {@link ServerVersions}, with the broker and database settings of the embedded servers, so a test
 * cannot tell which it got. Compiled in every build; run only where Docker answers.
 */
final class ContainerServers implements AutoCloseable {

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private ContainerServers(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static ContainerServers start() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(ServerVersions.kafkaImage()));
        KafkaBroker.clusterSettings().forEach((key, value) -> kafka.withEnv(environmentName(key), value));
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(ServerVersions.postgresImage()))
                .withDatabaseName("postgres")
                .withUsername(PostgresServer.SUPERUSER)
                .withPassword(PostgresServer.SUPERUSER)
                .withCommand(postgresCommand());
        ContainerServers servers = new ContainerServers(kafka, postgres);
        try {
            List.of(kafka, postgres).parallelStream().forEach(container -> container.start());
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    /** The apache/kafka image reads {@code KAFKA_*} variables: {@code log.dirs} becomes {@code KAFKA_LOG_DIRS}. */
    static String environmentName(String brokerSetting) {
        return "KAFKA_" + brokerSetting.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String[] postgresCommand() {
        List<String> command = new ArrayList<>(List.of("postgres"));
        for (Map.Entry<String, String> setting : PostgresServer.serverSettings().entrySet()) {
            if (!setting.getKey().equals("listen_addresses")) {
                command.addAll(List.of("-c", setting.getKey() + "=" + setting.getValue()));
            }
        }
        return command.toArray(String[]::new);
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String adminJdbcUrl() {
        return postgres.getJdbcUrl();
    }

    String user() {
        return postgres.getUsername();
    }

    String password() {
        return postgres.getPassword();
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
