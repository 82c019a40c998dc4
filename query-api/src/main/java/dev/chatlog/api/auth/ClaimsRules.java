package dev.chatlog.api.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.chatlog.event.IdentifierRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims a token must carry: a subject that is an identifier of the event contract (the
 * {@code user_id} it stands for could not be another), an expiry not passed and a not-before
 * reached (both with a small clock skew), the configured issuer and audience, and, when a maximum
 * lifetime is configured, an issue time no longer than that before the expiry.
 */
final class ClaimsRules {

    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Duration maxLifetime;
    private final Clock clock;

    /** {@code issuer}, {@code audience} and {@code maxLifetime} are not checked when null. */
    ClaimsRules(String issuer, String audience, Duration skew, Duration maxLifetime, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    Duration skew() {
        return skew;
    }

    /** The verified subject and expiry, or the first rule the claims break. */
    VerifiedToken check(JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("token has no expiry (exp)");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw new InvalidTokenException("token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new InvalidTokenException("token is not valid yet (nbf)");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("token issuer is not accepted");
        }
        List<String> audiences = claims.getAudience();
        if (audience != null && (audiences == null || !audiences.contains(audience))) {
            throw new InvalidTokenException("token audience is not accepted");
        }
        if (maxLifetime != null) {
            Date iat = claims.getIssueTime();
            if (iat == null) {
                throw new InvalidTokenException("token has no issue time (iat), so its lifetime cannot be checked");
            }
            if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(maxLifetime) > 0) {
                throw new InvalidTokenException("token lifetime (exp - iat) is longer than the " + maxLifetime.toSeconds()
                        + " s accepted");
            }
        }
        String subject = claims.getSubject();
        String problem = IdentifierRule.v1().problem(subject);
        if (problem != null) {
            throw new InvalidTokenException("token subject (sub) " + problem);
        }
        return new VerifiedToken(subject, exp.toInstant());
    }
}
