package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.api.config.ApiConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDK HTTP server properties that carry the connection limits; ConnectionLimitsIT shows their effect. */
class HttpServerPropertiesTest {

    @Test
    void boundsTheRequestTheResponseAndIdleConnectionsAndKeepsIdleOnesUpToTheConnectionBound() {
        ConnectionLimits limits = new ConnectionLimits(Duration.ofSeconds(7), Duration.ofSeconds(45), 1_234,
                Duration.ofSeconds(20));
        assertThat(HttpServerProperties.of(limits))
                .containsEntry("sun.net.httpserver.maxReqTime", "7")
                .containsEntry("sun.net.httpserver.maxRspTime", "45")
                .containsEntry("sun.net.httpserver.idleInterval", "20")
                .containsEntry("jdk.httpserver.maxConnections", "1234")
                .containsEntry("sun.net.httpserver.maxIdleConnections", "1234");
    }

    @Test
    void boundsTheResponseTimeByDefault() {
        ApiConfig config = ApiConfig.fromEnv(Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db/x",
                "CHATLOG_JWT_HS256_SECRET", "a-test-secret-of-at-least-32-bytes-long!"));
        assertThat(HttpServerProperties.of(config.connectionLimits()))
                .containsEntry("sun.net.httpserver.maxReqTime", "10")
                .containsEntry("sun.net.httpserver.maxRspTime", "60");
    }
}
