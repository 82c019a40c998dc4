package dev.chatlog.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ConnectionLimits} to the JDK's HTTP server, whose only knobs are system properties
 * documented in the {@code jdk.httpserver} module, all read by JDK 21 and later. The JDK reads them
 * once per JVM, when the first {@code HttpServer} is created, so they are set here, explicitly at
 * start-up from the configuration, and never changed afterwards: a property already set (by a
 * {@code -D} flag, or by an earlier server in the same JVM) is left alone, with a warning if it
 * differs from what the configuration asks.
 */
final class HttpServerProperties {

    /** Seconds from a request's first byte until it must be read in full; also bounds a silent new connection. */
    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    /**
     * Seconds from having read a request in full to having written its response in full; the handler's
     * own time counts too. Unset, a client that never reads a large response holds its connection forever.
     */
    static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
    /** Seconds an idle connection stays open. */
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    /** Milliseconds between the checks for idle connections (default 10 s, too coarse for a 30 s timeout). */
    static final String CLOCK_TICK = "sun.net.httpserver.clockTick";
    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";
    /**
     * The JDK server writes a response's headers and body separately; with Nagle's algorithm the body
     * then waits for the client's delayed ACK, up to 40 ms (p99 157 ms instead of 3.6 ms at 1,000/s).
     */
    static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final String TICK_MILLIS = "1000";
    private static final Logger log = LoggerFactory.getLogger(HttpServerProperties.class);

    private HttpServerProperties() {
    }

    /** The properties that carry {@code limits}. */
    static Map<String, String> of(ConnectionLimits limits) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MAX_REQUEST_TIME, Long.toString(limits.requestTimeout().toSeconds()));
        properties.put(MAX_RESPONSE_TIME, Long.toString(limits.responseTimeout().toSeconds()));
        properties.put(IDLE_INTERVAL, Long.toString(limits.idleTimeout().toSeconds()));
        properties.put(CLOCK_TICK, TICK_MILLIS);
        properties.put(MAX_CONNECTIONS, Integer.toString(limits.maxConnections()));
        properties.put(MAX_IDLE_CONNECTIONS, Integer.toString(limits.maxConnections()));
        properties.put(NODELAY, "true");
        return properties;
    }

    /** Sets every property of {@code limits} not yet set; warns about those set to something else. */
    static void apply(ConnectionLimits limits) {
        of(limits).forEach((name, wanted) -> {
            String present = System.getProperty(name);
            if (present == null) {
                System.setProperty(name, wanted);
            } else if (!Objects.equals(present, wanted)) {
                log.warn("{} is {} in this JVM, not {} as configured: the JDK reads it once per JVM", name, present, wanted);
            }
        });
    }
}
