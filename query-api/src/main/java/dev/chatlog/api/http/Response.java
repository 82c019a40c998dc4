package dev.chatlog.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete HTTP response, built by an endpoint and written by the {@link Dispatcher}. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public static Response json(byte[] body) {
        return new Response(200, JSON, body, Map.of());
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
