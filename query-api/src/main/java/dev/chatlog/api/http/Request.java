package dev.chatlog.api.http;

import dev.chatlog.event.IdentifierRule;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One request as an endpoint sees it: decoded path and query parameters, and the authenticated user. */
public final class Request {

    /** A request naming thousands of bad parameters gets the first few named, not a document of all. */
    private static final int MAX_PROBLEMS = 20;
    private static final int MAX_ECHO = 64;

    private final Map<String, String> pathParameters;
    private final Map<String, String> query;
    private final String user;

    public Request(Map<String, String> pathParameters, Map<String, String> query, String user) {
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = Map.copyOf(query);
        this.user = user;
    }

    /**
     * Checks the path parameters and parses the raw query string, naming every problem at once.
     * Every path parameter, and every query parameter whose name ends in {@code _id}, is an
     * identifier of the event contract ({@link IdentifierRule}), so no endpoint ever sees, or sends
     * to the database, an id that no event could have written.
     */
    static Map<String, String> parse(Map<String, String> pathParameters, String rawQuery, List<String> accepted) {
        List<InvalidParam> problems = new ArrayList<>();
        pathParameters.forEach((name, value) -> {
            String problem = IdentifierRule.v1().problem(value);
            if (problem != null) {
                problems.add(new InvalidParam(name, problem));
            }
        });
        Map<String, String> query = parseQuery(rawQuery, accepted, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badParameters(problems);
        }
        return query;
    }

    /**
     * Parses a raw query string, refusing parameters the route does not accept, parameters given
     * twice, undecodable values and values holding U+0000 (no PostgreSQL text can): every problem
     * is named at once.
     */
    static Map<String, String> parseQuery(String rawQuery, List<String> accepted) {
        List<InvalidParam> problems = new ArrayList<>();
        Map<String, String> query = parseQuery(rawQuery, accepted, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badParameters(problems);
        }
        return query;
    }

    private static Map<String, String> parseQuery(String rawQuery, List<String> accepted, List<InvalidParam> problems) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new HashMap<>();
        Set<String> repeated = new HashSet<>();
        for (String pair : rawQuery.split("&")) {
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                problems.add(new InvalidParam(shortened(eq < 0 ? pair : pair.substring(0, eq)),
                        "is not correctly percent-encoded"));
                continue;
            }
            if (!accepted.contains(name)) {
                problems.add(new InvalidParam(shortened(name), accepted.isEmpty() ? "this resource takes no query parameters"
                        : "is not a parameter of this resource; accepted: " + String.join(", ", accepted)));
            } else if (value.indexOf('\u0000') >= 0) {
                problems.add(new InvalidParam(name, "must not contain the character U+0000"));
            } else if (name.endsWith("_id") && !IdentifierRule.v1().accepts(value)) {
                problems.add(new InvalidParam(name, IdentifierRule.v1().problem(value)));
            } else if (params.putIfAbsent(name, value) != null && repeated.add(name)) {
                problems.add(new InvalidParam(name, "is given more than once"));
            }
        }
        return params;
    }

    /** A name as the client sent it, cut short: a problem document echoes it. */
    private static String shortened(String name) {
        return name.length() <= MAX_ECHO ? name : name.substring(0, MAX_ECHO) + "...";
    }

    /** The authenticated user; only routes that need a token have one. */
    public String user() {
        if (user == null) {
            throw new IllegalStateException("this route is not authenticated");
        }
        return user;
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** The query parameter's value, or null when absent. */
    public String parameter(String name) {
        return query.get(name);
    }

    public int intParameter(String name, int defaultValue, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, as an out-of-range value is
        }
        throw ApiException.badParameter(name, "must be an integer from " + min + " to " + max);
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent. */
    public String choiceParameter(String name, String defaultValue, Set<String> allowed) {
        String value = query.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw ApiException.badParameter(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }
}
