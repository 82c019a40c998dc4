package dev.chatlog.api.auth;

/** Verifies a bearer token: its signature, then its claims. */
interface TokenVerifier {

    VerifiedToken verify(String token) throws InvalidTokenException;
}
