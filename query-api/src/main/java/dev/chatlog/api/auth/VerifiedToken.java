package dev.chatlog.api.auth;

import java.time.Instant;

/** What a verified bearer token says: its user and when it expires. */
record VerifiedToken(String subject, Instant expiresAt) {
}
