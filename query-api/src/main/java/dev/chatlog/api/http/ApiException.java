package dev.chatlog.api.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A failure that the client caused or must be told about, carrying what its problem document
 * (RFC 9457) says. It records no stack trace: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<InvalidParam> invalidParams;
    private final Map<String, String> headers;

    private ApiException(int status, String type, String title, String detail, List<InvalidParam> invalidParams,
                         Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.invalidParams = List.copyOf(invalidParams);
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badParameter(String name, String reason) {
        return badParameters(List.of(new InvalidParam(name, reason)));
    }

    public static ApiException badParameters(List<InvalidParam> params) {
        String detail = params.size() == 1
                ? "Invalid parameter '" + params.getFirst().name() + "': " + params.getFirst().reason()
                : "Invalid parameters: " + String.join(", ", params.stream().map(InvalidParam::name).toList());
        return new ApiException(400, "invalid-parameter", "Invalid parameter", detail, params, Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail, List.of(), Map.of());
    }

    public static ApiException methodNotAllowed(String method, Set<String> allowed) {
        return new ApiException(405, "method-not-allowed", "Method not allowed",
                "Method " + method + " is not allowed here; allowed: " + String.join(", ", allowed), List.of(),
                Map.of("Allow", String.join(", ", new TreeSet<>(allowed))));
    }

    /** A 401 whose {@code WWW-Authenticate} challenge tells the client what was wrong with its credentials. */
    public static ApiException unauthorized(String detail, String challenge) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", challenge));
    }

    /** A 503 that the client may retry after {@code retryAfterSeconds}. */
    public static ApiException unavailable(String type, String title, String detail, int retryAfterSeconds) {
        return new ApiException(503, type, title, detail, List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** A 500 with a generic detail: what went wrong is logged, never told. */
    static ApiException internalError() {
        return new ApiException(500, "internal-error", "Internal server error",
                "The server could not answer this request; the failure is logged", List.of(), Map.of());
    }

    public int status() {
        return status;
    }

    /** The problem type's short name; {@link Problems} turns it into the type URI. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
