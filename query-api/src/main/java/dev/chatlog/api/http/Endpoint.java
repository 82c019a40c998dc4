package dev.chatlog.api.http;

/** Handles the requests of one route. Throwing is fine: {@link Problems} turns every exception into a problem. */
@FunctionalInterface
public interface Endpoint {

    Response handle(Request request) throws Exception;
}
