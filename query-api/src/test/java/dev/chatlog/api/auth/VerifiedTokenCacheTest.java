package dev.chatlog.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final AtomicInteger verifications = new AtomicInteger();
    final TokenVerifier counting = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new InvalidTokenException("bad token");
        }
        return new VerifiedToken("user-" + token, NOW.plusSeconds(60));
    };

    @Test
    void verifiesATokenOnceUntilItExpiresPlusTheSkew() throws InvalidTokenException {
        VerifiedTokenCache cache = new VerifiedTokenCache(counting, 100, Duration.ofSeconds(30), clock);
        assertThat(cache.verify("a").subject()).isEqualTo("user-a");
        assertThat(cache.verify("a").subject()).isEqualTo("user-a");
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(89));
        cache.verify("a");
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        cache.verify("a");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void neverCachesARefusal() {
        VerifiedTokenCache cache = new VerifiedTokenCache(counting, 100, Duration.ZERO, clock);
        assertThatThrownBy(() -> cache.verify("bad")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> cache.verify("bad")).isInstanceOf(InvalidTokenException.class);
        assertThat(verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysWithinItsBound() throws InvalidTokenException {
        VerifiedTokenCache cache = new VerifiedTokenCache(counting, 10, Duration.ZERO, clock);
        for (int i = 0; i < 1000; i++) {
            cache.verify("t" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(10);
        }
        assertThat(cache.verify("t999").subject()).isEqualTo("user-t999");
    }
}
