package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    enum Sample implements Setting {
        URL("CHATLOG_SAMPLE_URL", null, ValueType.jdbcUrl(), "where the database is"),
        SIZE("CHATLOG_SAMPLE_SIZE", "4", ValueType.integer(1, 64), "how many"),
        TIMEOUT("CHATLOG_SAMPLE_TIMEOUT_MS", "2000", ValueType.millis(1, 60_000), "how long"),
        ENABLED("CHATLOG_SAMPLE_ENABLED", "true", ValueType.bool(), "whether"),
        ROLE("CHATLOG_SAMPLE_ROLE", "reader", ValueType.identifier().emptyMeansNone(), "who; empty for nobody"),
        SECRET("CHATLOG_SAMPLE_SECRET", "", ValueType.secret(), "a secret"),
        NAME("CHATLOG_SAMPLE_NAME", "", ValueType.text(), "a name");

        private final Definition definition;

        Sample(String variable, String defaultValue, ValueType<?> type, String doc) {
            this.definition = new Definition(variable, defaultValue, type, doc);
        }

        @Override
        public Definition definition() {
            return definition;
        }
    }

    private static final List<Sample> ALL = List.of(Sample.values());

    @Test
    void appliesDefaultsToUnsetAndBlankVariables() {
        Settings s = Settings.read("the sample", Map.of("CHATLOG_SAMPLE_URL", "jdbc:postgresql://db/x",
                "CHATLOG_SAMPLE_SIZE", "  "), ALL).check();

        assertThat((Integer) s.get(Sample.SIZE)).isEqualTo(4);
        assertThat((Duration) s.get(Sample.TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat((Boolean) s.get(Sample.ENABLED)).isTrue();
        assertThat((String) s.get(Sample.ROLE)).isEqualTo("reader");
        assertThat((String) s.get(Sample.SECRET)).isNull();
        assertThat(s.isGiven(Sample.SIZE)).isFalse();
        assertThat(s.isGiven(Sample.URL)).isTrue();
    }

    @Test
    void readsGivenValuesStrippedOfWhiteSpace() {
        Settings s = Settings.read("the sample", Map.of("CHATLOG_SAMPLE_URL", " jdbc:postgresql://db/x ",
                "CHATLOG_SAMPLE_SIZE", "16", "CHATLOG_SAMPLE_ENABLED", "FALSE", "CHATLOG_SAMPLE_NAME", "n"), ALL).check();

        assertThat((String) s.get(Sample.URL)).isEqualTo("jdbc:postgresql://db/x");
        assertThat((Integer) s.get(Sample.SIZE)).isEqualTo(16);
        assertThat((Boolean) s.get(Sample.ENABLED)).isFalse();
        assertThat((String) s.get(Sample.NAME)).isEqualTo("n");
    }

    @Test
    void anEmptyValueMeansNoneOnlyWhereTheTypeSaysSo() {
        Settings s = Settings.read("the sample", Map.of("CHATLOG_SAMPLE_URL", "jdbc:postgresql://db/x",
                "CHATLOG_SAMPLE_ROLE", ""), ALL).check();

        assertThat((String) s.get(Sample.ROLE)).isNull();
        assertThat(s.isGiven(Sample.ROLE)).isTrue();
    }

    @Test
    void reportsEveryProblemAtOnceInKafkasWording() {
        Settings s = Settings.read("the sample", Map.of("CHATLOG_SAMPLE_SIZE", "65", "CHATLOG_SAMPLE_TIMEOUT_MS", "soon",
                "CHATLOG_SAMPLE_ENABLED", "yes", "CHATLOG_SAMPLE_ROLE", "Chat-Log"), ALL);
        s.problem("CHATLOG_SAMPLE_NAME and CHATLOG_SAMPLE_SECRET exclude each other");

        assertThatThrownBy(s::check).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).containsExactly(
                    "Missing required value for CHATLOG_SAMPLE_URL: where the database is",
                    "Invalid value '65' for CHATLOG_SAMPLE_SIZE: must be an integer in 1..64",
                    "Invalid value 'soon' for CHATLOG_SAMPLE_TIMEOUT_MS: must be an integer in 1..60000",
                    "Invalid value 'yes' for CHATLOG_SAMPLE_ENABLED: must be true or false",
                    "Invalid value 'Chat-Log' for CHATLOG_SAMPLE_ROLE: must be a lower-case SQL identifier:"
                            + " a-z, 0-9 and _, not starting with a digit, at most 63 characters",
                    "CHATLOG_SAMPLE_NAME and CHATLOG_SAMPLE_SECRET exclude each other");
            assertThat(e).hasMessageStartingWith("The configuration of the sample has 6 problems:");
        });
    }

    @Test
    void neverShowsASecretOrAPasswordInsideAUrl() {
        Settings s = Settings.read("the sample", Map.of(
                "CHATLOG_SAMPLE_URL", "jdbc:postgresql://db/x?user=a&password=hunter2&ssl=true",
                "CHATLOG_SAMPLE_SECRET", "s3cret-value",
                "CHATLOG_SAMPLE_NAME", "https://bob:pa55@example.com/keys"), ALL);
        s.invalid(Sample.SECRET, "must be longer");
        s.invalid(Sample.URL, "must be reachable");

        assertThat(s.describe()).doesNotContain("hunter2", "s3cret-value", "pa55")
                .contains("CHATLOG_SAMPLE_URL=jdbc:postgresql://db/x?user=a&password=****&ssl=true")
                .contains("CHATLOG_SAMPLE_SECRET=****", "CHATLOG_SAMPLE_NAME=https://bob:****@example.com/keys",
                        "CHATLOG_SAMPLE_SIZE=4", "CHATLOG_SAMPLE_ROLE=reader");
        assertThatThrownBy(s::check).message().doesNotContain("hunter2", "s3cret-value")
                .contains("Invalid value '****' for CHATLOG_SAMPLE_SECRET: must be longer");
    }

    @Test
    void documentsEveryVariableInOrderWithItsDefault() {
        Map<String, String> docs = Settings.documentation(ALL);

        assertThat(docs.keySet()).containsExactly("CHATLOG_SAMPLE_URL", "CHATLOG_SAMPLE_SIZE", "CHATLOG_SAMPLE_TIMEOUT_MS",
                "CHATLOG_SAMPLE_ENABLED", "CHATLOG_SAMPLE_ROLE", "CHATLOG_SAMPLE_SECRET", "CHATLOG_SAMPLE_NAME");
        assertThat(docs.get("CHATLOG_SAMPLE_URL")).isEqualTo("where the database is (default: required)");
        assertThat(docs.get("CHATLOG_SAMPLE_SIZE")).isEqualTo("how many (default: 4)");
        assertThat(docs.get("CHATLOG_SAMPLE_SECRET")).isEqualTo("a secret (default: none)");
    }

    @Test
    void refusesToReadASettingItWasNotGiven() {
        Settings s = Settings.read("the sample", Map.of(), List.of(Sample.SIZE));
        assertThatThrownBy(() -> s.get(Sample.URL)).hasMessageContaining("CHATLOG_SAMPLE_URL is not a setting of the sample");
    }

    @Test
    void joinsSharedAndOwnSettings() {
        assertThat(Settings.of(List.of(KafkaSetting.TOPIC), List.of(Sample.SIZE)))
                .containsExactly(KafkaSetting.TOPIC, Sample.SIZE);
    }
}
