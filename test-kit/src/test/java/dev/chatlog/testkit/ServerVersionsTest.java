package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

class ServerVersionsTest {

    private static final Pattern IMAGE = Pattern.compile("^\\s*image:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

    @Test
    void theDefaultBrokerIsTheClientsVersion() {
        assertThat(ServerVersions.kafka()).isEqualTo(AppInfoParser.getVersion());
        assertThat(ServerVersions.kafkaImage()).isEqualTo("apache/kafka:" + ServerVersions.kafka());
    }

    @Test
    void thePostgresVersionIsMajorAndMinorOfTheEmbeddedBinaries() {
        assertThat(ServerVersions.postgres()).matches("1[5-9]\\.\\d+");
        assertThat(ServerVersions.postgresImage()).isEqualTo("postgres:" + ServerVersions.postgres());
    }

    @Test
    void dockerComposeRunsTheImagesOfTheTestServers() throws IOException {
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        Matcher images = IMAGE.matcher(compose);
        List<String> found = images.results().map(m -> m.group(1)).toList();

        assertThat(found).containsExactlyInAnyOrder(ServerVersions.kafkaImage(), ServerVersions.postgresImage());
    }

    @Test
    void containerSettingsAreTheKafkaImagesVariables() {
        assertThat(ContainerServers.environmentName("transaction.state.log.min.isr"))
                .isEqualTo("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
        assertThat(KafkaBroker.clusterSettings())
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("auto.create.topics.enable", "false");
    }
}
