package dev.chatlog.api.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims a token must carry: a subject of 1 to 128 characters, an expiry not passed and a
 * not-before reached (both with a small clock skew), and the configured issuer and audience.
 */
final class ClaimsRules {

    private static final int MAX_SUBJECT_LENGTH = 128;

    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Clock clock;

    /** {@code issuer} and {@code audience} are not checked when null. */
    ClaimsRules(String issuer, String audience, Duration skew, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
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
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new InvalidTokenException("token subject (sub) must be 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
        return new VerifiedToken(subject, exp.toInstant());
    }
}
