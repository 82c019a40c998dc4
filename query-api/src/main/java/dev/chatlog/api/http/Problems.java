package dev.chatlog.api.http;

import dev.chatlog.db.SqlFailure;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an {@code application/problem+json} response (RFC 9457).
 * Client errors keep their detail; a database that is slow or unreachable is a 503 the client may
 * retry; anything else is a 500 with a generic detail, logged here once. No SQL and no stack trace
 * ever reaches the client.
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:chatlog:problem:";

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private static final int MAX_LOGGED = 200;

    private Problems() {
    }

    /** The response for {@code failure}, raised while answering {@code method path}. */
    public static Response toResponse(Throwable failure, String method, String path) {
        ApiException problem = classify(failure);
        if (failure instanceof ApiException) {
            // the client's doing, or an answer such as not-yet-consistent: one line, no stack trace
            if (log.isDebugEnabled()) {
                log.debug("{} {} answered {} {}: {}", printable(method), printable(path), problem.status(), problem.type(),
                        printable(problem.detail()));
            }
        } else if (problem.status() == 503) {
            log.warn("{} {} answered 503: {}", printable(method), printable(path), rootMessage(failure));
        } else {
            log.error("{} {} failed", printable(method), printable(path), failure);
        }
        return render(problem, path);
    }

    /** What the client is told about {@code failure}. */
    static ApiException classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        SqlFailure database = SqlFailure.find(failure).orElse(null);
        if (database == SqlFailure.TIMEOUT) {
            return ApiException.unavailable("query-timeout", "Query timed out",
                    "The query took longer than the statement timeout; retry later", 1);
        }
        if (database != null && database.isTransient()) {
            return ApiException.unavailable("database-unavailable", "Database unavailable",
                    "The database is unavailable or overloaded; retry later", 1);
        }
        return internal();
    }

    static ApiException internal() {
        return ApiException.internalError();
    }

    static Response render(ApiException problem, String path) {
        byte[] body = Json.write(out -> {
            out.writeStartObject();
            out.writeStringField("type", TYPE_PREFIX + problem.type());
            out.writeStringField("title", problem.title());
            out.writeNumberField("status", problem.status());
            out.writeStringField("detail", problem.detail());
            out.writeStringField("instance", path);
            if (!problem.invalidParams().isEmpty()) {
                out.writeArrayFieldStart("invalid_params");
                for (InvalidParam param : problem.invalidParams()) {
                    out.writeStartObject();
                    out.writeStringField("name", param.name());
                    out.writeStringField("reason", param.reason());
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        });
        Map<String, String> headers = new HashMap<>(problem.headers());
        return new Response(problem.status(), CONTENT_TYPE, body, headers);
    }

    /**
     * Text a client sent, fit for one log line: control characters escaped so that no input can
     * forge log lines, and cut at {@value #MAX_LOGGED} characters.
     */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LOGGED) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX_LOGGED; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_LOGGED && text.length() > MAX_LOGGED) {
            out.append("...");
        }
        return out.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
