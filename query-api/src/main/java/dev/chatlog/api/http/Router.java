package dev.chatlog.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the route of a request: a 404 when no path matches, a 405 when the path matches for other methods. */
public final class Router {

    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Every route, for the OpenAPI contract test and the docs. */
    public List<Route> routes() {
        return routes;
    }

    /** A matched route with its decoded path parameters. */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    Match match(String method, String rawPath) {
        String[] segments = decode(rawPath);
        Set<String> allowed = new LinkedHashSet<>();
        if (segments != null) {
            for (Route route : routes) {
                Map<String, String> params = route.match(segments);
                if (params != null) {
                    if (route.method().equals(method)) {
                        return new Match(route, params);
                    }
                    allowed.add(route.method());
                }
            }
        }
        if (!allowed.isEmpty()) {
            throw ApiException.methodNotAllowed(method, allowed);
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
