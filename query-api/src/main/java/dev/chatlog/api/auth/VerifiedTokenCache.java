package dev.chatlog.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, until they expire, so a client reusing its token costs one map
 * lookup instead of a signature check. Bounded: when full, expired entries go, and if that frees
 * nothing the whole cache is dropped (verification is correct either way, only slower).
 * Refused tokens are never cached.
 */
final class VerifiedTokenCache implements TokenVerifier {

    private final TokenVerifier delegate;
    private final int maxSize;
    private final Duration skew;
    private final Clock clock;
    private final ConcurrentHashMap<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    VerifiedTokenCache(TokenVerifier delegate, int maxSize, Duration skew, Clock clock) {
        this.delegate = delegate;
        this.maxSize = maxSize;
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public VerifiedToken verify(String token) throws InvalidTokenException {
        VerifiedToken known = verified.get(token);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt().plus(skew))) {
                return known;
            }
            verified.remove(token, known);
        }
        VerifiedToken fresh = delegate.verify(token);
        if (verified.size() >= maxSize) {
            evict();
        }
        verified.put(token, fresh);
        return fresh;
    }

    int size() {
        return verified.size();
    }

    private void evict() {
        Instant now = clock.instant();
        verified.values().removeIf(t -> !now.isBefore(t.expiresAt().plus(skew)));
        if (verified.size() >= maxSize) {
            verified.clear();
        }
    }
}
