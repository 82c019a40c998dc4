package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot run on the build machines, so this checks the compose file against the
 * configuration code: every CHATLOG_* variable it sets is one the service reads, and every
 * variable a service requires is set.
 */
class DockerComposeTest {

    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        services = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("..", "docker-compose.yml").toFile()).path("services");
    }

    @Test
    void workerSetsOnlyVariablesTheWorkerReads() {
        assertThat(chatlogVariables("worker")).isNotEmpty()
                .isSubsetOf(WorkerConfig.documentation().keySet());
    }

    @Test
    void apiSetsOnlyVariablesTheApiReads() {
        assertThat(chatlogVariables("api")).isNotEmpty()
                .isSubsetOf(ApiConfig.documentation().keySet());
    }

    @Test
    void everyRequiredVariableIsSet() {
        assertThat(chatlogVariables("worker")).contains("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "CHATLOG_DB_URL");
        assertThat(chatlogVariables("api")).contains("CHATLOG_DB_URL")
                .containsAnyOf("CHATLOG_JWT_JWKS_URL", "CHATLOG_JWT_HS256_SECRET");
    }

    @Test
    void servicesBuildFromTheRepositoryAndHaveHealthchecks() {
        for (String name : new String[] {"kafka", "postgres", "worker", "api"}) {
            assertThat(services.path(name).path("healthcheck").path("test").isMissingNode())
                    .as("healthcheck of %s", name).isFalse();
        }
        assertThat(services.path("worker").path("build").asText()).isEqualTo(".");
        assertThat(services.path("api").path("build").asText()).isEqualTo(".");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    }

    @Test
    void theWorkerRunsOnTheParallelCollectorAsWithTheScript() {
        assertThat(services.path("worker").path("environment").path("JDK_JAVA_OPTIONS").asText())
                .isEqualTo("-XX:+UseParallelGC");
        assertThat(services.path("api").path("environment").path("JDK_JAVA_OPTIONS").isMissingNode()).isTrue();
    }

    @Test
    void workerAndApiAgreeOnTheDatabaseAndTopic() {
        JsonNode worker = services.path("worker").path("environment");
        JsonNode api = services.path("api").path("environment");
        for (String shared : new String[] {"CHATLOG_DB_URL", "CHATLOG_DB_SCHEMA", "CHATLOG_TOPIC"}) {
            assertThat(api.path(shared).asText()).as(shared).isEqualTo(worker.path(shared).asText());
        }
    }

    @Test
    void onlyTheMigrationsRunAsTheOwnerAndTheWorkerAndTheApiLogInAsTheirOwnLogins() {
        JsonNode postgres = services.path("postgres").path("environment");
        JsonNode migrate = services.path("migrate");
        JsonNode worker = services.path("worker").path("environment");
        JsonNode api = services.path("api").path("environment");
        String owner = postgres.path("POSTGRES_USER").asText();

        assertThat(migrate.path("command").get(0).asText()).isEqualTo("migrate");
        assertThat(migrate.path("environment").path("CHATLOG_DB_USER").asText()).isEqualTo(owner);
        assertThat(worker.path("CHATLOG_DB_USER").asText()).isEqualTo("chatlog_worker").isNotEqualTo(owner);
        assertThat(worker.path("CHATLOG_MIGRATE").asText()).isEqualTo("false");
        assertThat(api.path("CHATLOG_DB_USER").asText()).isEqualTo("chatlog_api").isNotEqualTo(owner);
        assertThat(api.has("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN")).isFalse();
        assertThat(services.path("worker").path("depends_on").path("migrate").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.path("postgres").path("volumes").toString())
                .contains("./docker/postgres-logins.sql:/docker-entrypoint-initdb.d/");
        assertThat(chatlogVariables("migrate")).isSubsetOf(MigrateCommand.SETTINGS.stream().map(s -> s.variable()).toList());
    }

    private static Set<String> chatlogVariables(String service) {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : services.path(service).path("environment").properties()) {
            if (e.getKey().startsWith("CHATLOG_")) {
                names.add(e.getKey());
            }
        }
        return names;
    }
}
