package dev.chatlog.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route of a request: a 404 when no path matches; when the path matches only for other
 * methods, the first such route, whose template labels the 405 in metrics.
 */
public final class Router {

    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Every route, for the OpenAPI contract test and the docs. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * A route whose path template fits the request, with the decoded path parameters. {@code allowed}
     * is empty when the route takes the request's method; otherwise it names the methods the path
     * takes, and the request is refused with a 405.
     */
    record Match(Route route, Map<String, String> pathParameters, Set<String> allowed) {

        /** @throws ApiException a 405 naming the allowed methods, when the route does not take {@code method} */
        void requireMethod(String method) {
            if (!allowed.isEmpty()) {
                throw ApiException.methodNotAllowed(method, allowed);
            }
        }
    }

    /** @throws ApiException a 404 when no route's path template fits {@code rawPath} */
    Match match(String method, String rawPath) {
        String[] segments = decode(rawPath);
        Set<String> allowed = new LinkedHashSet<>();
        Route pathOnly = null;
        if (segments != null) {
            for (Route route : routes) {
                Map<String, String> params = route.match(segments);
                if (params != null) {
                    if (route.method().equals(method)) {
                        return new Match(route, params, Set.of());
                    }
                    allowed.add(route.method());
                    if (pathOnly == null) {
                        pathOnly = route;
                    }
                }
            }
        }
        if (pathOnly != null) {
            return new Match(pathOnly, Map.of(), allowed);
        }
        throw ApiException.notFound("No resource at " + (segments == null ? "this path" : rawPath));
    }

    /** The percent-decoded path segments, or null when the path is not a well-formed absolute path. */
    private static String[] decode(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> decoded = new ArrayList<>(raw.length);
        try {
            for (String segment : raw) {
                decoded.add(segment.indexOf('%') < 0 ? segment
                        : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return decoded.toArray(String[]::new);
    }
}
