package dev.chatlog.api;

import java.time.Duration;

/**
 * What one client connection may hold of the server: the time to send a request (head and body),
 * the time to take its response, the open connections at once, and how long a kept-alive connection
 * may sit idle. Idle connections are kept up to {@code maxConnections}, so that keep-alive clients are
 * never closed under load while they are about to send their next request.
 *
 * @param requestTimeout  from a request's first byte to its last; whole seconds, at least one
 * @param responseTimeout from having read a request to having written its whole response; whole seconds,
 *                        at least one. A client that stops reading is cut off then, instead of holding
 *                        its connection and the thread writing to it for good
 * @param maxConnections  open connections at once, active and idle; more are closed as they arrive
 * @param idleTimeout     how long a connection without a request in progress stays open; whole seconds
 */
public record ConnectionLimits(Duration requestTimeout, Duration responseTimeout, int maxConnections,
                               Duration idleTimeout) {

    public ConnectionLimits {
        if (requestTimeout.toSeconds() < 1 || responseTimeout.toSeconds() < 1 || idleTimeout.toSeconds() < 1
                || maxConnections < 1) {
            throw new IllegalArgumentException("connection limits must be positive, timeouts at least a second: "
                    + requestTimeout + ", " + responseTimeout + ", " + maxConnections + ", " + idleTimeout);
        }
    }
}
