package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        assertThat(HttpServerProperties.of(ConnectionLimits.DEFAULTS)).containsEntry("sun.net.httpserver.maxRspTime", "60");
    }
}
