package dev.chatlog.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.config.ConfigException;
import dev.chatlog.db.DatabaseLogin;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void appliesDefaultsToEverythingButTheDatabaseUrlAndTheTokenKey() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/chatlog",
                "CHATLOG_JWT_HS256_SECRET", SECRET));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.dbSchema()).isEqualTo("chatlog");
        assertThat(config.databaseLogin()).isEqualTo(new DatabaseLogin("jdbc:postgresql://db/chatlog", null, null));
        assertThat(config.dbPoolSize()).isEqualTo(8);
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(config.readerRole()).isEqualTo("chatlog_reader");
        assertThat(config.topic()).isEqualTo("chat.events");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.jwksRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.jwksUrl()).isNull();
        assertThat(config.issuer()).isNull();
        assertThat(config.audience()).isNull();
        assertThat(config.opsPort()).isNull();
        assertThat(config.connectionLimits()).isEqualTo(new dev.chatlog.api.ConnectionLimits(Duration.ofSeconds(10),
                Duration.ofSeconds(60), 10_000, Duration.ofSeconds(30)));
        assertThat(config.tokenMaxLifetime()).isNull();
        assertThat(config.allowsMissingIssuerOrAudience()).isFalse();
        assertThat(config.search().configuration()).isEqualTo("simple");
        assertThat(config.jwksMaxBytes()).isEqualTo(256 * 1024);
        assertThat(config.jwksFetchTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsTheLimitsOfConnectionsAndTokens() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_API_OPS_PORT", "9091",
                "CHATLOG_API_REQUEST_TIMEOUT_SECONDS", "3", "CHATLOG_API_MAX_CONNECTIONS", "20000",
                "CHATLOG_API_IDLE_TIMEOUT_SECONDS", "60", "CHATLOG_JWT_MAX_LIFETIME_SECONDS", "900",
                "CHATLOG_API_RESPONSE_TIMEOUT_SECONDS", "120",
                "CHATLOG_JWT_JWKS_MAX_BYTES", "4096", "CHATLOG_JWT_JWKS_FETCH_TIMEOUT_MS", "1500"));
        assertThat(config.opsPort()).isEqualTo(9091);
        assertThat(config.connectionLimits()).isEqualTo(new dev.chatlog.api.ConnectionLimits(Duration.ofSeconds(3),
                Duration.ofSeconds(120), 20_000, Duration.ofSeconds(60)));
        assertThat(config.tokenMaxLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.jwksMaxBytes()).isEqualTo(4096);
        assertThat(config.jwksFetchTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesAJwksUrlWithoutIssuerAndAudienceUnlessExplicitlyAllowed() {
        Map<String, String> env = new HashMap<>(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_JWKS_URL", "https://auth.example.com/api/auth/jwks", "CHATLOG_JWT_ISSUER", "https://auth"));
        assertThatThrownBy(() -> ApiConfig.fromEnv(env))
                .hasMessageContaining("With CHATLOG_JWT_JWKS_URL, set CHATLOG_JWT_ISSUER and CHATLOG_JWT_AUDIENCE");
        env.put("CHATLOG_JWT_ALLOW_MISSING_ISSUER_AUDIENCE", "true");
        assertThat(ApiConfig.fromEnv(env).allowsMissingIssuerOrAudience()).isTrue();
        env.put("CHATLOG_JWT_ALLOW_MISSING_ISSUER_AUDIENCE", "yes");
        assertThatThrownBy(() -> ApiConfig.fromEnv(env)).hasMessageContaining("must be true or false");
    }

    @Test
    void refusesARefetchIntervalBelowASecondAndAnOpsPortEqualToTheApiPort() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_JWT_JWKS_REFETCH_SECONDS", "0",
                "CHATLOG_API_PORT", "9000", "CHATLOG_API_OPS_PORT", "9000")))
                .hasMessageContaining("Invalid value '0' for CHATLOG_JWT_JWKS_REFETCH_SECONDS: must be an integer in 1..3600")
                .hasMessageContaining("CHATLOG_API_OPS_PORT: must differ from CHATLOG_API_PORT");
    }

    @Test
    void refusesAResponseTimeoutThatTheLongestConsistencyWaitWouldExceed() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_API_RESPONSE_TIMEOUT_SECONDS", "10")))
                .hasMessageContaining("Invalid value '10' for CHATLOG_API_RESPONSE_TIMEOUT_SECONDS: must be an integer"
                        + " in 15..3600");
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_API_PORT", "9090");
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_DB_URL", "jdbc:postgresql://db/chatlog");
        env.put("CHATLOG_DB_USER", "api");
        env.put("CHATLOG_DB_PASSWORD", "pw");
        env.put("CHATLOG_DB_SCHEMA", "chatlog_v2");
        env.put("CHATLOG_DB_POOL_SIZE", "16");
        env.put("CHATLOG_DB_STATEMENT_TIMEOUT_MS", "500");
        env.put("CHATLOG_DB_CONNECTION_TIMEOUT_MS", "1000");
        env.put("CHATLOG_DB_READER_ROLE", "history_reader");
        env.put("CHATLOG_TOPIC", "events");
        env.put("CHATLOG_JWT_JWKS_URL", "https://auth.example.com/api/auth/jwks");
        env.put("CHATLOG_JWT_ISSUER", "https://auth.example.com");
        env.put("CHATLOG_JWT_AUDIENCE", "https://auth.example.com/api");
        env.put("CHATLOG_JWT_CLOCK_SKEW_SECONDS", "5");
        env.put("CHATLOG_JWT_JWKS_REFETCH_SECONDS", "60");

        ApiConfig config = ApiConfig.fromEnv(env);

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.databaseLogin()).isEqualTo(new DatabaseLogin("jdbc:postgresql://db/chatlog", "api", "pw"));
        assertThat(config.dbSchema()).isEqualTo("chatlog_v2");
        assertThat(config.dbPoolSize()).isEqualTo(16);
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(config.readerRole()).isEqualTo("history_reader");
        assertThat(config.topic()).isEqualTo("events");
        assertThat(config.jwksUrl()).isEqualTo(URI.create("https://auth.example.com/api/auth/jwks"));
        assertThat(config.hs256Secret()).isNull();
        assertThat(config.issuer()).isEqualTo("https://auth.example.com");
        assertThat(config.audience()).isEqualTo("https://auth.example.com/api");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.jwksRefetchInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(env.keySet()).isSubsetOf(ApiConfig.documentation().keySet());
    }

    @Test
    void reportsEveryProblemAtOnceInKafkasWording() {
        Map<String, String> env = Map.of(
                "CHATLOG_API_PORT", "http",
                "CHATLOG_DB_POOL_SIZE", "65",
                "CHATLOG_DB_SCHEMA", "chat-log",
                "CHATLOG_DB_STATEMENT_TIMEOUT_MS", "0",
                "CHATLOG_JWT_JWKS_URL", "ftp://keys",
                "CHATLOG_JWT_ISSUER", "https://auth",
                "CHATLOG_JWT_AUDIENCE", "https://auth",
                "CHATLOG_JWT_CLOCK_SKEW_SECONDS", "-1");
        assertThatThrownBy(() -> ApiConfig.fromEnv(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(7))
                .hasMessageStartingWith("The configuration of the query API has 7 problems")
                .hasMessageContaining("Invalid value 'http' for CHATLOG_API_PORT: must be an integer in 0..65535")
                .hasMessageContaining("Invalid value '65' for CHATLOG_DB_POOL_SIZE: must be an integer in 1..64")
                .hasMessageContaining("Invalid value 'chat-log' for CHATLOG_DB_SCHEMA")
                .hasMessageContaining("Invalid value '0' for CHATLOG_DB_STATEMENT_TIMEOUT_MS")
                .hasMessageContaining("Invalid value 'ftp://keys' for CHATLOG_JWT_JWKS_URL: must be an absolute http or https URL")
                .hasMessageContaining("Invalid value '-1' for CHATLOG_JWT_CLOCK_SKEW_SECONDS")
                .hasMessageContaining("Missing required value for CHATLOG_DB_URL");
    }

    @Test
    void requiresExactlyOneWayToVerifyTokens() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x")))
                .hasMessageContaining("Exactly one of CHATLOG_JWT_JWKS_URL and CHATLOG_JWT_HS256_SECRET must be set");
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_JWT_JWKS_URL", "https://auth/jwks")))
                .hasMessageContaining("not both");
    }

    @Test
    void refusesAShortSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", "short-secret")))
                .hasMessageContaining("CHATLOG_JWT_HS256_SECRET: must be at least 32 bytes long")
                .message().doesNotContain("short-secret");
    }

    @Test
    void refusesANonPostgresqlJdbcUrl() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:mysql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET)))
                .hasMessageContaining("Invalid value 'jdbc:mysql://db/x' for CHATLOG_DB_URL");
    }

    @Test
    void treatsBlankValuesAsUnset() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_JWT_JWKS_URL", " ", "CHATLOG_API_PORT", ""));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.jwksUrl()).isNull();
    }

    @Test
    void masksSecretsAndPasswordsInsideTheUrlInToString() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x?password=url-password",
                "CHATLOG_DB_PASSWORD", "db-password", "CHATLOG_JWT_HS256_SECRET", SECRET));
        assertThat(config.toString()).doesNotContain("db-password", "url-password", SECRET)
                .contains("CHATLOG_DB_PASSWORD=****", "CHATLOG_JWT_HS256_SECRET=****",
                        "CHATLOG_DB_URL=jdbc:postgresql://db/x?password=****", "CHATLOG_API_PORT=8080");
    }

    @Test
    void documentsEveryVariableWithItsDefault() {
        assertThat(ApiConfig.documentation()).containsKeys("CHATLOG_API_PORT", "CHATLOG_DB_URL",
                "CHATLOG_DB_STATEMENT_TIMEOUT_MS", "CHATLOG_JWT_JWKS_URL", "CHATLOG_JWT_HS256_SECRET", "CHATLOG_TOPIC");
        assertThat(ApiConfig.documentation()).doesNotContainKeys("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "CHATLOG_DLQ_TOPIC");
        assertThat(ApiConfig.documentation().get("CHATLOG_DB_STATEMENT_TIMEOUT_MS")).endsWith("(default: 2000)");
        assertThat(ApiConfig.documentation().get("CHATLOG_DB_URL")).endsWith("(default: required)");
    }

    @Test
    void readsTheSearchConfigurationTheWorkerReads() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/chatlog",
                "CHATLOG_JWT_HS256_SECRET", SECRET, "CHATLOG_SEARCH_CONFIG", "english"));

        assertThat(config.search().configuration()).isEqualTo("english");
        assertThat(ApiConfig.documentation().get("CHATLOG_SEARCH_CONFIG"))
                .isEqualTo(dev.chatlog.worker.config.WorkerConfig.documentation().get("CHATLOG_SEARCH_CONFIG"));
    }
}
