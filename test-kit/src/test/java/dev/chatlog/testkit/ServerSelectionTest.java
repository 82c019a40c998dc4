package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.testkit.ServerSelection.Choice;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerSelectionTest {

    /** A probe with a fixed answer that counts how often it was asked. */
    private static final class FakeDocker implements DockerProbe {
        final boolean available;
        final AtomicInteger asked = new AtomicInteger();

        FakeDocker(boolean available) {
            this.available = available;
        }

        @Override
        public boolean dockerAvailable() {
            asked.incrementAndGet();
            return available;
        }
    }

    private static final Map<String, String> EXTERNAL_SERVERS = Map.of(
            "CHATLOG_TEST_KAFKA_BOOTSTRAP", "kafka:9092",
            "CHATLOG_TEST_DB_URL", "jdbc:postgresql://db:5432/postgres");

    @Test
    void autoTakesTestcontainersWhenDockerAnswers() {
        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "auto"), new FakeDocker(true)))
                .isEqualTo(ServerSource.TESTCONTAINERS);
    }

    @Test
    void autoTakesEmbeddedServersWithoutDocker() {
        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "auto"), new FakeDocker(false)))
                .isEqualTo(ServerSource.EMBEDDED);
    }

    @Test
    void anUnsetSettingMeansAuto() {
        assertThat(ServerSelection.choose(Map.of(), new FakeDocker(true))).isEqualTo(ServerSource.TESTCONTAINERS);
        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", " "), new FakeDocker(false)))
                .isEqualTo(ServerSource.EMBEDDED);
    }

    /**
     * Each value of the setting, written in any case, is taken; the switch has no default, so a new
     * choice does not compile until this test says what it selects.
     */
    @ParameterizedTest
    @EnumSource(Choice.class)
    void everyChoiceIsAcceptedInAnyCase(Choice choice) {
        Map<String, String> env = new HashMap<>(choice == Choice.EXTERNAL ? EXTERNAL_SERVERS : Map.of());
        env.put("CHATLOG_TEST_SERVERS", " " + choice.value().toUpperCase(Locale.ROOT) + " ");
        ServerSource expected = switch (choice) {
            case AUTO, TESTCONTAINERS -> ServerSource.TESTCONTAINERS;
            case EMBEDDED -> ServerSource.EMBEDDED;
            case EXTERNAL -> ServerSource.EXTERNAL;
        };

        assertThat(ServerSelection.choose(env, new FakeDocker(true))).isEqualTo(expected);
        assertThat(Choice.parse(choice.value())).isEqualTo(choice);
    }

    @Test
    void embeddedNeverAsksForDocker() {
        FakeDocker docker = new FakeDocker(true);

        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "embedded"), docker))
                .isEqualTo(ServerSource.EMBEDDED);
        assertThat(docker.asked).hasValue(0);
    }

    @Test
    void embeddedIsTakenWithoutDockerToo() {
        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "embedded"), new FakeDocker(false)))
                .isEqualTo(ServerSource.EMBEDDED);
    }

    @Test
    void testcontainersIsTakenWhenDockerAnswers() {
        assertThat(ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "Testcontainers"), new FakeDocker(true)))
                .isEqualTo(ServerSource.TESTCONTAINERS);
    }

    @Test
    void testcontainersWithoutDockerFailsNamingTheSetting() {
        assertThatThrownBy(() -> ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "testcontainers"),
                new FakeDocker(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHATLOG_TEST_SERVERS=testcontainers")
                .hasMessageContaining("no Docker engine");
    }

    @Test
    void externalTakesBothServersFromTheEnvironmentWithoutAskingForDocker() {
        FakeDocker docker = new FakeDocker(true);
        Map<String, String> env = new HashMap<>(EXTERNAL_SERVERS);
        env.put("CHATLOG_TEST_SERVERS", "external");

        assertThat(ServerSelection.choose(env, docker)).isEqualTo(ServerSource.EXTERNAL);
        assertThat(docker.asked).hasValue(0);
    }

    @Test
    void externalServersWithoutTheSettingAreTakenAsBefore() {
        assertThat(ServerSelection.choose(EXTERNAL_SERVERS, new FakeDocker(true))).isEqualTo(ServerSource.EXTERNAL);
    }

    @Test
    void externalWithOneServerMissingNamesIt() {
        assertThatThrownBy(() -> ServerSelection.choose(
                Map.of("CHATLOG_TEST_SERVERS", "external", "CHATLOG_TEST_KAFKA_BOOTSTRAP", "kafka:9092"),
                new FakeDocker(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing: CHATLOG_TEST_DB_URL");
        assertThatThrownBy(() -> ServerSelection.choose(Map.of("CHATLOG_TEST_DB_URL", "jdbc:postgresql://db/postgres"),
                new FakeDocker(false)))
                .hasMessageEndingWith("missing: CHATLOG_TEST_KAFKA_BOOTSTRAP");
    }

    @Test
    void externalWithoutTheExternalSettingsNamesBoth() {
        FakeDocker docker = new FakeDocker(true);

        assertThatThrownBy(() -> ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "external"), docker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("external test servers need CHATLOG_TEST_KAFKA_BOOTSTRAP and CHATLOG_TEST_DB_URL;"
                        + " missing: CHATLOG_TEST_KAFKA_BOOTSTRAP, CHATLOG_TEST_DB_URL");
        assertThat(docker.asked).hasValue(0);
    }

    @Test
    void externalServersWithAnotherChoiceAreAConflict() {
        Map<String, String> env = new HashMap<>(EXTERNAL_SERVERS);
        env.put("CHATLOG_TEST_SERVERS", "embedded");

        assertThatThrownBy(() -> ServerSelection.choose(env, new FakeDocker(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHATLOG_TEST_SERVERS=embedded conflicts with CHATLOG_TEST_KAFKA_BOOTSTRAP");
    }

    @Test
    void externalServersNextToTestcontainersAreAConflictToo() {
        Map<String, String> env = new HashMap<>(EXTERNAL_SERVERS);
        env.put("CHATLOG_TEST_SERVERS", "testcontainers");

        assertThatThrownBy(() -> ServerSelection.choose(env, new FakeDocker(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHATLOG_TEST_SERVERS=testcontainers conflicts with");
    }

    @Test
    void aTypoIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> ServerSelection.choose(Map.of("CHATLOG_TEST_SERVERS", "docker"), new FakeDocker(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'docker' for CHATLOG_TEST_SERVERS:"
                        + " must be one of auto, embedded, testcontainers, external");
    }
}
