package dev.chatlog.api.ops;

import dev.chatlog.api.http.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records every request in a latency histogram {@code http_server_requests_seconds} per route, method
 * and status. Every label comes from a closed set, so that no client can grow the series: the route
 * is a template of the route table (for a 405 too) or "unmatched", a method outside the standard ones
 * is "OTHER", and the status is one the server answers.
 */
public final class RequestMetrics implements RequestObserver {

    static final String OTHER = "OTHER";
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String route, String requestMethod, int status, long nanos) {
        String method = METHODS.contains(requestMethod) ? requestMethod : OTHER;
        String key = route + ' ' + method + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("Time from receiving a request to having written its response")
                    .tag("route", route)
                    .tag("method", method)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(15))
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
