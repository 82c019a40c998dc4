package dev.chatlog.api.auth;

/** No signing key has ever been loaded because the JWKS URL cannot be fetched: the server's problem, not the token's. */
final class KeysUnavailableException extends RuntimeException {

    KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
