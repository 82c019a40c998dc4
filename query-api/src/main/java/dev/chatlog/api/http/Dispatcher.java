package dev.chatlog.api.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's single handler: routes the request, authenticates it when the route needs a token,
 * validates its query parameters, runs the endpoint, and writes the response or the problem.
 */
public final class Dispatcher implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final String UNMATCHED = "unmatched";

    private final Router router;
    private final Authenticator authenticator;
    private final RequestObserver observer;

    public Dispatcher(Router router, Authenticator authenticator, RequestObserver observer) {
        this.router = router;
        this.authenticator = authenticator;
        this.observer = observer;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String route = UNMATCHED;
        Response response;
        try {
            Router.Match match = router.match(method, uri.getRawPath());
            route = match.route().path();
            match.requireMethod(method);
            String user = match.route().authenticated()
                    ? authenticator.authenticate(authorization(exchange.getRequestHeaders()))
                    : null;
            Map<String, String> query = Request.parse(match.pathParameters(), uri.getRawQuery(),
                    match.route().queryParameters());
            response = match.route().endpoint().handle(new Request(match.pathParameters(), query, user));
        } catch (Exception | StackOverflowError e) {
            response = Problems.toResponse(e, method, uri.getRawPath());
        }
        send(exchange, method, response);
        observer.answered(route, method, response.status(), System.nanoTime() - start);
    }

    /** The one Authorization header, or null; two are refused, since each could name another user. */
    private static String authorization(Headers headers) {
        List<String> values = headers.get("Authorization");
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badParameter("Authorization", "is given more than once");
        }
        return values.getFirst();
    }

    static void send(HttpExchange exchange, String method, Response response) {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", response.contentType());
            headers.set("Cache-Control", "no-store");
            response.headers().forEach(headers::set);
            byte[] body = response.body();
            boolean noBody = body.length == 0 || "HEAD".equals(method);
            // -1 announces an empty body; 0 would mean chunked encoding
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            log.debug("could not send the response to {}: {}", exchange.getRemoteAddress(), e.toString());
        }
    }
}
