package dev.chatlog.api.auth;

/** A bearer token is refused; the message is safe to show to the client. */
final class InvalidTokenException extends Exception {

    InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
