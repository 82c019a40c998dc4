package dev.chatlog.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: its method, its path template (segments in braces are path parameters), the query
 * parameters it accepts, and whether it needs a bearer token. Requests with other query parameters
 * are refused, so this table is the whole surface of the API and the OpenAPI test checks it.
 */
public record Route(String method, String path, List<String> queryParameters, boolean authenticated,
                    Endpoint endpoint) {

    public Route {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        queryParameters = List.copyOf(queryParameters);
    }

    public static Route get(String path, List<String> queryParameters, boolean authenticated, Endpoint endpoint) {
        return new Route("GET", path, queryParameters, authenticated, endpoint);
    }

    /** The names of the path parameters, in order. */
    public List<String> pathParameters() {
        List<String> names = new ArrayList<>();
        for (String segment : segments()) {
            if (isVariable(segment)) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    String[] segments() {
        return path.substring(1).split("/", -1);
    }

    /** The path parameters if {@code decodedSegments} fits this route's template, else null. */
    Map<String, String> match(String[] decodedSegments) {
        String[] template = segments();
        if (template.length != decodedSegments.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.length; i++) {
            if (isVariable(template[i])) {
                if (decodedSegments[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new java.util.HashMap<>(2);
                }
                params.put(template[i].substring(1, template[i].length() - 1), decodedSegments[i]);
            } else if (!template[i].equals(decodedSegments[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
