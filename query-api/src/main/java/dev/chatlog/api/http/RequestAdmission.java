package dev.chatlog.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests a listener works on at once. Each one holds the server's buffers, its
 * response and, for a read-your-writes wait, its place among the waiters: about 60-90 KB of heap
 * under load. Beyond the bound a request is answered at once with a 503 {@code overloaded} problem
 * and {@code Retry-After: 1}, which costs next to nothing, instead of queueing until the heap runs
 * out. Health checks and metrics are always admitted, so that a loaded API is neither taken for a
 * dead one nor hidden from its operators.
 */
public final class RequestAdmission implements HttpHandler {

    /** The route label of requests answered by the bound, for the request metrics. */
    public static final String SHED = "overloaded";

    private final HttpHandler next;
    private final Semaphore permits;
    private final RequestObserver observer;
    private final int bound;

    public RequestAdmission(HttpHandler next, int maxConcurrentRequests, RequestObserver observer) {
        this.next = next;
        this.bound = maxConcurrentRequests;
        this.permits = new Semaphore(maxConcurrentRequests);
        this.observer = observer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/health/") || path.equals("/metrics")) {
            next.handle(exchange);
            return;
        }
        if (!permits.tryAcquire()) {
            long start = System.nanoTime();
            Response response = Problems.toResponse(ApiException.unavailable("overloaded", "Overloaded",
                    "The server is working on " + bound + " requests already; retry later", 1),
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            Dispatcher.send(exchange, exchange.getRequestMethod(), response);
            observer.answered(SHED, exchange.getRequestMethod(), response.status(), System.nanoTime() - start);
            return;
        }
        try {
            next.handle(exchange);
        } finally {
            permits.release();
        }
    }
}
