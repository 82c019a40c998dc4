package dev.chatlog.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        env.put("CHATLOG_JWT_AUDIENCE", "https://auth.example.com");
        env.put("CHATLOG_JWT_CLOCK_SKEW_SECONDS", "5");
        env.put("CHATLOG_JWT_JWKS_REFETCH_SECONDS", "60");
        ApiConfig config = ApiConfig.fromEnv(env);
        assertThat(config).isEqualTo(new ApiConfig(9090, "127.0.0.1", "jdbc:postgresql://db/chatlog", "api", "pw",
                "chatlog_v2", 16, Duration.ofMillis(500), Duration.ofMillis(1000), "history_reader", "events",
                URI.create("https://auth.example.com/api/auth/jwks"), null, "https://auth.example.com",
                "https://auth.example.com", Duration.ofSeconds(5), Duration.ofSeconds(60)));
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
                "CHATLOG_JWT_CLOCK_SKEW_SECONDS", "-1");
        assertThatThrownBy(() -> ApiConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
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
    void masksSecretsInToString() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_DB_PASSWORD", "db-password", "CHATLOG_JWT_HS256_SECRET", SECRET));
        assertThat(config.toString()).doesNotContain("db-password").doesNotContain(SECRET).contains("[hidden]");
    }

    @Test
    void documentsEveryVariableWithItsDefault() {
        assertThat(ApiConfig.documentation()).containsKeys("CHATLOG_API_PORT", "CHATLOG_DB_URL",
                "CHATLOG_DB_STATEMENT_TIMEOUT_MS", "CHATLOG_JWT_JWKS_URL", "CHATLOG_JWT_HS256_SECRET");
        assertThat(ApiConfig.documentation().get("CHATLOG_DB_STATEMENT_TIMEOUT_MS")).contains("default 2000");
        assertThat(ApiConfig.documentation().get("CHATLOG_DB_URL")).contains("required");
    }
}
