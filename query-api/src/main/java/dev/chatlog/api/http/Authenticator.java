package dev.chatlog.api.http;

/** Resolves the user of a request from its {@code Authorization} header, or throws a 401 {@link ApiException}. */
@FunctionalInterface
public interface Authenticator {

    /** The user id; {@code authorization} is null when the header is absent. */
    String authenticate(String authorization);
}
