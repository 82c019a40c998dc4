package dev.chatlog.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsRulesTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String AUTH = "https://auth.example.com";
    final MutableClock clock = new MutableClock(NOW);
    final ClaimsRules rules = new ClaimsRules(AUTH, AUTH, Duration.ofSeconds(30), null, clock);

    static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("u".repeat(32)).issuer(AUTH).audience(List.of("other", AUTH))
                .expirationTime(Date.from(NOW.plusSeconds(900)));
    }

    @Test
    void acceptsAValidTokenAndReturnsItsSubjectAndExpiry() throws InvalidTokenException {
        VerifiedToken token = rules.check(valid().build());
        assertThat(token.subject()).isEqualTo("u".repeat(32));
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void allowsTheClockSkewOnExpiryAndNotBefore() throws InvalidTokenException {
        assertThat(rules.check(valid().expirationTime(Date.from(NOW.minusSeconds(29))).build())).isNotNull();
        assertThat(rules.check(valid().notBeforeTime(Date.from(NOW.plusSeconds(30))).build())).isNotNull();
        assertThatThrownBy(() -> rules.check(valid().expirationTime(Date.from(NOW.minusSeconds(30))).build()))
                .hasMessage("token has expired");
        assertThatThrownBy(() -> rules.check(valid().notBeforeTime(Date.from(NOW.plusSeconds(31))).build()))
                .hasMessage("token is not valid yet (nbf)");
    }

    @Test
    void refusesWrongIssuerAudienceMissingExpiryAndBadSubjects() {
        assertThatThrownBy(() -> rules.check(valid().issuer("https://evil").build())).hasMessageContaining("issuer");
        assertThatThrownBy(() -> rules.check(valid().issuer(null).build())).hasMessageContaining("issuer");
        assertThatThrownBy(() -> rules.check(valid().audience("x").build())).hasMessageContaining("audience");
        assertThatThrownBy(() -> rules.check(valid().expirationTime(null).build())).hasMessageContaining("exp");
        assertThatThrownBy(() -> rules.check(valid().subject("").build())).hasMessageContaining("sub");
        assertThatThrownBy(() -> rules.check(valid().subject("x".repeat(129)).build())).hasMessageContaining("sub");
    }

    @Test
    void checksNeitherIssuerNorAudienceWhenNotConfigured() throws InvalidTokenException {
        ClaimsRules lenient = new ClaimsRules(null, null, Duration.ZERO, null, clock);
        assertThat(lenient.check(valid().issuer(null).audience((String) null).build()).subject()).hasSize(32);
    }

    @Test
    void refusesATokenLivingLongerThanTheMaximumLifetime() throws InvalidTokenException {
        ClaimsRules strict = new ClaimsRules(AUTH, AUTH, Duration.ofSeconds(30), Duration.ofMinutes(15), clock);
        assertThat(strict.check(valid().issueTime(Date.from(NOW)).build()).subject()).hasSize(32);
        assertThatThrownBy(() -> strict.check(valid().issueTime(Date.from(NOW.minusSeconds(1))).build()))
                .hasMessage("token lifetime (exp - iat) is longer than the 900 s accepted");
        assertThatThrownBy(() -> strict.check(valid().build())).hasMessageContaining("no issue time (iat)");
        assertThat(rules.check(valid().issueTime(Date.from(NOW.minus(Duration.ofDays(365)))).build())).isNotNull();
    }
}
